"""Business-day arithmetic for service targets such as "contact the family within 2 days".

Weekends only: public holidays differ by country and are not modelled (in-house choice).
"""

from __future__ import annotations

from datetime import date, timedelta

SATURDAY = 5


def is_business_day(day: date) -> bool:
    """Monday to Friday."""
    return day.weekday() < SATURDAY


def add_business_days(start: date, days: int) -> date:
    """The date `days` business days after `start` (a weekend start counts from Monday)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


def is_past_due(received: date, today: date, allowed_business_days: int) -> bool:
    """True when `today` is later than `allowed_business_days` business days after receipt."""
    return today > add_business_days(received, allowed_business_days)
