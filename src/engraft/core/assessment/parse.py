"""Read a case from its JSON form (``case.schema.json``), with errors that name the bad field.

The schema is checked first (jsonschema), then dates are parsed; every error is a
``CaseError`` whose message starts with the field's path, e.g.
``genetics[0].zygosity: 'homo' is not one of [...]``.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from engraft.core.assessment.case import (
    Case,
    DonorType,
    Finding,
    FindingStatus,
    GeneticResult,
    GeneticTesting,
    GeneticTestingStatus,
    HctCiRecord,
    LabName,
    LabResult,
    LanskyScore,
    WorkupRecord,
    WorkupRecordStatus,
)
from engraft.core.record.lab_value import LabValueError, normalise_lab_value
from engraft.core.schema_errors import schema_error_message
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity


class CaseError(ValueError):
    """The case JSON is invalid; the message names the field."""


@cache
def case_schema() -> dict[str, Any]:
    """The JSON Schema of a case, shipped in this package."""
    text = files("engraft.core.assessment").joinpath("case.schema.json").read_text("utf-8")
    return json.loads(text)


def _date(value: str | None, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CaseError(f"{where}: {value!r} is not a valid date (YYYY-MM-DD)") from None


def _required_date(value: str, where: str) -> date:
    parsed = _date(value, where)
    assert parsed is not None  # the schema makes these fields required
    return parsed


# The case's lab names as the record's catalogue key and canonical unit, so that a value is
# refused exactly as the record refuses it (core/record/lab_value.py).
LAB_ANALYTES: dict[LabName, tuple[str, str]] = {
    LabName.HAEMOGLOBIN_G_DL: ("haemoglobin", "g/dL"),
    LabName.PLATELETS_10E9_L: ("platelets", "10*9/L"),
}


def _lab_value(name: str, value: float, where: str) -> float:
    analyte, unit = LAB_ANALYTES[LabName(name)]
    try:
        return normalise_lab_value(analyte, value, unit).value
    except LabValueError as error:
        raise CaseError(f"{where}: {error.message}") from None


def case_from_dict(data: Any) -> Case:
    """Build a Case from parsed JSON; raise CaseError naming the first bad field."""
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        raise CaseError("resourceType: a FHIR Bundle is not a case; read it with case_from_bundle")
    error = best_match(Draft202012Validator(case_schema()).iter_errors(data))
    if error is not None:
        raise CaseError(schema_error_message(error, "(case)"))
    testing = data["genetic_testing"]
    lansky, hct = data.get("lansky"), data.get("hct_ci")
    return Case(
        case_id=data["case_id"],
        sex=Sex(data["sex"]),
        date_of_birth=_required_date(data["date_of_birth"], "date_of_birth"),
        clinical_form=ClinicalForm(data.get("clinical_form", "unknown")),
        genetic_testing=GeneticTesting(
            status=GeneticTestingStatus(testing["status"]),
            requested_on=_date(testing.get("requested_on"), "genetic_testing.requested_on"),
            reported_on=_date(testing.get("reported_on"), "genetic_testing.reported_on"),
            ostm1_deletion_analysis=testing.get("ostm1_deletion_analysis"),
        ),
        genetics=tuple(
            GeneticResult(
                gene=g["gene"],
                zygosity=Zygosity(g["zygosity"]),
                classification=VariantClassification(g["classification"]),
                variants=tuple(g.get("variants", ())),
                reported_on=_date(g.get("reported_on"), f"genetics[{i}].reported_on"),
            )
            for i, g in enumerate(data.get("genetics", ()))
        ),
        findings=tuple(
            Finding(
                f["marker"],
                FindingStatus(f["status"]),
                _required_date(f["date"], f"findings[{i}].date"),
                f.get("note", ""),
            )
            for i, f in enumerate(data.get("findings", ()))
        ),
        labs=tuple(
            LabResult(
                LabName(lab["name"]),
                _lab_value(lab["name"], lab["value"], f"labs[{i}].value"),
                _required_date(lab["date"], f"labs[{i}].date"),
            )
            for i, lab in enumerate(data.get("labs", ()))
        ),
        workup=tuple(
            WorkupRecord(
                w["item"],
                _required_date(w["date"], f"workup[{i}].date"),
                WorkupRecordStatus(w.get("status", "done")),
            )
            for i, w in enumerate(data.get("workup", ()))
        ),
        lansky=LanskyScore(lansky["score"], _required_date(lansky["date"], "lansky.date"))
        if lansky
        else None,
        hct_ci=HctCiRecord(_required_date(hct["date"], "hct_ci.date"), tuple(hct["items"]))
        if hct
        else None,
        donor_type=DonorType(data["donor_type"]) if data.get("donor_type") else None,
        notes=tuple(data.get("notes", ())),
    )


def case_from_json(text: str) -> Case:
    """Parse JSON text into a Case; CaseError for malformed JSON or an invalid field."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseError(f"(file): not valid JSON: {exc.msg} at line {exc.lineno}") from None
    return case_from_dict(data)
