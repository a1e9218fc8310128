"""`{{ some_date|day_of:episode.day0 }}` -> "day +19": the label from the core's days.py."""

from __future__ import annotations

from datetime import date

from django import template
from engraft.core.transplant.days import day_label, day_label_of

register = template.Library()


@register.filter
def day_of(on: date | None, day0: date | None) -> str:
    """The day +N label of a date, or "" when either date is missing."""
    if on is None or day0 is None:
        return ""
    return day_label_of(day0, on)


@register.filter
def day_number(day: int | None) -> str:
    """A day number as clinicians write it ("day +19")."""
    return "" if day is None else day_label(day)
