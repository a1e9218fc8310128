from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from engraft.core.workup.family_calendar import Appointment, family_calendar
from engraft.core.workup.readiness import TaskState, TaskStatus, readiness
from engraft.core.workup.requirement import (
    ConditionError,
    PatientContext,
    Requirement,
    parse_conditions,
    requirement_for,
)
from engraft.core.workup.schedule import due_date, is_overdue

CA2_RULE = parse_conditions(
    [{"gene_in": ["CA2"], "requirement": "required", "reason": "CA2: renal tubular acidosis"}]
)


def test_bicarbonate_is_required_for_ca2_and_optional_otherwise():
    ca2 = PatientContext(genes=frozenset({"CA2"}))
    tcirg1 = PatientContext(genes=frozenset({"TCIRG1"}))
    assert requirement_for(Requirement.OPTIONAL, "default", CA2_RULE, ca2) == (
        Requirement.REQUIRED,
        "CA2: renal tubular acidosis",
    )
    assert requirement_for(Requirement.OPTIONAL, "default", CA2_RULE, tcirg1)[0] is (
        Requirement.OPTIONAL
    )


def test_the_first_matching_condition_wins():
    rules = parse_conditions(
        [
            {"clinical_form_in": ["ado"], "requirement": "not_needed", "reason": "mild form"},
            {"gene_in": ["CLCN7"], "requirement": "required", "reason": "CLCN7"},
        ]
    )
    ado = PatientContext(genes=frozenset({"CLCN7"}), clinical_form="ado")
    assert requirement_for(Requirement.OPTIONAL, "d", rules, ado)[0] is Requirement.NOT_NEEDED


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([{"requirement": "maybe", "reason": "x"}], "requirement must be one of"),
        ([{"requirement": "required"}], "a reason is required"),
        ([{"requirement": "required", "reason": "x", "gene": ["CA2"]}], "unknown key"),
    ],
)
def test_malformed_conditions_are_refused_with_the_problem_named(raw, message):
    with pytest.raises(ConditionError, match=message):
        parse_conditions(raw)


def test_due_dates_are_set_back_from_admission_and_compressed_when_emergent():
    admission = date(2027, 1, 29)
    today = date(2026, 12, 1)
    assert due_date(admission, 28, today=today) == date(2027, 1, 1)
    assert due_date(admission, 28, today=today, emergent=True) == date(2027, 1, 20)
    assert due_date(admission, 90, today=today) == today  # never in the past


@given(st.integers(0, 365), st.dates(date(2026, 1, 1), date(2028, 1, 1)))
def test_an_emergent_task_is_never_due_earlier_than_an_elective_one(lead, admission):
    today = date(2026, 1, 1)
    emergent = due_date(admission, lead, today=today, emergent=True)
    assert emergent >= due_date(admission, lead, today=today)
    assert emergent >= today


def test_overdue_only_when_unfinished_and_past_due():
    assert is_overdue(date(2026, 12, 1), date(2026, 12, 2), finished=False)
    assert not is_overdue(date(2026, 12, 1), date(2026, 12, 1), finished=False)
    assert not is_overdue(date(2026, 12, 1), date(2026, 12, 9), finished=True)


def test_the_gate_opens_only_when_every_required_task_is_done_or_waived():
    tasks = [
        TaskState("VEP", Requirement.REQUIRED, TaskStatus.RESULT_RECORDED),
        TaskState("Echo", Requirement.REQUIRED, TaskStatus.SCHEDULED),
        TaskState("Dental", Requirement.OPTIONAL, TaskStatus.TO_SCHEDULE),
    ]
    gate = readiness(tasks)
    assert (gate.ready, gate.blocking) == (False, ("Echo",))
    tasks[1] = TaskState("Echo", Requirement.REQUIRED, TaskStatus.WAIVED)
    assert readiness(tasks).ready


def test_an_empty_plan_is_not_ready():
    assert not readiness([]).ready


def test_the_family_calendar_parses_with_icalendar_and_keeps_what_to_bring():
    at = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    data = family_calendar(
        [Appointment("t1@engraft", at, "Eye clinic", "Clinic B", "Check sight", "glasses")],
        programme="Programme",
        generated_at=at,
    )
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["summary"]) == "Eye clinic"
    assert "Please bring: glasses" in str(events[0]["description"])
    assert events[0].decoded("dtstart") == at


def test_an_appointment_without_a_time_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        family_calendar(
            [Appointment("t1", datetime(2026, 12, 3, 9), "x", "y", "z")],
            programme="P",
            generated_at=datetime(2026, 12, 1, tzinfo=UTC),
        )
