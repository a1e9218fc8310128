"""Partial dates as ClinicalTrials.gov publishes them: "1999", "2021-05" or "2021-05-17".

The precision is kept: a start date of "2008-08" is August 2008, not 1 August 2008.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class DatePrecision(StrEnum):
    """How much of a date was published."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class PartialDateError(ValueError):
    """The text is not a year, year-month or full ISO date."""


@dataclass(frozen=True)
class PartialDate:
    """A date known to a year, a month or a day; ``type`` is ACTUAL or ESTIMATED if given."""

    year: int
    month: int | None = None
    day: int | None = None
    type: str | None = None

    @property
    def precision(self) -> DatePrecision:
        """The finest part published."""
        if self.day is not None:
            return DatePrecision.DAY
        return DatePrecision.MONTH if self.month is not None else DatePrecision.YEAR

    def isoformat(self) -> str:
        """The date as published: "2008", "2008-08" or "2008-08-20"."""
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        return out

    def label(self) -> str:
        """Local display: "2008", "Aug 2008" or "20 Aug 2008"."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def earliest(self) -> date:
        """The first day the partial date can stand for (for sorting and comparisons)."""
        return date(self.year, self.month or 1, self.day or 1)


def parse_partial_date(text: str, type_: str | None = None) -> PartialDate:
    """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD"; PartialDateError if it is none of these."""
    match = _PARTIAL.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise PartialDateError(f"{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        raise PartialDateError(f"{text!r} is not a calendar date") from None
    return PartialDate(year=year, month=month, day=day, type=type_)
