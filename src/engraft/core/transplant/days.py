"""Day +N relative to day 0, the infusion date: the one place it is computed.

Day 0 is the stem-cell infusion date and conditioning days are negative (software.md section
4.1, CIBMTR convention). Day +1 is the calendar day after the infusion.
"""

from __future__ import annotations

from datetime import date, timedelta


def transplant_day(day0: date, on: date) -> int:
    """The day number of ``on`` relative to ``day0`` (negative before the infusion)."""
    return (on - day0).days


def date_of_day(day0: date, day: int) -> date:
    """The calendar date of day ``day`` (e.g. day +30) for an infusion on ``day0``."""
    return day0 + timedelta(days=day)


def day_label(day: int) -> str:
    """The label clinicians use: "day 0", "day +19", "day -3"."""
    return "day 0" if day == 0 else f"day {day:+d}"


def day_label_of(day0: date, on: date) -> str:
    """The label of the calendar date ``on``, e.g. "day +19"."""
    return day_label(transplant_day(day0, on))


def date_words(on: date) -> str:
    """A date as the pages show it: "2 Dec 2026" (reasons are read by clinicians)."""
    return f"{on.day} {on:%b %Y}"
