"""Small builders for transplant tests: counts written as {day: value} tables."""

from __future__ import annotations

from datetime import date, timedelta

DAY0 = date(2026, 3, 10)


def on(day: int) -> date:
    """The calendar date of a day relative to DAY0."""
    return DAY0 + timedelta(days=day)


def series(values: dict[int, float] | list[tuple[int, float]]) -> list[tuple[date, float]]:
    """(date, value) pairs from {day: value} or [(day, value), ...] (repeats allowed)."""
    items = values.items() if isinstance(values, dict) else values
    return [(on(day), value) for day, value in items]


# Conditioning days 0-9 aplastic, then a recovery; used by several tests.
APLASIA = {0: 0.9, 1: 0.4, 2: 0.1, 3: 0.0, 4: 0.0, 5: 0.0, 6: 0.0, 7: 0.01, 8: 0.05, 9: 0.1}
