"""State changes of the patient record. Each runs in a transaction and audits itself.

Every service takes the acting user (`actor`, None for the command line) and the client
address (`ip`) as keyword arguments, so the web and the command line call the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.hla.knowledge import donor_constants
from engraft.core.record.findings import (
    FindingKind,
    Trend,
    fact_date_error,
    finding_value_errors,
)
from engraft.core.record.hgvs import HgvsError, parse_hgvs
from engraft.core.record.lab_value import LabValueError, normalise_lab_value
from engraft.core.record.studies import STUDY_SPECS, StudyKind, study_result_errors
from engraft.information.models import InformationRequest

from . import models
from .locking import save_and_advance, save_if_unchanged
from .models import default_issuing_hospital

Actor = Any  # the signed-in user, or None for the command line


def likely_duplicates(
    family_name: str,
    birth_date: date | None,
    hospital_number: str = "",
    issuing_hospital: str = "",
) -> list[models.Patient]:
    """Patients with the same family name and date of birth, or the same hospital number.

    A hospital number names a child only with the hospital that issued it, so the number
    matches only within ``issuing_hospital`` (this centre's when not given).
    """
    match = Q(pk__in=[])
    if family_name and birth_date:
        match |= Q(family_name__iexact=family_name.strip(), birth_date=birth_date)
    if hospital_number.strip():
        match |= Q(
            hospital_number__iexact=hospital_number.strip(),
            issuing_hospital=issuing_hospital.strip() or default_issuing_hospital(),
        )
    return list(models.Patient.objects.filter(match).order_by("family_name", "birth_date"))


def check_birth_date(birth_date: date, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if birth_date > today:
        raise ValidationError(
            {"birth_date": f"The date of birth {birth_date:%d %b %Y} is in the future."}
        )


def check_fact_date(patient: models.Patient, field_name: str, on: date) -> None:
    """Refuse a clinical fact dated before birth or in the future (by today's clock)."""
    problem = fact_date_error(on, birth_date=patient.birth_date, today=timezone.localdate())
    if problem:
        raise ValidationError({field_name: problem})


def _create_patient(patient_fields: dict[str, Any]) -> models.Patient:
    fields = {**patient_fields}
    fields["issuing_hospital"] = (
        fields.get("issuing_hospital") or ""
    ).strip() or default_issuing_hospital()
    number = (fields.get("hospital_number") or "").strip()
    fields["hospital_number"] = number
    taken = models.Patient.objects.filter(
        issuing_hospital=fields["issuing_hospital"], hospital_number=number
    ).first()
    if number and taken is not None:
        raise ValidationError(
            {"hospital_number": f"Hospital number {number} of this hospital already belongs "
             f"to {taken}; record the referral on that patient."}
        )  # fmt: skip
    try:
        with transaction.atomic():
            return models.Patient.objects.create(**fields)
    except IntegrityError:
        # Another referral gave the number at the same moment; the constraint decided.
        raise ValidationError(
            {"hospital_number": f"Hospital number {number} was just given to another patient."}
        ) from None


@transaction.atomic
def register_referral(
    *,
    actor: Actor,
    ip: str | None,
    patient_fields: dict[str, Any] | None,
    referral_fields: dict[str, Any],
    existing: models.Patient | None = None,
) -> models.Referral:
    """Record a referral, creating the patient unless an existing record is given.

    Idempotent for an information request: the request is locked, and a request already
    referred returns its referral, so the same referral sent twice at once creates one
    patient (the database's one-referral-per-request constraint backs the lock).
    """
    info = referral_fields.get("information_request")
    if info is not None:
        info = InformationRequest.objects.select_for_update().get(pk=info.pk)
        earlier = models.Referral.objects.filter(information_request=info).first()
        if earlier is not None:
            return earlier
    if existing is None:
        check_birth_date(patient_fields["birth_date"])
        patient = _create_patient(patient_fields)
        audit_event(
            actor=actor, ip=ip, action=AuditAction.CREATE, target=patient,
            summary="patient registered",
        )  # fmt: skip
    else:
        patient = existing
    fields = {**referral_fields, "information_request": info}
    report = fields.pop("report", None)
    content_type = fields.pop("report_content_type", "")
    try:
        with transaction.atomic():
            referral = models.Referral.objects.create(patient=patient, recorded_by=actor, **fields)
    except IntegrityError:
        # Only the one-referral-per-request constraint can fail here: a race that no row
        # lock covered (SQLite has none). The whole attempt is undone.
        raise ValidationError(
            {"information_request": "This request has just been referred by someone else."}
        ) from None
    if report:
        # In the same transaction: a referral is never saved without the letter it came with.
        attach_document(
            actor=actor, ip=ip, patient=patient,
            title=f"Referral from {referral.referring_institution}",
            kind="referral letter", upload=report, content_type=content_type,
        )  # fmt: skip
    if info is not None and info.status != "referred":
        info.status = "referred"
        info.save(update_fields=["status"])
        audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=info, summary="referred")
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CREATE, target=patient, summary="referral recorded"
    )
    return referral


