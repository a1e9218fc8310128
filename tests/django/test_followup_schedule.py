"""The follow-up page: a child transplanted on a known date, the schedule's due dates and
windows, a visit marked done (or refused), voided, and a record entry counted as done."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.followup.models import FollowUpVisitRecord

from .factories import make_finding
from .url_samples_followup import followed_episode, visit_record

pytestmark = pytest.mark.django_db
DAY0 = date(2026, 1, 10)
# Day +100 of a day 0 on 10 Jan 2026 is 20 Apr 2026; its window (14 days either side) runs
# from 6 Apr to 4 May 2026 (counted by hand from the calendar).
DAY_95 = "2026-04-15 10:00 +01:00"
DAY_120 = "2026-05-10 10:00 +01:00"


def page(client, patient, **query):
    return client.get(reverse("followup:patient", args=[patient.public_id]), query)


def mark(client, patient, item="vision", timepoint="day_100", done_on="2026-04-14", note=""):
    return client.post(
        reverse("followup:mark_done", args=[patient.public_id]),
        {"item": item, "timepoint": timepoint, "done_on": done_on, "note": note},
    )


def visit_row(html: str, title: str, heading: str) -> str:
    """The table row of one item under one timepoint's heading (a slice of the page)."""
    section = html[html.index(heading) :]
    start = section.index(title)
    return section[start : section.index("</tr>", start)]


@time_machine.travel(DAY_95, tick=False)
def test_the_day_100_visit_is_due_on_day0_plus_100_with_its_window(login):
    patient = followed_episode(DAY0).patient
    html = page(login(Role.NURSE), patient).content.decode()
    assert "Day +100: due 20 Apr 2026" in html
    row = visit_row(html, "Vision: ophthalmology with VEP", "Day +100")
    assert "window 6 Apr 2026 to 4 May 2026" in row
    assert "DUE NOW" in row
    assert "Ophthalmology" in row
    assert "In-house" in row  # the window is an in-house choice, labelled on screen


@time_machine.travel(DAY_95, tick=False)
def test_marking_a_visit_done_shows_it_done_and_is_audited(login, cast):
    patient = followed_episode(DAY0).patient
    client = login(Role.PHYSICIAN)
    response = mark(client, patient, note="VEP latency normal")
    assert response.status_code == 302
    row = visit_row(page(client, patient).content.decode(), "Vision: ophthalmology", "Day +100")
    assert "DONE" in row and "Marked done 14 Apr 2026" in row and "VEP latency normal" in row
    saved = FollowUpVisitRecord.objects.get()
    assert (saved.item, saved.timepoint, saved.done_on) == ("vision", "day_100", date(2026, 4, 14))
    assert saved.recorded_by == cast[Role.PHYSICIAN]
    assert AuditEvent.objects.filter(
        action="create", summary__contains="follow-up vision at day_100"
    ).exists()


@time_machine.travel(DAY_95, tick=False)
def test_a_date_in_the_future_is_refused_keeping_what_was_typed(login):
    patient = followed_episode(DAY0).patient
    response = mark(login(Role.NURSE), patient, done_on="2026-04-16", note="typed note")
    assert response.status_code == 400
    html = response.content.decode()
    assert "16 Apr 2026 is in the future." in html
    assert 'value="2026-04-16"' in html and "typed note" in html
    assert not FollowUpVisitRecord.objects.exists()


@time_machine.travel(DAY_95, tick=False)
def test_a_date_before_the_visits_window_is_refused(login):
    patient = followed_episode(DAY0).patient
    response = mark(login(Role.NURSE), patient, done_on="2026-03-01")
    assert response.status_code == 400
    assert "before the day +100 visit&#x27;s window, which opens on 6 Apr 2026" in (
        response.content.decode()
    )
    assert not FollowUpVisitRecord.objects.exists()


@time_machine.travel(DAY_95, tick=False)
def test_a_visit_already_marked_done_is_not_marked_twice(login):
    patient = followed_episode(DAY0).patient
    client = login(Role.PHYSICIAN)
    mark(client, patient)
    response = mark(client, patient, done_on="2026-04-15")
    assert response.status_code == 400
    assert FollowUpVisitRecord.objects.count() == 1


