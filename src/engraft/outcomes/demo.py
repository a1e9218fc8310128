"""Demo vital status: every demo child with a transplant given is recorded alive.

The last contact is today for a child on the ward and a few days back for one in follow-up
(never before the last transplant's day 0), recorded by the demo data manager through the
same audited service as the page. Two whole-cohort figures are published on the results page;
with the demo's few transplants the small-cell rule withholds their values there. Idempotent:
a child with a vital status already is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from engraft.record.models import Patient

from . import services
from .models import PublishedFigure

DEMO_PUBLISHED = ("os-365-all", "engraftment-28-all")


def load_demo_outcomes() -> int:
    """Record the demo children's vital status; return how many were recorded."""
    today = timezone.localdate()
    manager = get_user_model().objects.filter(role="data_manager").order_by("pk").first()
    added = 0
    patients = (
        Patient.objects.filter(transplant_episodes__day0__lte=today, vital_statuses__isnull=True)
        .distinct()
        .order_by("public_id")
    )
    for k, patient in enumerate(patients):
        last_day0 = max(e.day0 for e in patient.transplant_episodes.all() if e.day0 <= today)
        back = 0 if patient.pathway_stage == "transplanted" else 3 + (k * 5) % 20
        last_contact = max(today - timedelta(days=back), last_day0)
        services.record_vital_status(
            patient=patient, status="alive", last_contact_on=last_contact,
            note="Demo: seen in clinic (synthetic).", actor=manager, ip=None, today=today,
        )  # fmt: skip
        added += 1
    if not PublishedFigure.objects.exists():
        services.set_published_figures(keys=DEMO_PUBLISHED, actor=manager, ip=None)
    return added
