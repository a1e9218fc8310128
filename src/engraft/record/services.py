"""State changes of the patient record. Each runs in a transaction and audits itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import record_access
from engraft.core.record.findings import FindingKind, Trend, finding_value_errors
from engraft.core.record.hgvs import HgvsError, parse_hgvs
from engraft.core.record.lab_csv import LabCsvError, LabCsvRow
from engraft.core.record.lab_value import LabValueError, normalise_lab_value
from engraft.core.record.patient import PatientRecord
from engraft.core.record.studies import STUDY_SPECS, StudyKind, study_result_errors

from . import models
from .mapping import save_record


def likely_duplicates(
    family_name: str, birth_date: date | None, hospital_number: str = ""
) -> list[models.Patient]:
    """Patients with the same family name and date of birth, or the same hospital number."""
    match = Q(pk__in=[])
    if family_name and birth_date:
        match |= Q(family_name__iexact=family_name.strip(), birth_date=birth_date)
    if hospital_number.strip():
        match |= Q(hospital_number__iexact=hospital_number.strip())
    return list(models.Patient.objects.filter(match).order_by("family_name", "birth_date"))


def check_birth_date(birth_date: date, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if birth_date > today:
        raise ValidationError(
            {"birth_date": f"The date of birth {birth_date:%d %b %Y} is in the future."}
        )


@transaction.atomic
def register_referral(
    request: HttpRequest,
    patient_fields: dict[str, Any] | None,
    referral_fields: dict[str, Any],
    existing: models.Patient | None = None,
) -> models.Referral:
    """Record a referral, creating the patient unless an existing record is given."""
    if existing is None:
        check_birth_date(patient_fields["birth_date"])
        patient = models.Patient.objects.create(**patient_fields)
        record_access(request, AuditAction.CREATE, patient, summary="patient registered")
    else:
        patient = existing
    report = referral_fields.pop("report", None)
    content_type = referral_fields.pop("report_content_type", "")
    referral = models.Referral.objects.create(
        patient=patient, recorded_by=request.user, **referral_fields
    )
    if report:
        # In the same transaction: a referral is never saved without the letter it came with.
        attach_document(
            request, patient, title=f"Referral from {referral.referring_institution}",
            kind="referral letter", upload=report, content_type=content_type,
        )  # fmt: skip
    info = referral.information_request
    if info is not None and info.status != "referred":
        info.status = "referred"
        info.save(update_fields=["status"])
        record_access(request, AuditAction.CHANGE, info, summary="referred")
    record_access(request, AuditAction.CREATE, patient, summary="referral recorded")
    return referral


@transaction.atomic
def update_diagnosis(request: HttpRequest, patient: models.Patient, fields: dict) -> None:
    for name, value in fields.items():
        setattr(patient, name, value)
    patient.save()
    record_access(
        request, AuditAction.CHANGE, patient, summary="diagnosis: " + ", ".join(sorted(fields))
    )


@transaction.atomic
def add_relative(request: HttpRequest, patient: models.Patient, fields: dict) -> models.Relative:
    relative = models.Relative.objects.create(patient=patient, **fields)
    record_access(
        request, AuditAction.CHANGE, patient, summary=f"relative added ({relative.relationship})"
    )
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
    request: HttpRequest,
    patient: models.Patient,
    fields: dict[str, Any],
    variants: Sequence[VariantInput],
) -> models.GeneticResult:
    check_variants(variants)
    if fields["reported_on"] < patient.birth_date:
        raise ValidationError({"reported_on": "The report is dated before the date of birth."})
    result = models.GeneticResult.objects.create(
        patient=patient, recorded_by=request.user, **fields
    )
    for variant in variants:
        models.Variant.objects.create(
            result=result,
            hgvs=variant.hgvs,
            protein_hgvs=variant.protein_hgvs,
            classification=variant.classification,
        )
    if patient.genotype_pending:
        patient.genotype_pending = False
        patient.save(update_fields=["genotype_pending", "updated_at"])
    record_access(request, AuditAction.CHANGE, patient, summary=f"genetic result {result.gene}")
    return result


def check_finding(patient: models.Patient, fields: dict[str, Any]) -> None:
    """Refuse values that do not fit the finding's kind, and dates before birth."""
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
    if fields["observed_on"] < patient.birth_date:
        errors["observed_on"] = "The finding is dated before the date of birth."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_finding(
    request: HttpRequest, patient: models.Patient, fields: dict[str, Any]
) -> models.Finding:
    check_finding(patient, fields)
    finding = models.Finding.objects.create(patient=patient, recorded_by=request.user, **fields)
    record_access(request, AuditAction.CHANGE, patient, summary=f"finding {finding.kind}")
    return finding


