"""A child's age at an event, in the unit a paediatric team uses for that age.

Days under 4 weeks, weeks under 3 months (13 weeks), months under 2 years, then years and
months. These cut-offs follow common paediatric charting practice: in-house convention, not
from the research notes. Both dates are explicit: there is no hidden clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

AGE_UNITS_SOURCE = "in-house (paediatric charting convention)"
_DAYS_LIMIT = 28
_WEEKS_LIMIT = 91  # 13 weeks, about 3 months


class EventBeforeBirthError(ValueError):
    """The event is dated before the child's birth."""


@dataclass(frozen=True)
class AgeAtEvent:
    """Age at an event: exact days and whole calendar months, and a label to show."""

    days: int
    months: int
    label: str


def whole_months(birth_date: date, on: date) -> int:
    """Completed calendar months from ``birth_date`` to ``on`` (birthday-style counting)."""
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if on.day < birth_date.day:
        months -= 1
    return months


def age_at(birth_date: date, on: date | datetime) -> AgeAtEvent:
    """The age of a child born on ``birth_date`` at the date (or datetime) ``on``."""
    event_date = on.date() if isinstance(on, datetime) else on
    days = (event_date - birth_date).days
    if days < 0:
        raise EventBeforeBirthError(
            f"event on {event_date.isoformat()} is before birth on {birth_date.isoformat()}"
        )
    months = whole_months(birth_date, event_date)
    return AgeAtEvent(days=days, months=months, label=_label(days, months))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _label(days: int, months: int) -> str:
    if days < _DAYS_LIMIT:
        return _plural(days, "day")
    if days < _WEEKS_LIMIT:
        return _plural(days // 7, "week")
    if months < 24:
        return _plural(months, "month")
    years, rest = divmod(months, 12)
    if rest == 0:
        return _plural(years, "year")
    return f"{_plural(years, 'year')} {_plural(rest, 'month')}"
