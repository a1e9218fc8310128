"""The daily digest (`engraft manage alert_digest`): counts per clinician, no patient detail."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.notifications.models import OutgoingEmail
from engraft.transplant.models import TransplantAlert

from .factories import make_patient, make_staff
from .url_samples_followup import followed_episode
from .url_samples_transplant import make_episode

pytestmark = pytest.mark.django_db
# Day +120 of a day 0 on 10 Jan 2026: the followed child's day +100 visits are overdue.
TODAY = "2026-05-10 07:00 +01:00"
NAME, GIVEN, NUMBER = "Quillfeather", "Ottoline", "HN-5550199"


def with_email(role: Role, username: str, discipline: str = ""):
    user = make_staff(role, username=username)
    user.email, user.discipline = f"{username}@example.org", discipline
    user.save()
    return user


def ward_with_alerts():
    """An active episode with two open alerts (one raised today) and one acknowledged."""
    episode = make_episode(
        make_patient(family_name=NAME, given_names=GIVEN, hospital_number=NUMBER),
        admitted_on=date(2026, 4, 1), day0=date(2026, 4, 10),
    )  # fmt: skip
    now = timezone.now()
    for n, rule in enumerate(("hypercalcaemia", "graft_failure", "vod_sos")):
        alert = TransplantAlert.objects.create(
            episode=episode, rule=rule, raised_for=date(2026, 5, 1 + n),
            title=f"Rule detail {rule} for {GIVEN}", reasons=[f"calcium of {NAME}"],
        )  # fmt: skip
        # Two raised days ago, the third in the last 24 hours.
        raised = now - (timedelta(hours=2) if n == 2 else timedelta(days=2))
        TransplantAlert.objects.filter(pk=alert.pk).update(
            raised_at=raised, acknowledged_at=now if n == 0 else None
        )
    return episode


@time_machine.travel(TODAY, tick=False)
def test_each_clinician_gets_the_counts_and_no_patient_detail(django_capture_on_commit_callbacks):
    ward = ward_with_alerts()
    followed = followed_episode(date(2026, 1, 10), family_name="Fernhollow",
                                given_names="Wren", hospital_number="HN-7770123")  # fmt: skip
    with_email(Role.PHYSICIAN, "dr-ada")
    with_email(Role.NURSE, "nurse-nell")
    with_email(Role.SPECIALIST, "eyes", discipline="ophthalmology")
    with_email(Role.SPECIALIST, "ears", discipline="audiology")  # nothing due: no mail
    with_email(Role.COORDINATOR, "cora")  # not a recipient
    with django_capture_on_commit_callbacks(execute=True):
        call_command("alert_digest", stdout=StringIO())
    sent = {m.to[0]: m for m in mail.outbox}
    assert sorted(sent) == ["dr-ada@example.org", "eyes@example.org", "nurse-nell@example.org"]
    physician = sent["dr-ada@example.org"].body
    assert "Open alerts (not yet acknowledged): 2" in physician
    assert "Alerts raised in the last 24 hours: 1" in physician
    # Undone on day +120: growth and chimerism at day +30, and vision, growth, chimerism and
    # immune reconstitution at day +100.
    assert "Visits overdue: 6" in physician
    assert "/staff/transplant/ward/" in physician
    eyes = sent["eyes@example.org"].body
    assert "Visits overdue: 1" in eyes and "Open alerts" not in eyes
    for message in mail.outbox:
        text = message.subject + message.body
        for secret in (NAME, GIVEN, NUMBER, "Fernhollow", "Wren", "HN-7770123",
                       str(ward.patient.public_id), str(followed.patient.public_id),
                       "2026-09-01", "1 Sep 2026", "hypercalcaemia", "Rule detail"):  # fmt: skip
            assert secret not in text, (message.to, secret)


@time_machine.travel(TODAY, tick=False)
def test_a_dry_run_prints_the_mail_and_queues_nothing():
    ward_with_alerts()
    with_email(Role.PHYSICIAN, "dr-ada")
    out = StringIO()
    call_command("alert_digest", "--dry-run", stdout=out)
    assert "To: dr-ada@example.org" in out.getvalue()
    assert "Open alerts (not yet acknowledged): 2" in out.getvalue()
    assert "1 digest(s) would be sent" in out.getvalue()
    assert not OutgoingEmail.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_each_run_writes_one_audit_event():
    with_email(Role.PHYSICIAN, "dr-ada")
    with_email(Role.NURSE, "nurse-nell")
    call_command("alert_digest", stdout=StringIO())
    events = AuditEvent.objects.filter(object_type="followup.alert_digest")
    assert [e.summary for e in events] == ["daily digest: 2 email(s) queued"]