@transaction.atomic
def update_diagnosis(
    *, patient: models.Patient, actor: Any, ip: str | None, version: int, fields: dict
) -> None:
    """Save the diagnosis form, refused (ConcurrentEditError) if the record changed since."""
    save_if_unchanged(patient, version=version, actor=actor, noun="record", **fields)
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
        summary="diagnosis: " + ", ".join(sorted(fields)),
    )  # fmt: skip


@transaction.atomic
def add_relative(
    *, patient: models.Patient, actor: Actor, ip: str | None, fields: dict
) -> models.Relative:
    relative = models.Relative.objects.create(patient=patient, **fields)
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
        summary=f"relative added ({relative.relationship})",
    )  # fmt: skip
    return relative


@dataclass(frozen=True)
class VariantInput:
    hgvs: str
    protein_hgvs: str
    classification: str


def check_variants(variants: Sequence[VariantInput]) -> None:
    """Refuse a variant whose HGVS is not valid syntax, naming the variant and the position."""
    errors = {}
    for index, variant in enumerate(variants, start=1):
        for name, text in (("hgvs", variant.hgvs), ("protein_hgvs", variant.protein_hgvs)):
            if not text:
                continue
            try:
                parse_hgvs(text)
            except HgvsError as error:
                errors[f"variant_{index}_{name}"] = str(error)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_genetic_result(
    *,
    patient: models.Patient,
    actor: Actor,
    ip: str | None,
    fields: dict[str, Any],
    variants: Sequence[VariantInput],
) -> models.GeneticResult:
    check_variants(variants)
    check_fact_date(patient, "reported_on", fields["reported_on"])
    result = models.GeneticResult.objects.create(patient=patient, recorded_by=actor, **fields)
    for variant in variants:
        models.Variant.objects.create(
            result=result,
            hgvs=variant.hgvs,
            protein_hgvs=variant.protein_hgvs,
            classification=variant.classification,
        )
    if patient.genotype_pending:
        # Advances the record's version: a diagnosis form opened before cannot undo this.
        save_and_advance(patient, actor=actor, genotype_pending=False)
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
        summary=f"genetic result {result.gene}",
    )  # fmt: skip
    return result


def check_finding(patient: models.Patient, fields: dict[str, Any]) -> None:
    """Refuse values that do not fit the finding's kind, and dates before birth or to come."""
    kind = FindingKind(fields["kind"])
    errors = dict(
        finding_value_errors(
            kind,
            fields.get("present"),
            fields.get("quantity"),
            fields.get("category") or None,
            Trend(fields["trend"]) if fields.get("trend") else None,
        )
    )
    problem = fact_date_error(
        fields["observed_on"], birth_date=patient.birth_date, today=timezone.localdate()
    )
    if problem:
        errors["observed_on"] = problem
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_finding(
    *, patient: models.Patient, actor: Actor, ip: str | None, fields: dict[str, Any]
) -> models.Finding:
    check_finding(patient, fields)
    finding = models.Finding.objects.create(patient=patient, recorded_by=actor, **fields)
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
        summary=f"finding {finding.kind}",
    )  # fmt: skip
    return finding


def normalised_lab(patient: models.Patient, analyte: str, value: str, unit: str, at: datetime):
    """The core's checks of a lab value (dates to come refused), as a field's error."""
    try:
        return normalise_lab_value(
            analyte,
            value,
            unit,
            collected_at=at,
            birth_date=patient.birth_date,
            today=timezone.localdate(),
        )
    except LabValueError as error:
        raise ValidationError({error.field: error.message}) from None


@transaction.atomic
def record_lab_result(
    *,
    patient: models.Patient,
    actor: Actor,
    ip: str | None,
    analyte: str,
    value: str,
    unit: str,
    collected_at: datetime,
    lab: str = "",
) -> models.LabResult:
    normal = normalised_lab(patient, analyte, value, unit, collected_at)
    if len(lab) > models.LabResult._meta.get_field("lab").max_length:
        raise ValidationError({"lab": "The laboratory's name is longer than 120 characters."})
    result = models.LabResult.objects.create(
        patient=patient,
        analyte=normal.analyte.key,
        collected_at=collected_at,
        value=normal.value,
        unit=normal.unit,
        entered_value=f"{normal.entered_value:g}",
        entered_unit=normal.entered_unit,
        flags=",".join(normal.flags),
        lab=lab,
        recorded_by=actor,
    )
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
        summary=f"lab {result.analyte}",
    )  # fmt: skip
    return result


