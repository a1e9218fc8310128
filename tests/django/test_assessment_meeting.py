"""The multidisciplinary meeting's decision is recorded against the assessment it saw."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.assessment.models import MeetingDecision
from engraft.assessment.services import store_if_changed
from engraft.audit.models import AuditAction, AuditEvent

from .factories import make_patient

pytestmark = pytest.mark.django_db


def meeting_data(**overrides) -> dict[str, object]:
    data = {
        "meeting_on": timezone.localdate().isoformat(),
        "outcome": "proceed_to_workup",
        "details": "Proceed; HLA typing of both parents this week.",
        "attendees": "BMT physician, neurologist, ophthalmologist, coordinator",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_the_meeting_decision(login):
    patient = make_patient()
    stored, _, _ = store_if_changed(
        patient=patient, actor=None, ip=None, as_of=timezone.localdate()
    )
    client = login(Role.COORDINATOR)
    url = reverse("assessment:meeting", args=[patient.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, meeting_data())
    assert response.status_code == 302
    decision = MeetingDecision.objects.get()
    assert (decision.outcome, decision.assessment, decision.recorded_by.username) == (
        "proceed_to_workup",
        stored,
        "coordinator",
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(decision.public_id)
    ).exists()
    page = client.get(reverse("assessment:current", args=[patient.public_id])).content.decode()
    assert "Proceed to transplant work-up" in page


def test_a_meeting_in_the_future_is_refused_on_the_date_field(login):
    patient = make_patient()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = login(Role.PHYSICIAN).post(
        reverse("assessment:meeting", args=[patient.public_id]), meeting_data(meeting_on=future)
    )
    page = response.content.decode()
    assert "The meeting date is in the future" in page
    assert 'id="id_meeting_on_errors"' in page
    assert MeetingDecision.objects.count() == 0


def test_attendees_are_required(login):
    patient = make_patient()
    response = login(Role.PHYSICIAN).post(
        reverse("assessment:meeting", args=[patient.public_id]), meeting_data(attendees="")
    )
    assert 'id="id_attendees_errors"' in response.content.decode()
    assert MeetingDecision.objects.count() == 0


def test_a_specialist_may_not_record_the_meeting_decision(login):
    patient = make_patient()
    response = login(Role.SPECIALIST).post(
        reverse("assessment:meeting", args=[patient.public_id]), meeting_data()
    )
    assert response.status_code == 403
    assert MeetingDecision.objects.count() == 0
