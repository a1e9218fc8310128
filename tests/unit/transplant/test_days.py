"""Day +N relative to day 0 and its label, computed in one place."""

from __future__ import annotations

from datetime import date

import pytest

from engraft.core.transplant import date_of_day, day_label, day_label_of, transplant_day


@pytest.mark.parametrize(
    ("on", "expected_day", "expected_label"),
    [
        (date(2026, 3, 10), 0, "day 0"),
        (date(2026, 3, 29), 19, "day +19"),
        (date(2026, 3, 7), -3, "day -3"),
        (date(2026, 4, 9), 30, "day +30"),
    ],
)
def test_day_number_and_label_relative_to_the_infusion(
    on: date, expected_day: int, expected_label: str
) -> None:
    assert transplant_day(date(2026, 3, 10), on) == expected_day
    assert day_label_of(date(2026, 3, 10), on) == expected_label


def test_day_plus_30_of_an_infusion_at_the_end_of_january_falls_in_march() -> None:
    assert date_of_day(date(2026, 1, 31), 30) == date(2026, 3, 2)


def test_day_label_of_zero_has_no_sign() -> None:
    assert day_label(0) == "day 0"