@transaction.atomic
def void_fact(*, fact: models.Voidable, actor: Actor, ip: str | None, reason: str) -> None:
    """Mark a clinical fact as entered in error; it stays in the record, struck through."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why this is voided."})
    fact.voided_at = timezone.now()
    fact.voided_by = actor
    fact.void_reason = reason.strip()[:300]
    fact.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target=fact.patient,
        summary=f"voided {fact._meta.model_name} {fact.public_id}: {reason.strip()}",
    )  # fmt: skip


@transaction.atomic
def attach_document(
    *,
    patient: models.Patient,
    actor: Actor,
    ip: str | None,
    title: str,
    kind: str,
    upload,
    content_type: str,
) -> models.Document:
    document = models.Document.objects.create(
        patient=patient,
        title=title,
        kind=kind,
        file=upload,
        content_type=content_type,
        original_name=upload.name[:200],
        size=upload.size,
        recorded_by=actor,
    )
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient, summary=f"document {title}"
    )
    return document


REPORT_KINDS = {
    StudyKind.IMAGING: "imaging report",
    StudyKind.PROCEDURE: "procedure report",
    StudyKind.CONSULT: "consult note",
}


@transaction.atomic
def record_study(
    *,
    patient: models.Patient,
    actor: Actor,
    ip: str | None,
    fields: dict[str, Any],
    report=None,
    report_content_type: str = "",
) -> models.Study:
    """Record an imaging study, procedure or consult, with its report attached if given."""
    check_fact_date(patient, "performed_on", fields["performed_on"])
    coded = (fields.get("result") or None, tuple(fields.get("result_findings") or ()))
    if errors := study_result_errors(fields["code"], *coded):
        raise ValidationError({field: [m for f, m in errors if f == field] for field, _ in errors})
    spec = STUDY_SPECS[fields["code"]]
    document = None
    if report:
        document = attach_document(
            actor=actor, ip=ip, patient=patient, title=spec.display,
            kind=REPORT_KINDS[spec.kind], upload=report, content_type=report_content_type,
        )  # fmt: skip
    study = models.Study.objects.create(
        patient=patient, report=document, recorded_by=actor, **fields
    )
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient, summary=f"study {study.code}"
    )
    return study


def _within(value: Decimal | None, bounds: tuple[float, float], field: str, unit: str) -> None:
    if value is not None and not bounds[0] <= float(value) <= bounds[1]:
        raise ValidationError(
            {field: f"{value} {unit} is outside {bounds[0]:g}-{bounds[1]:g} {unit}: check it"}
        )


@transaction.atomic
def record_body_measurement(
    *,
    patient: models.Patient,
    actor: Actor,
    ip: str | None,
    measured_on: date,
    weight_kg: Decimal | None,
    height_cm: Decimal | None,
) -> models.BodyMeasurement:
    """Store a dated weight and/or height (the donor search and the transplant read them)."""
    check_fact_date(patient, "measured_on", measured_on)
    if weight_kg is None and height_cm is None:
        raise ValidationError({"weight_kg": "give a weight, a height or both"})
    # The plausibility bounds are in-house, kept with the donor constants (donors.json).
    constants = donor_constants()
    _within(weight_kg, constants.weight_kg_range, "weight_kg", "kg")
    _within(height_cm, constants.height_cm_range, "height_cm", "cm")
    measurement = models.BodyMeasurement.objects.create(
        patient=patient, measured_on=measured_on, weight_kg=weight_kg, height_cm=height_cm,
        recorded_by=actor,
    )  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=measurement,
                summary=f"body measurement {measurement}")  # fmt: skip
    return measurement


@transaction.atomic
def set_transplant_context(
    *,
    patient: models.Patient,
    actor: Actor,
    ip: str | None,
    cmv_serostatus: str,
    abo_group: str,
    rh_d: str,
) -> models.Patient:
    """Record the patient's CMV serostatus, ABO group and Rh(D)."""
    for field_name, value, allowed in (
        ("cmv_serostatus", cmv_serostatus, models.CmvSerostatus.values),
        ("abo_group", abo_group, models.AboGroup.values), ("rh_d", rh_d, models.RhD.values),
    ):  # fmt: skip
        if value not in allowed:
            raise ValidationError({field_name: f"{value!r} is not one of {', '.join(allowed)}"})
    before = f"CMV {patient.cmv_serostatus}, ABO {patient.abo_group}, Rh(D) {patient.rh_d}"
    # Advances the record's version, like every other change to the patient row.
    save_and_advance(patient, actor=actor, cmv_serostatus=cmv_serostatus, abo_group=abo_group,
                     rh_d=rh_d)  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
                summary=f"transplant context {before} -> CMV {cmv_serostatus}, "
                        f"ABO {abo_group}, Rh(D) {rh_d}")  # fmt: skip
    return patient
