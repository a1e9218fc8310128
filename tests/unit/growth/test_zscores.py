"""SDS and centiles from rcpchgrowth, checked against values worked out independently.

Expected values:
- toolchain.md's checked example: a boy born 1 Jan 2025 weighing 8.5 kg on 1 Oct 2025 has
  UK-WHO weight SDS -0.4144, centile 33.9, age 0.7474 years (273 days / 365.25).
- By hand from the WHO Child Growth Standards' expanded (daily) LMS tables, as shipped in the
  rcpchgrowth wheel: z = ((y / M) ** L - 1) / (L * S).
  Boy, weight-for-age, day 183 (3 Jul 2025 for a birth on 1 Jan 2025): L 0.1256, M 7.9389,
  S 0.10957; 7.0 kg gives ((7.0 / 7.9389) ** 0.1256 - 1) / (0.1256 * 0.10957) = -1.1397,
  centile Phi(-1.1397) = 12.72. UK-WHO uses the WHO standard from 2 weeks to 4 years.
  Girl, length-for-age, day 400 (4 Feb 2025 for a birth on 1 Jan 2024): L 1, M 75.3848,
  S 0.03498; 74.0 cm gives (74.0 / 75.3848 - 1) / 0.03498 = -0.5252, centile 29.97.
"""

from __future__ import annotations

from datetime import date

import pytest

from engraft.core.growth import GrowthMeasurement, MeasurementKind, growth_points

WEIGHT, HEIGHT = MeasurementKind.WEIGHT, MeasurementKind.HEIGHT


def _one(sex: str, born: date, on: date, kind: MeasurementKind, value: float, **kw):
    (point,) = growth_points(
        sex=sex, birth_date=born, measurements=[GrowthMeasurement(on, kind, value)], **kw
    )
    return point


def test_the_toolchain_example_weight_sds_and_centile() -> None:
    point = _one("male", date(2025, 1, 1), date(2025, 10, 1), WEIGHT, 8.5)
    assert point.sds == pytest.approx(-0.4144, abs=1e-4)
    assert point.centile == pytest.approx(33.93, abs=0.01)
    assert point.age_years == pytest.approx(273 / 365.25)
    assert point.reason == ""


def test_a_boys_weight_matches_the_who_lms_worked_by_hand() -> None:
    point = _one("male", date(2025, 1, 1), date(2025, 7, 3), WEIGHT, 7.0)
    assert point.sds == pytest.approx(-1.1397, abs=1e-4)
    assert point.centile == pytest.approx(12.72, abs=0.01)


@pytest.mark.parametrize("reference", ["uk-who", "who"])
def test_a_girls_length_matches_the_who_lms_worked_by_hand(reference: str) -> None:
    point = _one("female", date(2024, 1, 1), date(2025, 2, 4), HEIGHT, 74.0, reference=reference)
    assert point.sds == pytest.approx(-0.5252, abs=1e-4)
    assert point.centile == pytest.approx(29.97, abs=0.01)


@pytest.mark.parametrize("sex", ["unknown", "other", ""])
def test_no_sds_is_guessed_when_sex_is_not_male_or_female(sex: str) -> None:
    point = _one(sex, date(2025, 1, 1), date(2025, 10, 1), WEIGHT, 8.5)
    assert point.sds is None and point.centile is None
    assert "sex is recorded as" in point.reason
    assert point.age_years == pytest.approx(273 / 365.25)


def test_an_age_beyond_the_reference_says_so() -> None:
    point = _one("female", date(2000, 1, 1), date(2025, 1, 1), HEIGHT, 165.0)
    assert point.sds is None
    assert "above the age of 20 years" in point.reason


def test_the_who_reference_has_no_weight_after_10_years() -> None:
    point = _one("male", date(2010, 1, 1), date(2022, 1, 1), WEIGHT, 40.0, reference="who")
    assert point.sds is None
    assert "10" in point.reason


def test_a_measurement_before_birth_is_not_computed() -> None:
    point = _one("male", date(2025, 1, 1), date(2024, 12, 1), WEIGHT, 3.0)
    assert point.sds is None and point.age_years is None
    assert "before the birth date" in point.reason


def test_an_implausible_value_is_reported_not_charted() -> None:
    point = _one("male", date(2025, 1, 1), date(2025, 10, 1), HEIGHT, 500.0)
    assert point.sds is None
    assert "+8 SD" in point.reason


def test_points_come_in_date_order_with_height_first() -> None:
    points = growth_points(
        sex="male",
        birth_date=date(2025, 1, 1),
        measurements=[
            GrowthMeasurement(date(2025, 10, 1), WEIGHT, 8.5),
            GrowthMeasurement(date(2025, 10, 1), HEIGHT, 70.0),
            GrowthMeasurement(date(2025, 4, 1), WEIGHT, 6.5),
        ],
    )
    assert [(p.measured_on, p.kind) for p in points] == [
        (date(2025, 4, 1), WEIGHT),
        (date(2025, 10, 1), HEIGHT),
        (date(2025, 10, 1), WEIGHT),
    ]


def test_an_unknown_reference_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown growth reference 'uk90'"):
        growth_points(sex="male", birth_date=date(2025, 1, 1), measurements=[], reference="uk90")
