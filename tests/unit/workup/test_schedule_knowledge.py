"""The work-up timetable (emergent compression, default lead days) is in-house knowledge-base
data that the scheduling code reads."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from engraft.core.knowledge import read_data_file
from engraft.core.workup.schedule import EMERGENT_COMPRESSION, default_lead_days, due_date


def test_the_emergent_compression_is_a_third_labelled_in_house() -> None:
    fact = read_data_file("schedule.json")["emergent_compression"]
    assert (fact["value"], fact["evidence"]) == ("1/3", "in-house")
    assert Fraction(1, 3) == EMERGENT_COMPRESSION


def test_an_emergent_42_day_lead_is_due_14_days_before_admission() -> None:
    due = due_date(date(2024, 6, 30), 42, today=date(2024, 1, 1), emergent=True)
    assert due == date(2024, 6, 16)


def test_default_lead_days_come_from_the_knowledge_base() -> None:
    assert (default_lead_days("genetics"), default_lead_days("blood_count")) == (42, 7)
    assert default_lead_days("no_such_item") is None
