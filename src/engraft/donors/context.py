"""The patient's transplant context: dated weight and height, CMV serostatus, ABO and Rh(D).

The donor search ranks CMV and ABO matches and divides a cord unit's cells by the latest
current weight (hla.md); every search path (web and ``engraft donors search --patient``) reads
the context from here. Recording it is the record's (`record.services.record_body_measurement`,
`set_transplant_context`).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from engraft.core.hla.knowledge import donor_constants
from engraft.core.hla.ranking import PatientContext
from engraft.record.models import BodyMeasurement, Patient


def latest_weight(patient: Patient) -> BodyMeasurement | None:
    """The latest current measurement that gives a weight."""
    return patient.body_measurements.filter(voided_at__isnull=True, weight_kg__isnull=False).first()


def patient_context(patient: Patient, today: date | None = None) -> PatientContext:
    """What the ranking and the cord dose need: CMV, ABO and the latest weight (and which);
    a weight older than the knowledge base's limit is said to be out of date."""
    weight = latest_weight(patient)
    if weight is None:
        return PatientContext(cmv=patient.cmv_serostatus, abo=patient.abo_group)
    source = f"weight {weight.weight_kg} kg measured on {weight.measured_on:%d %b %Y}"
    age_days = ((today or timezone.localdate()) - weight.measured_on).days
    limit = donor_constants().weight_max_age_days
    if age_days > limit:
        source += (
            f" ({age_days} days old, over the in-house {limit}: re-weigh the child before "
            "relying on the cord dose)"
        )
    return PatientContext(
        cmv=patient.cmv_serostatus,
        abo=patient.abo_group,
        weight_kg=float(weight.weight_kg),
        weight_source=source,
    )
