"""The public "Request information" form, as a family and the intake team rely on it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from engraft.audit.models import AuditEvent
from engraft.information.models import InformationRequest
from engraft.notifications.models import OutgoingEmail

from .factories import valid_request_data

FORM = reverse("information:request_information")


@pytest.mark.django_db
def test_a_valid_request_is_stored_and_the_family_sees_the_confirmation(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, valid_request_data(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("information:request_received")
    assert "we have received your request" in response.content.decode()
    stored = InformationRequest.objects.get()
    assert stored.guardian_name == "Maya Sample"
    assert stored.status == "new"
    assert stored.submitted_from == "127.0.0.1"


@pytest.mark.django_db
def test_the_family_gets_a_confirmation_and_the_intake_team_a_notice(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, valid_request_data())
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(["maya.sample@example.org", settings.ENGRAFT_INTAKE_EMAIL])
    family = next(m for m in mail.outbox if m.to == ["maya.sample@example.org"])
    assert "Dear Maya Sample" in family.body
    intake = next(m for m in mail.outbox if m.to == [settings.ENGRAFT_INTAKE_EMAIL])
    # The notice points to the queue; the family's question stays inside the app.
    assert "Could a transplant help" not in intake.body
    assert intake.reply_to == ["maya.sample@example.org"]
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_an_invalid_request_shows_each_problem_by_field_and_keeps_what_was_typed(client):
    data = valid_request_data(email="not-an-email", country="", consent_to_contact="")
    response = client.post(FORM, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please correct 3 things below" in page
    assert "Enter a valid email address." in page
    assert 'value="not-an-email"' in page
    assert 'value="Maya Sample"' in page
    assert "Could a transplant help our daughter?" in page
    assert InformationRequest.objects.count() == 0


@pytest.mark.django_db
def test_phone_preference_without_a_number_is_refused_at_the_phone_field(client):
    response = client.post(FORM, valid_request_data(preferred_contact="phone", phone=""))
    assert response.context["form"].errors["phone"] == [
        "Please give a phone number, as you prefer a call."
    ]
    assert InformationRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_filled_honeypot_is_answered_as_usual_but_nothing_is_stored(client):
    response = client.post(FORM, valid_request_data(website="http://spam.example"))
    assert response.status_code == 302
    assert InformationRequest.objects.count() == 0
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_too_many_requests_from_one_address_get_a_429_saying_when_to_try_again(client, settings):
    settings.ENGRAFT_REQUEST_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(FORM, valid_request_data()).status_code == 302
    response = client.post(FORM, valid_request_data())
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Please try again after" in response.content.decode()
    assert InformationRequest.objects.count() == 2


@pytest.mark.django_db
def test_requests_older_than_the_window_do_not_count_against_the_limit(client, settings):
    settings.ENGRAFT_REQUEST_RATE_LIMIT = 1
    client.post(FORM, valid_request_data())
    InformationRequest.objects.update(submitted_at=timezone.now() - timedelta(hours=2))
    assert client.post(FORM, valid_request_data()).status_code == 302


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server unreachable")


@pytest.mark.django_db
def test_when_the_mail_server_fails_the_request_is_kept_and_email_is_retried_later(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.django.test_request_information.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, valid_request_data())
    assert response.status_code == 302
    assert InformationRequest.objects.count() == 1
    pending = OutgoingEmail.objects.filter(sent_at__isnull=True)
    assert pending.count() == 2
    assert all("mail server unreachable" in e.last_error for e in pending)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_email")
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_submission_is_in_the_audit_trail_as_created_by_an_anonymous_visitor(client):
    client.post(FORM, valid_request_data())
    stored = InformationRequest.objects.get()
    event = AuditEvent.objects.get(object_id=str(stored.public_id))
    assert (event.action, event.actor_name, event.ip_address) == (
        "create",
        "anonymous",
        "127.0.0.1",
    )
