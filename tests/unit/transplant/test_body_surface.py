"""Body surface area (Mosteller) and cell doses per kg of the weight on the infusion date."""

from __future__ import annotations

from datetime import date

import pytest

from engraft.core.transplant import (
    BodyMeasureError,
    body_surface_area,
    cell_doses_per_kg,
    weight_on_infusion_date,
)


@pytest.mark.parametrize(
    ("weight_kg", "height_cm", "expected_m2"),
    [(70.0, 170.0, 1.82), (6.8, 65.0, 0.35), (12.0, 86.0, 0.54)],  # sqrt(h*w/3600) by hand
)
def test_mosteller_body_surface_area(weight_kg: float, height_cm: float, expected_m2: float):
    bsa = body_surface_area(weight_kg, height_cm)
    assert bsa.square_metres == expected_m2
    assert bsa.formula == "mosteller"


def test_the_bsa_formula_citation_is_labelled_as_not_from_the_research_notes() -> None:
    evidence = {c.source_id: c.evidence for c in body_surface_area(10, 75).citations}
    assert evidence == {"mosteller1987": "unverified", "in-house": "in-house"}


def test_zero_weight_is_refused_naming_the_field() -> None:
    with pytest.raises(BodyMeasureError, match=r"^weight_kg"):
        body_surface_area(0, 70)


def test_cell_doses_are_totals_divided_by_the_weight() -> None:
    doses = {d.marker: d for d in cell_doses_per_kg({"tnc": 3.4e9, "cd34": 3.4e7}, 6.8)}
    assert doses["tnc"].cells_per_kg == pytest.approx(5.0e8)
    assert doses["cd34"].cells_per_kg == pytest.approx(5.0e6)
    assert doses["cd34"].display == "CD34+ cells 5 x10^6/kg"


def test_weight_on_the_infusion_date_is_the_latest_on_or_before_day_0() -> None:
    weights = [(date(2026, 3, 4), 6.9), (date(2026, 3, 9), 6.7), (date(2026, 3, 12), 6.5)]
    weight = weight_on_infusion_date(weights, date(2026, 3, 10))
    assert (weight.kg, weight.measured_on) == (6.7, date(2026, 3, 9))


def test_a_weight_older_than_a_week_is_not_used_for_doses() -> None:
    with pytest.raises(BodyMeasureError, match=r"^weight: none recorded in the 7 days"):
        weight_on_infusion_date([(date(2026, 3, 1), 6.9)], date(2026, 3, 10))
