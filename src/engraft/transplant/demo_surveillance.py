"""The demo's surveillance entries: what the ward would have recorded for its children.

Each open episode gets a coded liver ultrasound before day 0 (the SOS/VOD baseline); a few
get what raises the rules, so the demo shows each alert: a calcium above 11.0 mg/dL after
day +20, hypoxia inside the pulmonary hypertension watch, an acute GVHD assessment and a CMV
reactivation. Synthetic; running the demo again adds nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from engraft.record.models import LabResult, Study

from .models import (
    AdverseEvent,
    EpisodeStatus,
    GvhdAssessment,
    TransplantEpisode,
    WardObservation,
)


@transaction.atomic
def load_demo_surveillance() -> int:
    """Add the surveillance entries to the demo's open episodes; return how many episodes."""
    today = timezone.localdate()
    users = get_user_model().objects
    nurse = users.filter(username="nurse").first()
    physician = users.filter(username="physician").first()
    episodes = [e for e in _open_episodes() if not e.observations.exists() and e.day0 <= today]
    for k, episode in enumerate(episodes):
        day = (today - episode.day0).days
        patient = episode.patient
        if not patient.studies.filter(code="abdominal_ultrasound").exists():
            Study.objects.create(
                patient=patient, code="abdominal_ultrasound",
                performed_on=episode.day0 - timedelta(days=12), performed_by="Radiology (demo)",
                conclusion="Liver and spleen of normal size; no ascites (synthetic).",
                result="normal", recorded_by=physician,
            )  # fmt: skip
        WardObservation.objects.create(
            episode=episode, observed_on=today, spo2_percent=Decimal("97"), heart_rate=118,
            recorded_by=nurse,
        )  # fmt: skip
        if k == 1 and day <= 90:
            WardObservation.objects.create(
                episode=episode, observed_on=today - timedelta(days=1),
                spo2_percent=Decimal("89"), heart_rate=172, acute_dyspnoea=True,
                heart_rate_abnormal=True, note="Breathless on feeds (synthetic)",
                recorded_by=nurse,
            )  # fmt: skip
        if k == 2 and day >= 21:
            LabResult.objects.create(
                patient=patient, analyte="calcium", value=11.6, unit="mg/dL",
                entered_value="11.6", entered_unit="mg/dL", recorded_by=nurse,
                collected_at=timezone.make_aware(datetime.combine(today, time(6, 30))),
            )  # fmt: skip
        if k == 3 and day >= 14:
            GvhdAssessment.objects.create(
                episode=episode, assessed_on=today - timedelta(days=1),
                rash_bsa_percent=Decimal("30"), upper_gi="no", stool_ml=150, recorded_by=physician,
            )  # fmt: skip
            AdverseEvent.objects.create(
                episode=episode, onset_on=today - timedelta(days=4), kind="cmv", grade=2,
                description="CMV DNAemia, pre-emptive treatment (synthetic)",
                recorded_by=physician,
            )  # fmt: skip
    return len(episodes)


def _open_episodes():
    return (
        TransplantEpisode.objects.filter(status=EpisodeStatus.ACTIVE)
        .select_related("patient")
        .order_by("day0")
    )
