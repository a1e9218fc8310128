"""The demo's transplanted children: episodes on the ward and closed, with their ward data."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from engraft.audit.models import AuditEvent
from engraft.core.transplant import evaluate_episode
from engraft.core.transplant.graft_failure import GraftStatus
from engraft.record.demo import load_demo_cohort
from engraft.record.models import BodyMeasurement, LabResult
from engraft.transplant.demo import load_demo_transplants
from engraft.transplant.models import (
    ChimerismResult,
    EpisodeStatus,
    Transfusion,
    TransplantEpisode,
)
from engraft.transplant.selectors import core_episode, ward_episodes
from engraft.web.demo import ensure_demo_accounts

TODAY = date(2026, 12, 2)


@pytest.fixture
def demo(db):
    with time_machine.travel(datetime(2026, 12, 2, 9, 0), tick=False):
        ensure_demo_accounts()
        load_demo_cohort()
        added = load_demo_transplants()
        yield added


def test_the_demo_puts_transplanted_children_on_the_ward_and_in_follow_up(demo):
    # 7 ward children on a first transplant, 1 on a second (after a closed first), 3 closed.
    assert demo == 12
    assert TransplantEpisode.objects.count() == 12
    assert ward_episodes().count() == 8
    assert TransplantEpisode.objects.filter(status=EpisodeStatus.CLOSED).count() == 4
    days = sorted((TODAY - e.day0).days for e in ward_episodes())
    assert all(0 <= d <= 100 for d in days)
    assert len(set(days)) == 8  # spread over the first 100 days


def test_one_demo_child_has_a_second_transplant_after_graft_failure(demo):
    second = TransplantEpisode.objects.get(number=2)
    assert second.previous.status == EpisodeStatus.CLOSED
    assert second.retransplant_reason == "primary_graft_failure"
    assert second.previous.graft_source == "cord_blood"
    first = evaluate_episode(core_episode(second.previous, TODAY), second.previous.closed_on)
    assert first.graft.status is GraftStatus.PRIMARY_GRAFT_FAILURE


def test_demo_daily_counts_are_record_lab_results_and_weights_body_measurements(demo):
    episode = ward_episodes().first()  # the longest on the ward (ordered by day 0)
    day = (TODAY - episode.day0).days
    anc = LabResult.objects.filter(
        patient=episode.patient, analyte="anc", collected_at__date__gte=episode.day0
    )
    assert anc.count() >= day * 0.3  # daily on the ward, every third day at home
    assert not LabResult.objects.filter(collected_at__date__gt=TODAY).exists()
    assert BodyMeasurement.objects.filter(
        patient=episode.patient, weight_kg__isnull=False, measured_on__gte=episode.day0
    ).exists()
    assert Transfusion.objects.filter(episode=episode, product="platelets").exists()
    assert ChimerismResult.objects.filter(episode=episode).exists()
    assert not ChimerismResult.objects.filter(sampled_on__gt=TODAY).exists()


def test_every_demo_episode_has_a_primary_donor_and_is_audited(demo):
    for episode in TransplantEpisode.objects.all():
        assert episode.donor_selection.role == "primary"
        assert episode.donor_selection.patient_id == episode.patient_id
    assert AuditEvent.objects.filter(object_type__icontains="transplant").count() == 12


def test_demo_episodes_past_day_thirty_are_evaluated_engrafted_or_failed(demo):
    for episode in ward_episodes():
        result = evaluate_episode(core_episode(episode, TODAY), TODAY)
        if result.day > 45:
            assert result.graft.status in (
                GraftStatus.ENGRAFTED,
                GraftStatus.PRIMARY_GRAFT_FAILURE,
                GraftStatus.SECONDARY_GRAFT_FAILURE,
            ), (result.day, result.graft.label)


def test_loading_the_demo_transplants_twice_adds_nothing(demo):
    counts = (
        TransplantEpisode.objects.count(),
        LabResult.objects.count(),
        BodyMeasurement.objects.count(),
        Transfusion.objects.count(),
    )
    with time_machine.travel(datetime(2026, 12, 3, 9, 0), tick=False):
        assert load_demo_transplants() == 0
    assert (
        TransplantEpisode.objects.count(),
        LabResult.objects.count(),
        BodyMeasurement.objects.count(),
        Transfusion.objects.count(),
    ) == counts
