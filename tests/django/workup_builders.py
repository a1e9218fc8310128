"""Builders for work-up tests: an accepted candidate and their plan."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from engraft.assessment.models import MeetingDecision
from engraft.record.models import GeneticResult
from engraft.workup import services

from .factories import make_patient


def _someone():
    users = get_user_model().objects
    return users.filter(username="builder").first() or users.create_user(
        "builder", role="coordinator"
    )


def accept(patient) -> None:
    """Record the meeting's decision to proceed to work-up."""
    MeetingDecision.objects.create(
        patient=patient,
        meeting_on=timezone.localdate(),
        outcome=MeetingDecision.Outcome.PROCEED,
        attendees="BMT team",
        recorded_by=_someone(),
    )


def make_plan(patient=None, *, gene: str | None = None, admission_in_days: int = 60):
    patient = patient or make_patient()
    if gene:
        GeneticResult.objects.create(
            patient=patient, gene=gene, zygosity="homozygous", testing_lab="Lab",
            reported_on=date(2026, 10, 1),
        )  # fmt: skip
    accept(patient)
    target = timezone.localdate() + timedelta(days=admission_in_days)
    return services.create_plan(patient=patient, actor=_someone(), ip=None, target_admission=target)