@time_machine.travel(DAY_95, tick=False)
def test_a_specialist_marks_only_their_own_disciplines_visits(specialist_in):
    patient = followed_episode(DAY0).patient
    audiologist = specialist_in("audiology")
    assert mark(audiologist, patient, item="vision").status_code == 403
    assert not FollowUpVisitRecord.objects.exists()
    ophthalmologist = specialist_in("ophthalmology")
    assert mark(ophthalmologist, patient, item="vision").status_code == 302
    assert FollowUpVisitRecord.objects.get().item == "vision"


@time_machine.travel(DAY_95, tick=False)
def test_a_coordinator_reads_the_schedule_but_does_not_mark_visits(login):
    patient = followed_episode(DAY0).patient
    client = login(Role.COORDINATOR)
    assert page(client, patient).status_code == 200
    assert mark(client, patient).status_code == 403


@time_machine.travel(DAY_120, tick=False)
def test_a_visit_whose_window_passed_undone_is_overdue(login):
    patient = followed_episode(DAY0).patient
    row = visit_row(page(login(Role.NURSE), patient).content.decode(), "Vision", "Day +100")
    assert "OVERDUE" in row


@time_machine.travel(DAY_120, tick=False)
def test_a_voided_visit_is_open_again_and_the_void_is_audited(login):
    episode = followed_episode(DAY0)
    row = visit_record(episode, item="vision", timepoint="day_100", done_on=date(2026, 4, 14))
    client = login(Role.PHYSICIAN)
    url = reverse("followup:void_visit", args=[episode.patient.public_id, row.public_id])
    assert client.post(url, {"reason": "wrong child's clinic letter"}).status_code == 302
    row.refresh_from_db()
    assert row.is_voided and row.void_reason == "wrong child's clinic letter"
    html = page(client, episode.patient).content.decode()
    assert "OVERDUE" in visit_row(html, "Vision", "Day +100")
    assert AuditEvent.objects.filter(summary__contains="voided follow-up vision").exists()


@time_machine.travel(DAY_120, tick=False)
def test_void_needs_a_reason(login):
    episode = followed_episode(DAY0)
    row = visit_record(episode, item="vision", timepoint="day_100", done_on=date(2026, 4, 14))
    url = reverse("followup:void_visit", args=[episode.patient.public_id, row.public_id])
    assert login(Role.PHYSICIAN).post(url, {"reason": " "}).status_code == 400
    row.refresh_from_db()
    assert not row.is_voided


@time_machine.travel(DAY_120, tick=False)
def test_a_vep_recorded_in_the_window_counts_as_the_vision_visit_done(login):
    episode = followed_episode(DAY0)
    make_finding(episode.patient, kind="vep", observed_on=date(2026, 4, 12))
    row = visit_row(page(login(Role.NURSE), episode.patient).content.decode(), "Vision", "Day +100")
    assert "Visual evoked potentials recorded 12 Apr 2026" in row
    assert "DONE" in row


@time_machine.travel(DAY_120, tick=False)
def test_a_vep_outside_every_window_counts_for_no_visit(login):
    episode = followed_episode(DAY0)
    # Day +41 (20 Feb 2026): between the transplant and the day +100 window.
    make_finding(episode.patient, kind="vep", observed_on=date(2026, 2, 20))
    row = visit_row(page(login(Role.NURSE), episode.patient).content.decode(), "Vision", "Day +100")
    assert "OVERDUE" in row and "recorded" not in row


@time_machine.travel(DAY_95, tick=False)
def test_the_schedule_filters_by_discipline_and_state(login):
    patient = followed_episode(DAY0).patient
    client = login(Role.NURSE)
    html = page(client, patient, discipline="audiology").content.decode()
    assert "Hearing: audiology" in html and "Vision: ophthalmology" not in html
    html = page(client, patient, state="due").content.decode()
    assert "Day +100" in html and "6 months" not in html.split("Sources")[0].split("</form>")[1]


@time_machine.travel(DAY_95, tick=False)
def test_the_visit_offers_the_records_entry_forms_for_its_results(login):
    patient = followed_episode(DAY0).patient
    row = visit_row(page(login(Role.PHYSICIAN), patient).content.decode(), "Vision", "Day +100")
    assert reverse("record:add_finding", args=[patient.public_id]) in row
    assert "Visual evoked potentials" in row


@time_machine.travel(DAY_95, tick=False)
def test_a_child_with_no_transplant_yet_has_no_schedule(login):
    from .factories import make_patient

    patient = make_patient()
    response = page(login(Role.NURSE), patient)
    assert response.status_code == 200
    assert "No transplant with day 0 on or before today" in response.content.decode()
