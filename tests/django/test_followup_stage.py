"""The pathway stage moves to follow-up when the transplant episode ends: a discharge recorded,
or the episode closed for a reason other than a re-transplant."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.transplant import services

from .factories import make_patient
from .url_samples_transplant import make_episode

pytestmark = pytest.mark.django_db
TODAY = "2026-12-02 10:00 +00:00"


def transplanted_child():
    return make_episode(make_patient(pathway_stage="transplanted"))


def reschedule(episode, actor, **dates):
    return services.reschedule_episode(
        episode=episode, actor=actor, ip=None, version=episode.version,
        admitted_on=episode.admitted_on, day0=episode.day0, **dates,
    )  # fmt: skip


@time_machine.travel(TODAY, tick=False)
def test_the_stage_moves_to_follow_up_on_discharge_and_is_audited(cast):
    episode = transplanted_child()
    reschedule(episode, cast[Role.PHYSICIAN], discharged_on=date(2026, 12, 1))
    episode.patient.refresh_from_db()
    assert episode.patient.pathway_stage == "follow_up"
    assert episode.discharged_on == date(2026, 12, 1)
    assert AuditEvent.objects.filter(
        summary__contains="pathway stage transplanted -> follow_up"
    ).exists()


@time_machine.travel(TODAY, tick=False)
def test_the_dates_form_records_the_discharge(login):
    episode = transplanted_child()
    response = login(Role.COORDINATOR).post(
        reverse("transplant:dates", args=[episode.public_id]),
        {"version": episode.version, "admitted_on": "2026-11-01", "day0": "2026-11-08",
         "discharged_on": "2026-11-30"},
    )  # fmt: skip
    assert response.status_code == 302
    episode.patient.refresh_from_db()
    assert episode.patient.pathway_stage == "follow_up"


@time_machine.travel(TODAY, tick=False)
def test_a_discharge_in_the_future_is_refused_and_the_stage_stays(cast):
    episode = transplanted_child()
    with pytest.raises(ValidationError) as refused:
        reschedule(episode, cast[Role.PHYSICIAN], discharged_on=date(2026, 12, 3))
    assert "discharged_on" in refused.value.message_dict
    episode.patient.refresh_from_db()
    assert episode.patient.pathway_stage == "transplanted"


@time_machine.travel(TODAY, tick=False)
def test_a_discharge_before_day0_is_refused(cast):
    episode = transplanted_child()
    with pytest.raises(ValidationError) as refused:
        reschedule(episode, cast[Role.PHYSICIAN], discharged_on=date(2026, 11, 7))
    assert refused.value.message_dict["discharged_on"] == ["The discharge is before day 0."]


@time_machine.travel(TODAY, tick=False)
def test_moving_day0_without_a_discharge_leaves_the_stage(cast):
    episode = transplanted_child()
    reschedule(episode, cast[Role.PHYSICIAN])
    episode.patient.refresh_from_db()
    assert episode.patient.pathway_stage == "transplanted"


@time_machine.travel(TODAY, tick=False)
def test_closing_the_episode_moves_the_stage_to_follow_up(cast):
    episode = transplanted_child()
    services.close_episode(episode=episode, actor=cast[Role.PHYSICIAN], ip=None,
                           closed_on=date(2026, 12, 1), reason="Day +100 reached")  # fmt: skip
    episode.patient.refresh_from_db()
    assert episode.patient.pathway_stage == "follow_up"


@time_machine.travel(TODAY, tick=False)
def test_closing_for_a_re_transplant_keeps_the_child_in_the_transplant_stage(cast):
    episode = transplanted_child()
    services.close_episode(episode=episode, actor=cast[Role.PHYSICIAN], ip=None,
                           closed_on=date(2026, 12, 1), reason="Primary graft failure",
                           for_retransplant=True)  # fmt: skip
    episode.patient.refresh_from_db()
    assert episode.patient.pathway_stage == "transplanted"
