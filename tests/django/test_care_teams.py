"""Care teams (``ENGRAFT_CARE_TEAMS``, on in production): every page about one child opens to
its care team only; anyone else with a clinical role meets the break-glass page, gives a
reason and gets a limited-time, audited access the administrator reviews.

The walk covers both sides: every staff URL that names a child, for a physician outside
the team (the break-glass page) and the same physician on the team (the page itself).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import resolve, reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.record.models import BreakGlassAccess, CareTeamMember
from engraft.web.care_team_guard import child_of

from .access_matrix import MATRIX, NOT_SERVED, PHYSICIAN
from .factories import make_patient
from .test_access_rules import SAMPLES, has_parameters, walked_urls

pytestmark = pytest.mark.django_db
ON = override_settings(ENGRAFT_CARE_TEAMS=True)
REASON = "Covering the ward tonight for the usual physician."


def _child_urls():
    """Every URL naming a child that a physician may open with GET, with a sample child."""
    for name, pattern in walked_urls():
        if not has_parameters(pattern) or MATRIX[name].get is NOT_SERVED:
            continue
        if PHYSICIAN not in MATRIX[name].get or name == "record:break_glass":
            continue
        url = reverse(name, kwargs=SAMPLES[name]())
        match = resolve(url)
        child = child_of(match.namespace, match.url_name, match.kwargs)
        if child is not None:
            yield name, url, child


@ON
def test_every_page_about_a_child_breaks_the_glass_outside_the_team_and_opens_inside(login, cast):
    client = login(Role.PHYSICIAN)
    walked, wrong = 0, []
    for name, url, child in _child_urls():
        walked += 1
        outside = client.get(url)
        if outside.status_code != 403 or "not in your care team" not in outside.content.decode():
            wrong.append((name, "outside the team", outside.status_code))
        CareTeamMember.objects.create(patient=child, user=cast[Role.PHYSICIAN])
        inside = client.get(url)
        if inside.status_code == 403:
            wrong.append((name, "inside the team", inside.status_code))
    assert wrong == []
    assert walked >= 40  # the record, assessment, work-up, donors, transplant, follow-up, trials


@ON
def test_breaking_the_glass_needs_a_reason_is_audited_and_lasts_one_shift(login, cast):
    child = make_patient()
    client = login(Role.DATA_MANAGER)
    page = reverse("record:patient", args=[child.public_id])
    assert client.get(page).status_code == 403
    glass = reverse("record:break_glass", args=[child.public_id])
    short = client.post(glass, {"reason": "need it", "next": page})
    assert short.status_code == 400 and not BreakGlassAccess.objects.exists()
    opened = client.post(glass, {"reason": REASON, "next": page})
    assert opened.status_code == 302 and opened["Location"] == page
    assert client.get(page).status_code == 200
    event = AuditEvent.objects.get(summary__startswith="break-glass access")
    assert event.actor == cast[Role.DATA_MANAGER] and REASON in event.summary
    access = BreakGlassAccess.objects.get()
    assert abs(access.expires_at - access.granted_at - timedelta(hours=8)) < timedelta(seconds=1)
    BreakGlassAccess.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(page).status_code == 403  # the shift is over: a new reason is needed


@ON
def test_the_owner_of_a_work_up_task_is_on_the_team(login, cast):
    from .workup_builders import make_plan

    plan = make_plan()
    task = plan.tasks.first()
    task.owner = cast[Role.SPECIALIST]
    task.save()
    client = login(Role.SPECIALIST)
    assert client.get(reverse("workup:plan", args=[plan.patient.public_id])).status_code == 200


@ON
def test_the_api_answers_a_non_member_with_403(login):
    child = make_patient()
    response = login(Role.NURSE).get(reverse("api:get_patient", args=[child.public_id]))
    assert response.status_code == 403 and "care team" in response.json()["detail"]


@ON
def test_the_administrator_reviews_the_accesses_without_the_childs_name(login, cast, client):
    child = make_patient(family_name="Hidden")
    login(Role.NURSE).post(reverse("record:break_glass", args=[child.public_id]),
                           {"reason": REASON, "next": "/staff/"})  # fmt: skip
    client.force_login(cast[Role.ADMINISTRATOR])
    review = client.get(reverse("record:break_glass_review"))
    text = review.content.decode()
    assert REASON in text and "Hidden" not in text
    access = BreakGlassAccess.objects.get()
    client.post(reverse("record:break_glass_review"), {"access": str(access.public_id)})
    access.refresh_from_db()
    assert access.reviewed_by == cast[Role.ADMINISTRATOR]


def test_with_care_teams_off_every_clinical_role_opens_the_record(login):
    child = make_patient()
    assert (
        login(Role.NURSE).get(reverse("record:patient", args=[child.public_id])).status_code == 200
    )


@ON
def test_a_coordinator_adds_a_member_and_it_is_audited(login, cast):
    child = make_patient()
    CareTeamMember.objects.create(patient=child, user=cast[Role.COORDINATOR])
    client = login(Role.COORDINATOR)
    client.post(reverse("record:care_team", args=[child.public_id]),
                {"user": cast[Role.NURSE].pk})  # fmt: skip
    assert CareTeamMember.objects.filter(patient=child, user=cast[Role.NURSE]).exists()
    assert AuditEvent.objects.filter(summary="added nurse to the care team").exists()
