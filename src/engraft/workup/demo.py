"""Demo work-up plans for the cohort's children at the work-up stage (synthetic, seeded)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from engraft.assessment.models import MeetingDecision
from engraft.record.models import Patient

from . import services

DEMO_SEED = 4


def load_demo_workup() -> int:
    """Accept the work-up-stage children at a demo meeting and give each a plan."""
    coordinator = get_user_model().objects.get(username="coordinator")
    # The services audit who acted; the demo acts as the demo coordinator.
    rng = random.Random(DEMO_SEED)
    today = timezone.localdate()
    created = 0
    for patient in Patient.objects.filter(pathway_stage="work_up", workup_plan__isnull=True):
        if not services.accepted_as_candidate(patient):
            MeetingDecision.objects.create(
                patient=patient,
                meeting_on=today - timedelta(days=rng.randint(3, 20)),
                outcome=MeetingDecision.Outcome.PROCEED,
                attendees="BMT physicians, coordinator, endocrinology, neurology (demo)",
                recorded_by=coordinator,
            )
        plan = services.create_plan(
            patient=patient, actor=coordinator, ip=None,
            target_admission=today + timedelta(days=rng.randint(25, 70)),
        )  # fmt: skip
        for task in plan.tasks.order_by("due_on")[: rng.randint(4, 12)]:
            day = today + timedelta(days=rng.randint(-5, 12))
            at = timezone.make_aware(datetime.combine(day, time(rng.choice([9, 10, 11, 14]))))
            status = "done" if day < today else "scheduled"
            task.__class__.objects.filter(pk=task.pk).update(
                status=status, scheduled_at=at, place="Children's BMT Clinic, Level 4"
            )
        if rng.random() < 0.4:
            # A task that slipped, so the board and the reminders have something to show.
            late = plan.tasks.filter(status="to_schedule").order_by("due_on").first()
            if late is not None:
                late.__class__.objects.filter(pk=late.pk).update(
                    due_on=today - timedelta(days=rng.randint(1, 6))
                )
        created += 1
    return created
