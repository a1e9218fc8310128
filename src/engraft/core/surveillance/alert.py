"""What a surveillance rule returns when it fires: the rule, the values and the sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engraft.core.knowledge.loader import Citation


@dataclass(frozen=True)
class TriggerValue:
    """One recorded value a rule read, with its day +N (``value`` may be a finding)."""

    date: date
    day: int
    analyte: str
    value: float | bool
    unit: str = ""


@dataclass(frozen=True)
class SurveillanceAlert:
    """An alert raised on one day, with the values that raised it and the rule's citations."""

    rule_id: str
    title: str
    date: date
    day: int
    values: tuple[TriggerValue, ...]
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]


def daily_values(pairs: tuple[tuple[date, float], ...], as_of: date) -> dict[date, float]:
    """One value a day up to ``as_of``: the day's highest, since the rules look for rises.

    Later dates are dropped: a value dated after ``as_of`` is not a clinical fact yet.
    """
    out: dict[date, float] = {}
    for on, value in pairs:
        if on <= as_of:
            out[on] = max(value, out.get(on, value))
    return out
