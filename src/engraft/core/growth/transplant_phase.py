"""Whether a measurement was taken before or after a transplant, and on which day of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from engraft.core.transplant.days import day_label_of


@dataclass(frozen=True)
class TransplantDay0:
    """A transplant of the child: its number (1, 2, ...) and its day 0 (the infusion)."""

    number: int
    day0: date


@dataclass(frozen=True)
class TransplantPhase:
    """``post`` is None when the child has no transplant; ``label`` says it in words."""

    post: bool | None
    label: str


def transplant_phase(on: date, transplants: Sequence[TransplantDay0]) -> TransplantPhase:
    """The phase of a date: after the latest transplant on or before it, else before the first.

    E.g. "post-transplant: day +45 of transplant 2", "pre-transplant: day -30 of transplant 1"
    (counted to the next day 0), "no transplant". Day 0 itself counts as post-transplant.
    """
    if not transplants:
        return TransplantPhase(None, "no transplant")
    ordered = sorted(transplants, key=lambda t: (t.day0, t.number))
    before = [t for t in ordered if t.day0 <= on]
    if before:
        latest = before[-1]
        return TransplantPhase(
            True, f"post-transplant: {day_label_of(latest.day0, on)} of transplant {latest.number}"
        )
    first = ordered[0]
    return TransplantPhase(
        False, f"pre-transplant: {day_label_of(first.day0, on)} of transplant {first.number}"
    )
