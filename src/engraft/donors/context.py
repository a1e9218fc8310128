"""The patient's transplant context: dated weight and height, CMV serostatus, ABO and Rh(D).

The donor search ranks CMV and ABO matches and divides a cord unit's cells by the latest
current weight (hla.md); every search path (web and ``engraft donors search --patient``) reads
the context from here. Services are keyword-only and write their own audit event.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.hla.knowledge import donor_constants
from engraft.core.hla.ranking import PatientContext
from engraft.record.models import AboGroup, BodyMeasurement, CmvSerostatus, Patient, RhD


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


def _in_range(value: Decimal | None, bounds: tuple[float, float], field: str, unit: str) -> None:
    if value is not None and not bounds[0] <= float(value) <= bounds[1]:
        raise ValidationError(
            {field: f"{value} {unit} is outside {bounds[0]:g}-{bounds[1]:g} {unit}: check it"}
        )


@transaction.atomic
def record_measurement(
    *,
    patient: Patient,
    actor,
    ip: str | None,
    measured_on: date,
    weight_kg: Decimal | None,
    height_cm: Decimal | None,
    today: date | None = None,
) -> BodyMeasurement:
    """Store a dated weight and/or height; a date in the future is not a clinical fact."""
    today = today or timezone.localdate()
    if measured_on > today:
        raise ValidationError({"measured_on": f"{measured_on:%d %b %Y} is in the future"})
    if measured_on < patient.birth_date:
        raise ValidationError({"measured_on": "is before the patient's date of birth"})
    if weight_kg is None and height_cm is None:
        raise ValidationError({"weight_kg": "give a weight, a height or both"})
    constants = donor_constants()
    _in_range(weight_kg, constants.weight_kg_range, "weight_kg", "kg")
    _in_range(height_cm, constants.height_cm_range, "height_cm", "cm")
    measurement = BodyMeasurement.objects.create(
        patient=patient, measured_on=measured_on, weight_kg=weight_kg, height_cm=height_cm,
        recorded_by=actor,
    )  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=measurement,
                summary=f"body measurement {measurement}")  # fmt: skip
    return measurement


@transaction.atomic
def set_transplant_context(
    *, patient: Patient, actor, ip: str | None, cmv_serostatus: str, abo_group: str, rh_d: str
) -> Patient:
    """Record the patient's CMV serostatus, ABO group and Rh(D)."""
    for field, value, allowed in (
        ("cmv_serostatus", cmv_serostatus, CmvSerostatus.values),
        ("abo_group", abo_group, AboGroup.values), ("rh_d", rh_d, RhD.values),
    ):  # fmt: skip
        if value not in allowed:
            raise ValidationError({field: f"{value!r} is not one of {', '.join(allowed)}"})
    before = f"CMV {patient.cmv_serostatus}, ABO {patient.abo_group}, Rh(D) {patient.rh_d}"
    patient.cmv_serostatus, patient.abo_group, patient.rh_d = cmv_serostatus, abo_group, rh_d
    patient.save(update_fields=["cmv_serostatus", "abo_group", "rh_d", "updated_at"])
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
                summary=f"transplant context {before} -> CMV {cmv_serostatus}, "
                        f"ABO {abo_group}, Rh(D) {rh_d}")  # fmt: skip
    return patient
