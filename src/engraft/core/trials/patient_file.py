"""Read a trial-matching patient file: the assessment's case, extended for trials.

The file is a case (``engraft/core/assessment/case.schema.json``, read by ``engraft assess``)
plus the keys of ``patient.schema.json``: ``diagnosis`` (ICD-10 code, subtype), ``transplant``
(status, day 0, donor type, graft source, prior transplants), ``trial_labs`` (any analyte of
the record's catalogue, converted to its canonical unit) and ``candidacy`` (the assessment's).
The extension is checked first, then the rest as a case; every error is a
:class:`PatientFileError` whose message starts with the field's path. A date after ``today``
is refused: it is a clinical fact, not a plan (except a candidate's planned day 0).
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from engraft.core.assessment.case import Case, DonorType
from engraft.core.assessment.parse import LAB_ANALYTES, CaseError, case_from_dict
from engraft.core.assessment.result import Candidacy
from engraft.core.record.lab_value import LabValueError, normalise_lab_value
from engraft.core.schema_errors import schema_error_message
from engraft.core.transplant.episode import GraftSource
from engraft.core.trials.patient import (
    CandidacyStatement,
    Diagnosis,
    GeneFinding,
    LabReading,
    LanskyReading,
    TransplantStatus,
    TrialPatient,
)
from engraft.core.vocabulary import ClinicalForm

PATIENT_FORMAT = "engraft-trial-patient/1"
EXTENSION_KEYS = ("format", "diagnosis", "transplant", "trial_labs", "candidacy")


class PatientFileError(ValueError):
    """The patient file is invalid; the message names the field."""


@cache
def patient_schema() -> dict[str, Any]:
    """The JSON Schema of the trial extension of a case, shipped in this package."""
    return json.loads(
        files("engraft.core.trials").joinpath("patient.schema.json").read_text("utf-8")
    )


def _date(value: str | None, where: str, today: date, *, future_ok: bool = False) -> date | None:
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise PatientFileError(f"{where}: {value!r} is not a valid date (YYYY-MM-DD)") from None
    if parsed > today and not future_ok:
        raise PatientFileError(f"{where}: {value} is in the future (today is {today.isoformat()})")
    return parsed


def _case_dates_not_future(case: Case, today: date) -> None:
    checks = [("date_of_birth", case.date_of_birth)]
    checks += [(f"labs[{i}].date", lab.date) for i, lab in enumerate(case.labs)]
    if case.lansky:
        checks.append(("lansky.date", case.lansky.date))
    if case.genetic_testing.reported_on:
        checks.append(("genetic_testing.reported_on", case.genetic_testing.reported_on))
    for where, value in checks:
        if value > today:
            raise PatientFileError(f"{where}: {value} is in the future (today is {today})")


def _labs(data: list[dict[str, Any]], case: Case, today: date) -> tuple[LabReading, ...]:
    out = []
    for lab in case.labs:
        analyte, unit = LAB_ANALYTES[lab.name]
        out.append(LabReading(analyte, lab.value, unit, lab.date))
    for i, row in enumerate(data):
        where = f"trial_labs[{i}]"
        try:
            value = normalise_lab_value(row["analyte"], row["value"], row["unit"])
        except LabValueError as error:
            raise PatientFileError(f"{where}.{error.field}: {error.message}") from None
        on = _date(row["date"], f"{where}.date", today)
        assert on is not None
        out.append(LabReading(value.analyte.key, value.value, value.unit, on))
    return tuple(out)


def patient_from_dict(data: Any, *, today: date) -> TrialPatient:
    """Build a TrialPatient from parsed JSON; PatientFileError names the first bad field."""
    if not isinstance(data, dict):
        raise PatientFileError("(file): a patient file is a JSON object")
    error = best_match(Draft202012Validator(patient_schema()).iter_errors(data))
    if error is not None:
        raise PatientFileError(schema_error_message(error, "(file)"))
    try:
        case = case_from_dict({k: v for k, v in data.items() if k not in EXTENSION_KEYS})
    except CaseError as error:
        raise PatientFileError(str(error)) from None
    _case_dates_not_future(case, today)
    diagnosis = data.get("diagnosis", {})
    transplant = data.get("transplant")
    candidacy = data.get("candidacy")
    status = TransplantStatus(transplant["status"]) if transplant else None
    day0 = None
    if transplant:
        day0 = _date(
            transplant.get("day0"),
            "transplant.day0",
            today,
            future_ok=status is TransplantStatus.CANDIDATE,
        )
        if status is TransplantStatus.TRANSPLANTED and day0 is None:
            raise PatientFileError("transplant.day0: required when the status is transplanted")
        if day0 is not None and day0 < case.date_of_birth:
            raise PatientFileError(f"transplant.day0: {day0} is before the date of birth")
    donor = (transplant or {}).get("donor_type")
    testing = case.genetic_testing
    return TrialPatient(
        patient_id=case.case_id,
        birth_date=case.date_of_birth,
        sex=case.sex,
        diagnosis=Diagnosis(
            icd10=diagnosis.get("icd10"),
            clinical_form=case.clinical_form,
            subtype=diagnosis.get("subtype"),
            date=_date(diagnosis.get("date"), "diagnosis.date", today),
        )
        if diagnosis or case.clinical_form is not ClinicalForm.UNKNOWN
        else None,
        genes=tuple(
            GeneFinding(g.gene, g.zygosity, g.classification, g.reported_on or testing.reported_on)
            for g in case.genetics
        ),
        genetics_reported_on=testing.reported_on if testing.status.value == "reported" else None,
        transplant_status=status,
        day0=day0,
        donor_type=DonorType(donor) if donor else case.donor_type,
        graft_source=GraftSource(transplant["graft_source"])
        if transplant and transplant.get("graft_source")
        else None,
        prior_transplants=transplant.get("prior_transplants") if transplant else None,
        lansky=LanskyReading(case.lansky.score, case.lansky.date) if case.lansky else None,
        labs=_labs(data.get("trial_labs", []), case, today),
        candidacy=CandidacyStatement(
            Candidacy(candidacy["value"]),
            _date(candidacy["date"], "candidacy.date", today) or today,
        )
        if candidacy
        else None,
    )


def patient_from_json(text: str, *, today: date) -> TrialPatient:
    """Parse JSON text into a TrialPatient; PatientFileError for malformed JSON or a bad field."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PatientFileError(f"(file): not valid JSON: {exc.msg} at line {exc.lineno}") from None
    return patient_from_dict(data, today=today)
