"""The family's schedule as a PDF in plain language and as an iCalendar file."""

import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent

from .workup_builders import make_plan


@pytest.fixture
def scheduled_plan(db):
    plan = make_plan()
    start = timezone.localtime() + timedelta(days=3)
    for hours, code in enumerate(["ophthalmology", "audiology", "dental"]):
        plan.tasks.filter(item__code=code).update(
            status="scheduled", scheduled_at=start + timedelta(hours=hours), place="Clinic B"
        )
    return plan


def test_the_schedule_pdf_says_who_the_family_meets_and_what_to_bring(login, scheduled_plan):
    patient = scheduled_plan.patient
    response = login(Role.COORDINATOR).get(reverse("workup:schedule_pdf", args=[patient.public_id]))
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 1
    assert f"{patient.given_names}'s appointments before the transplant" in text
    assert "Ophthalmology with VEP and ERG" in text
    assert "Please bring: Glasses" in text
    assert AuditEvent.objects.filter(action="export", summary="family schedule PDF").exists()


def test_the_calendar_file_parses_with_one_event_per_appointment(login, scheduled_plan):
    patient = scheduled_plan.patient
    response = login(Role.COORDINATOR).get(reverse("workup:schedule_ics", args=[patient.public_id]))
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "Ophthalmology with VEP and ERG",
        "Audiology with ABR",
        "Dental and maxillofacial review",
    ]
    assert isinstance(events[0].decoded("dtstart"), datetime)
    assert str(events[0]["location"]) == "Clinic B"
