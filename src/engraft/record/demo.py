"""The synthetic demo cohort, loaded into the record (seeded: the same children every time)."""

from __future__ import annotations

from django.utils import timezone

from engraft.core.cohort.generator import generate_cohort

from .models import Patient
from .record_import import save_record

DEMO_SEED = 20261128
DEMO_SIZE = 60


def load_demo_cohort(size: int = DEMO_SIZE, seed: int = DEMO_SEED) -> int:
    """Create the cohort's patients that do not exist yet; return how many were added."""
    cohort = generate_cohort(seed, size=size, today=timezone.localdate())
    existing = set(
        str(pid)
        for pid in Patient.objects.filter(
            public_id__in=[member.record.id for member in cohort]
        ).values_list("public_id", flat=True)
    )
    added = 0
    for member in cohort:
        if member.record.id in existing:
            continue
        patient, _ = save_record(member.record)
        patient.pathway_stage = member.pathway_stage.value
        patient.save(update_fields=["pathway_stage"])
        added += 1
    return added
