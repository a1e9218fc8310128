"""Storing the rows of a laboratory's CSV file (`engraft import-labs`), audited per patient."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.record.lab_csv import LabCsvError, LabCsvRow, PatientDirectory, PatientKey

from . import models


@dataclass
class LabImportOutcome:
    added: int = 0
    unchanged: int = 0
    errors: list[LabCsvError] = field(default_factory=list)
    changed_patients: set[PatientKey] = field(default_factory=set)  # given new values


def patient_directory() -> tuple[PatientDirectory, dict[PatientKey, models.Patient]]:
    """The patients a lab file may name, by (issuing hospital, hospital number)."""
    patients = {
        (p.issuing_hospital, p.hospital_number): p
        for p in models.Patient.objects.exclude(hospital_number="")
    }
    directory = PatientDirectory((*key, p.birth_date) for key, p in patients.items())
    return directory, patients


def import_lab_rows(
    *,
    items: Iterable[LabCsvRow | LabCsvError],
    patients: dict[PatientKey, models.Patient],
    actor: Any,
    ip: str | None,
    source: str,
) -> LabImportOutcome:
    """Store good rows of a lab file (skipping those already imported); collect the errors.

    Rows arrive checked by the core (lengths, numbers, dates, patient), so the database is
    not the first to see a bad value. Each row is its own small transaction keyed by the
    row's idempotency key, so a file can be imported again, or resumed after an interruption,
    without duplicates. A patient's first new row of the run commits together with the run's
    audit event for that patient, so even a process killed mid-file leaves no row unaudited.
    """
    outcome = LabImportOutcome()

    def audit(patient: models.Patient) -> None:
        audit_event(
            actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
            summary=f"lab results imported from {source}",
        )  # fmt: skip

    for item in items:
        if isinstance(item, LabCsvError):
            outcome.errors.append(item)
            continue
        _store(item, patients[item.patient], outcome, audit)
    return outcome


def _store(item: LabCsvRow, patient: models.Patient, outcome: LabImportOutcome, audit) -> None:
    normal = item.result
    first_for_patient = item.patient not in outcome.changed_patients
    try:
        with transaction.atomic():
            _, created = models.LabResult.objects.get_or_create(
                import_key=item.idempotency_key,
                defaults={
                    "patient": patient,
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
            if created and first_for_patient:
                audit(patient)  # in the row's own transaction: both land, or neither
    except DatabaseError as error:
        # Not expected after the core's checks; reported on its line rather than ending the run.
        outcome.errors.append(LabCsvError(item.line, "row", f"not stored: {error}"))
        return
    if created:
        outcome.added += 1
        outcome.changed_patients.add(item.patient)
    else:
        outcome.unchanged += 1
