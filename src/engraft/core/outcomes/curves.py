"""The estimated curve of one group, whichever estimator made it, and its readings.

A curve is a step function from day 0: survival (Kaplan-Meier, falling from 1) or cumulative
incidence (Aalen-Johansen, rising from 0), with its pointwise 95 % confidence band, the
numbers still at risk on chosen days and the estimate on the reporting days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Estimate:
    """The curve read on one day: value and interval (None where not estimable)."""

    day: int
    value: float | None
    lower: float | None
    upper: float | None
    at_risk: int


@dataclass(frozen=True)
class Curve:
    """One group's curve: counts, the step function and its readings."""

    kind: str  # "survival" or "incidence"
    n: int
    events: int
    competing: int
    censored: int
    estimates: tuple[Estimate, ...]
    at_risk: tuple[tuple[int, int], ...]  # (day, number at risk)
    median_days: float | None = None  # survival only; None when not reached
    times: np.ndarray = field(default_factory=lambda: np.zeros(0), compare=False, repr=False)
    values: np.ndarray = field(default_factory=lambda: np.zeros(0), compare=False, repr=False)
    lower: np.ndarray = field(default_factory=lambda: np.zeros(0), compare=False, repr=False)
    upper: np.ndarray = field(default_factory=lambda: np.zeros(0), compare=False, repr=False)

    def estimate_on(self, day: int) -> Estimate | None:
        """The reading on ``day`` if it is one of the reporting days."""
        return next((e for e in self.estimates if e.day == day), None)


def numbers_at_risk(durations: np.ndarray, days: Sequence[int]) -> tuple[tuple[int, int], ...]:
    """How many are still followed (no event, not censored) at the start of each day.

    A child censored or with an event on day t is counted at risk on day t, as the estimators
    count them.
    """
    ordered = np.sort(durations)
    total = ordered.shape[0]
    return tuple(
        (int(day), int(total - np.searchsorted(ordered, day, side="left"))) for day in days
    )


def defined_until(durations: np.ndarray, codes: np.ndarray) -> float:
    """The last day a curve is estimable: the longest follow-up if it ends in censoring.

    When the longest follow-up ends in an event, nobody is left with an unknown future, so the
    curve stays at its last value for ever (infinity); when it ends in censoring, nobody was
    watched beyond that day and the curve is not estimable after it.
    """
    last = durations.max()
    return float(last) if np.any((durations == last) & (codes == 0)) else float("inf")


def _clean(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def read_curve(
    times: np.ndarray,
    values: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    *,
    day: int,
    last_followed: float,
    at_risk: int,
    start: float,
) -> Estimate:
    """The step function's value on ``day`` (``start`` before its first step).

    Not estimable (None) after ``last_followed`` (see :func:`defined_until`).
    """
    if day > last_followed or times.shape[0] == 0:
        return Estimate(day, None, None, None, at_risk)
    i = int(np.searchsorted(times, day, side="right")) - 1
    if i < 0:
        return Estimate(day, start, None, None, at_risk)
    return Estimate(day, _clean(values[i]), _clean(lower[i]), _clean(upper[i]), at_risk)
