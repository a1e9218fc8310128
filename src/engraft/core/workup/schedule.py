"""Due dates of work-up tasks, set back from the target admission date.

Each item has a lead time (days before admission it should be done). When the assessment's
urgency is emergent, lead times are compressed so the whole work-up fits a shorter run-in.
The compression factor and the default lead times are in-house choices (no published
work-up timetable was found in the research notes), kept in the knowledge base
(schedule.json) and stated on screen.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from engraft.core.knowledge import read_data_file

_SCHEDULE = read_data_file("schedule.json")
# in-house: an emergent work-up runs in a third of the time (schedule.json)
EMERGENT_COMPRESSION = Fraction(_SCHEDULE["emergent_compression"]["value"])
SCHEDULE_SOURCE = "in-house (no published work-up timetable in the research notes)"


def due_date(
    target_admission: date, lead_days: int, *, today: date, emergent: bool = False
) -> date:
    """When a task with `lead_days` is due, never before today."""
    if lead_days < 0:
        raise ValueError("lead_days must not be negative")
    lead = round(lead_days * EMERGENT_COMPRESSION) if emergent else lead_days
    return max(today, target_admission - timedelta(days=lead))


def default_lead_days(item_code: str) -> int | None:
    """The knowledge base's default lead time of a template item (None if it has none)."""
    return _SCHEDULE["lead_days"]["items"].get(item_code)


def is_overdue(due_on: date, today: date, finished: bool) -> bool:
    """An unfinished task is overdue the day after its due date."""
    return not finished and today > due_on