def normalised_lab(patient: models.Patient, analyte: str, value: str, unit: str, at: datetime):
    """The core's checks of a lab value, raised as a validation error on the field."""
    try:
        return normalise_lab_value(
            analyte, value, unit, collected_at=at, birth_date=patient.birth_date
        )
    except LabValueError as error:
        raise ValidationError({error.field: error.message}) from None


@transaction.atomic
def record_lab_result(
    request: HttpRequest,
    patient: models.Patient,
    *,
    analyte: str,
    value: str,
    unit: str,
    collected_at: datetime,
    lab: str = "",
) -> models.LabResult:
    normal = normalised_lab(patient, analyte, value, unit, collected_at)
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
        recorded_by=request.user,
    )
    record_access(request, AuditAction.CHANGE, patient, summary=f"lab {result.analyte}")
    return result


@transaction.atomic
def void_fact(request: HttpRequest, fact: models.Voidable, reason: str) -> None:
    """Mark a clinical fact as entered in error; it stays in the record, struck through."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why this is voided."})
    fact.voided_at = timezone.now()
    fact.voided_by = request.user
    fact.void_reason = reason.strip()
    fact.save(update_fields=["voided_at", "voided_by", "void_reason"])
    record_access(
        request,
        AuditAction.CHANGE,
        fact.patient,
        summary=f"voided {fact._meta.model_name} {fact.public_id}: {reason.strip()}"[:300],
    )


@transaction.atomic
def attach_document(
    request: HttpRequest, patient: models.Patient, *, title: str, kind: str, upload, content_type
) -> models.Document:
    document = models.Document.objects.create(
        patient=patient,
        title=title,
        kind=kind,
        file=upload,
        content_type=content_type,
        original_name=upload.name[:200],
        size=upload.size,
        recorded_by=request.user,
    )
    record_access(request, AuditAction.CHANGE, patient, summary=f"document {title}")
    return document


REPORT_KINDS = {
    StudyKind.IMAGING: "imaging report",
    StudyKind.PROCEDURE: "procedure report",
    StudyKind.CONSULT: "consult note",
}


@transaction.atomic
def record_study(
    request: HttpRequest,
    patient: models.Patient,
    fields: dict[str, Any],
    *,
    report=None,
    report_content_type: str = "",
) -> models.Study:
    """Record an imaging study, procedure or consult, with its report attached if given."""
    if fields["performed_on"] < patient.birth_date:
        raise ValidationError({"performed_on": "The study is dated before the date of birth."})
    coded = (fields.get("result") or None, tuple(fields.get("result_findings") or ()))
    if errors := study_result_errors(fields["code"], *coded):
        raise ValidationError({field: [m for f, m in errors if f == field] for field, _ in errors})
    spec = STUDY_SPECS[fields["code"]]
    document = None
    if report:
        document = attach_document(
            request, patient, title=spec.display, kind=REPORT_KINDS[spec.kind],
            upload=report, content_type=report_content_type,
        )  # fmt: skip
    study = models.Study.objects.create(
        patient=patient, report=document, recorded_by=getattr(request, "user", None), **fields
    )
    record_access(request, AuditAction.CHANGE, patient, summary=f"study {study.code}")
    return study


@transaction.atomic
def import_record(
    request: HttpRequest | None, record: PatientRecord
) -> tuple[models.Patient, bool]:
    """Create or update a patient from an imported record (a FHIR Bundle), all or nothing."""
    user = request.user if request is not None else None
    patient, created = save_record(record, recorded_by=user)
    action = AuditAction.CREATE if created else AuditAction.CHANGE
    record_access(request, action, patient, summary="imported from a FHIR Bundle")
    return patient, created


@dataclass
class LabImportOutcome:
    added: int = 0
    unchanged: int = 0
    errors: list[LabCsvError] = field(default_factory=list)
    changed_patients: set[str] = field(default_factory=set)  # public ids given new values


def import_lab_rows(
    items: Iterable[LabCsvRow | LabCsvError], patients: dict[str, models.Patient]
) -> LabImportOutcome:
    """Store good rows of a lab file (skipping those already imported); collect the errors.

    Each row is its own small transaction keyed by the row's idempotency key, so a file can
    be imported again, or resumed after an interruption, without duplicates.
    """
    outcome = LabImportOutcome()
    for item in items:
        if isinstance(item, LabCsvError):
            outcome.errors.append(item)
            continue
        normal = item.result
        _, created = models.LabResult.objects.get_or_create(
            import_key=item.idempotency_key,
            defaults={
                "patient": patients[item.patient_identifier],
                "analyte": normal.analyte.key,
                "collected_at": item.collected_at,
                "value": normal.value,
                "unit": normal.unit,
                "entered_value": f"{normal.entered_value:g}",
                "entered_unit": normal.entered_unit,
                "flags": ",".join(normal.flags),
                "lab": item.lab,
            },
        )
        if created:
            outcome.added += 1
            outcome.changed_patients.add(item.patient_identifier)
        else:
            outcome.unchanged += 1
    return outcome
