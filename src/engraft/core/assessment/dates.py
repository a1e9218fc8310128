"""Calendar arithmetic for ages: "before 3 months" means before the 3-month birthday."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later (clamped to the month's last day)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_years(start: date, years: int) -> date:
    """The ``years``-th birthday of someone born on ``start`` (29 February becomes 28)."""
    return add_months(start, 12 * years)


def before_age_months(date_of_birth: date, on: date, months: int) -> bool:
    """True when the child is younger than ``months`` calendar months on ``on``."""
    return on < add_months(date_of_birth, months)
