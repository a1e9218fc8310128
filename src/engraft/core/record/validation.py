"""Checks a whole patient record before it is saved or exported.

Returns every problem at once, each naming the field by its path in the record (for example
``labs[2].collected_at``), so that a form or an import can show them all and save nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engraft.core.record.analytes import UnknownAnalyteError, get_analyte
from engraft.core.record.findings import finding_value_errors
from engraft.core.record.hgvs import HgvsError, parse_hgvs
from engraft.core.record.lab_value import LabValueError, check_collected_at
from engraft.core.record.patient import LabResult, PatientRecord


@dataclass(frozen=True)
class RecordError:
    """One problem in a record: where it is and what is wrong."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def validate_record(record: PatientRecord, *, today: date) -> list[RecordError]:
    """Every problem in ``record``; an empty list means it may be saved.

    ``today`` is explicit so that "date of birth in the future" does not depend on a hidden
    clock (and tests can fix it).
    """
    errors: list[RecordError] = []
    birth = record.demographics.birth_date
    if birth > today:
        errors.append(
            RecordError("demographics.birth_date", f"{birth.isoformat()} is in the future")
        )
    if not record.demographics.identifier.strip():
        errors.append(RecordError("demographics.identifier", "is empty"))
    if record.diagnosis.diagnosed_on is not None and record.diagnosis.diagnosed_on < birth:
        errors.append(RecordError("diagnosis.diagnosed_on", "is before the date of birth"))
    for i, result in enumerate(record.genetic_results):
        where = f"genetic_results[{i}]"
        if not result.gene.strip():
            errors.append(RecordError(f"{where}.gene", "is empty"))
        if not result.variants:
            errors.append(RecordError(f"{where}.variants", "a result needs at least one variant"))
        for j, variant in enumerate(result.variants):
            for name, text in (("hgvs", variant.hgvs), ("protein_hgvs", variant.protein_hgvs)):
                if text is None:
                    continue
                try:
                    parsed = parse_hgvs(text)
                except HgvsError as error:
                    errors.append(RecordError(f"{where}.variants[{j}].{name}", str(error)))
                    continue
                if (name == "protein_hgvs") != (parsed.coordinate_type == "p"):
                    message = f"{text!r} has the wrong coordinate type"
                    errors.append(RecordError(f"{where}.variants[{j}].{name}", message))
        if result.reported_on < birth:
            errors.append(RecordError(f"{where}.reported_on", "is before the date of birth"))
        if result.reported_on > today:
            errors.append(RecordError(f"{where}.reported_on", "is in the future"))
    for i, finding in enumerate(record.findings):
        where = f"findings[{i}]"
        if finding.observed_on < birth:
            errors.append(RecordError(f"{where}.observed_on", "is before the date of birth"))
        if finding.observed_on > today:
            errors.append(RecordError(f"{where}.observed_on", "is in the future"))
        if not finding.source.strip():
            errors.append(RecordError(f"{where}.source", "every finding needs its source"))
        for name, message in finding_value_errors(
            finding.kind, finding.present, finding.quantity, finding.category, finding.trend
        ):
            errors.append(RecordError(f"{where}.{name}", message))
    for i, lab in enumerate(record.labs):
        errors.extend(_lab_errors(f"labs[{i}]", lab, birth, today))
    for i, study in enumerate(record.studies):
        if study.performed_on < birth:
            errors.append(RecordError(f"studies[{i}].performed_on", "is before the date of birth"))
        if study.performed_on > today:
            errors.append(RecordError(f"studies[{i}].performed_on", "is in the future"))
    for i, document in enumerate(record.documents):
        if document.created_at.tzinfo is None:
            errors.append(RecordError(f"documents[{i}].created_at", "needs a time zone"))
    return errors


def _lab_errors(where: str, lab: LabResult, birth: date, today: date) -> list[RecordError]:
    value, unit = lab.value, lab.unit
    try:
        analyte = get_analyte(lab.analyte)
    except UnknownAnalyteError as error:
        return [RecordError(f"{where}.analyte", str(error))]
    errors = []
    try:
        check_collected_at(lab.collected_at, birth, today)
    except LabValueError as error:
        errors.append(RecordError(f"{where}.{error.field}", error.message))
    if unit != analyte.unit:
        message = f"stored values must be in {analyte.unit}, not {unit!r}"
        errors.append(RecordError(f"{where}.unit", message))
    low, high = analyte.possible
    if not low <= value <= high:
        errors.append(RecordError(f"{where}.value", f"{value:g} {analyte.unit} is impossible"))
    return errors
