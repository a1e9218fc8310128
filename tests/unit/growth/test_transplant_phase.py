"""Pre- and post-transplant: counted from the latest day 0 on or before the measurement."""

from __future__ import annotations

from datetime import date

from engraft.core.growth import TransplantDay0, transplant_phase

FIRST = TransplantDay0(1, date(2026, 3, 1))
SECOND = TransplantDay0(2, date(2026, 9, 1))


def test_no_transplant() -> None:
    phase = transplant_phase(date(2026, 1, 1), [])
    assert (phase.post, phase.label) == (None, "no transplant")


def test_before_the_first_transplant_counts_down_to_its_day_0() -> None:
    phase = transplant_phase(date(2026, 2, 1), [SECOND, FIRST])
    assert (phase.post, phase.label) == (False, "pre-transplant: day -28 of transplant 1")


def test_day_0_is_post_transplant() -> None:
    assert transplant_phase(date(2026, 3, 1), [FIRST]).label == (
        "post-transplant: day 0 of transplant 1"
    )


def test_after_a_second_transplant_the_days_count_from_it() -> None:
    assert transplant_phase(date(2026, 4, 10), [FIRST, SECOND]).label == (
        "post-transplant: day +40 of transplant 1"
    )
    assert transplant_phase(date(2026, 10, 1), [FIRST, SECOND]).label == (
        "post-transplant: day +30 of transplant 2"
    )
