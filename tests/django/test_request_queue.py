"""The staff queue of information requests, as coordinators use it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.information.models import InformationRequest
from engraft.information.selectors import contact_overdue

from .factories import make_request

QUEUE = reverse("information:queue")


def names(response) -> list[str]:
    return [info.guardian_name for info, _ in response.context["rows"]]


@pytest.mark.django_db
def test_queue_lists_open_requests_oldest_first(login):
    old = make_request(guardian_name="Old Request")
    make_request(guardian_name="New Request")
    make_request(guardian_name="Closed Request", status="closed")
    InformationRequest.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=3)
    )
    response = login(Role.COORDINATOR).get(QUEUE)
    assert names(response) == ["Old Request", "New Request"]
    newest_first = login(Role.COORDINATOR).get(QUEUE, {"sort": "newest"})
    assert names(newest_first) == ["New Request", "Old Request"]


@pytest.mark.django_db
def test_queue_filters_by_status_and_searches_name_email_country_and_question(login):
    make_request(guardian_name="Lena Example", country="Sweden")
    make_request(guardian_name="Omar Demo", country="Lebanon", status="contacted")
    client = login(Role.COORDINATOR)
    assert names(client.get(QUEUE, {"status": "contacted"})) == ["Omar Demo"]
    assert names(client.get(QUEUE, {"q": "swed"})) == ["Lena Example"]
    assert names(client.get(QUEUE, {"q": "nobody-matches"})) == []


def test_contact_is_overdue_after_two_business_days_without_contact(settings):
    settings.ENGRAFT_CONTACT_DUE_BUSINESS_DAYS = 2
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    info = InformationRequest(submitted_at=friday, status="new")
    # Friday + 2 business days = Tuesday; overdue from Wednesday.
    assert not contact_overdue(info, today=datetime(2026, 11, 24).date())
    assert contact_overdue(info, today=datetime(2026, 11, 25).date())
    info.first_contacted_at = friday
    assert not contact_overdue(info, today=datetime(2026, 11, 25).date())


@pytest.mark.django_db
def test_overdue_requests_are_marked_in_text_in_the_queue(login):
    info = make_request(guardian_name="Waiting Family")
    InformationRequest.objects.filter(pk=info.pk).update(
        submitted_at=timezone.now() - timedelta(days=10)
    )
    page = login(Role.COORDINATOR).get(QUEUE).content.decode()
    assert 'class="overdue"' in page
    assert "Contact overdue</span>" in page


@pytest.mark.django_db
def test_coordinator_assigns_logs_contact_notes_and_changes_status(login, cast):
    info = make_request()
    client = login(Role.COORDINATOR)
    detail = reverse("information:request_detail", args=[info.public_id])
    client.post(
        reverse("information:assign", args=[info.public_id]),
        {"assigned_to": cast[Role.COORDINATOR].pk},
    )
    client.post(
        reverse("information:log_contact", args=[info.public_id]),
        {"method": "phone", "reached": "on", "summary": "Spoke with mother"},
    )
    client.post(reverse("information:add_note", args=[info.public_id]), {"text": "Send leaflet"})
    client.post(reverse("information:set_status", args=[info.public_id]), {"status": "referred"})
    info.refresh_from_db()
    assert info.assigned_to == cast[Role.COORDINATOR]
    assert info.status == "referred"
    assert info.first_contacted_at is not None
    page = client.get(detail).content.decode()
    assert "Spoke with mother" in page
    assert "Send leaflet" in page


@pytest.mark.django_db
def test_reaching_the_family_marks_a_new_request_contacted(login):
    info = make_request()
    login(Role.COORDINATOR).post(
        reverse("information:log_contact", args=[info.public_id]),
        {"method": "email", "reached": "on", "summary": ""},
    )
    info.refresh_from_db()
    assert info.status == "contacted"


@pytest.mark.django_db
def test_reading_and_changing_a_request_is_audited_with_who_what_and_where(login, cast):
    info = make_request()
    client = login(Role.COORDINATOR)
    client.get(reverse("information:request_detail", args=[info.public_id]))
    client.post(reverse("information:set_status", args=[info.public_id]), {"status": "closed"})
    events = AuditEvent.objects.filter(object_id=str(info.public_id)).order_by("at", "id")
    assert [(e.action, e.actor_name) for e in events] == [
        ("view", "coordinator"),
        ("change", "coordinator"),
    ]
    assert events[1].summary == "status new -> closed"
    assert events[0].ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_the_queue_list_itself_is_audited(login):
    login(Role.PHYSICIAN).get(QUEUE, {"q": "x"})
    event = AuditEvent.objects.get()
    assert event.action == "view"
    assert event.object_type == "information.InformationRequest"
    assert "q='x'" in event.summary


@pytest.mark.django_db
def test_an_administrator_may_read_the_queue_but_not_change_a_request(login):
    info = make_request()
    client = login(Role.ADMINISTRATOR)
    assert client.get(QUEUE).status_code == 200
    response = client.post(
        reverse("information:set_status", args=[info.public_id]), {"status": "closed"}
    )
    assert response.status_code == 403
    info.refresh_from_db()
    assert info.status == "new"
