"""Export a patient record as a FHIR R4 Bundle (collection), validated with fhir.resources.

Models come from ``fhir.resources.R4B``: the top-level ``fhir.resources`` package is R5, and
R4B is the closest to R4 the library ships (software.md 3.3). Every resource is validated
structurally by its model before the Bundle is returned; code membership is our own concern
(software.md 3.3: fhir.resources does not enforce bindings), hence the fixed tables in
``codes.py``.

Mapping (docs/record.md has the table): Patient; RelatedPerson per relative; Condition for the
diagnosis; one Observation per lab result (LOINC, UCUM) and per finding; for genetics a
grouping Observation per report with one variant Observation per variant (Genomics
Reporting variant shape); DocumentReference per document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fhir.resources.R4B import construct_fhir_element
from fhir.resources.R4B.bundle import Bundle

from engraft.core.fhir import codes as c
from engraft.core.record.analytes import get_analyte
from engraft.core.record.findings import FINDING_SPECS
from engraft.core.record.patient import (
    Diagnosis,
    Document,
    Finding,
    GeneticResult,
    LabResult,
    PatientRecord,
    Relative,
    Variant,
)
from engraft.core.vocabulary import ClinicalForm

DEFAULT_BASE_URL = "https://engraft.example.org/fhir"
Json = dict[str, Any]


def _coding(system: str, code: str, display: str | None = None) -> Json:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return coding


def _concept(system: str, code: str, display: str | None = None) -> Json:
    return {"coding": [_coding(system, code, display)]}


def _category(code: str) -> list[Json]:
    return [_concept(c.OBS_CATEGORY, code)]


def _quantity(value: float, unit: str) -> Json:
    return {"value": value, "unit": unit, "system": c.UCUM, "code": unit}


def patient_resource(record: PatientRecord) -> Json:
    """The Patient resource: identifier, name, sex and date of birth."""
    d = record.demographics
    return {
        "resourceType": "Patient",
        "id": record.id,
        "identifier": [{"system": d.identifier_system, "value": d.identifier}],
        "name": [{"family": d.family_name, "given": list(d.given_names)}],
        "gender": d.sex.value,
        "birthDate": d.birth_date.isoformat(),
    }


def related_person_resource(relative: Relative, patient_ref: str) -> Json:
    """A RelatedPerson with its HL7 v3 RoleCode relationship."""
    code, display = c.RELATIONSHIP_CODES[relative.relationship]
    resource: Json = {
        "resourceType": "RelatedPerson",
        "id": relative.id,
        "patient": {"reference": patient_ref},
        "relationship": [_concept(c.ROLE_CODE, code, display)],
        "name": [{"family": relative.family_name, "given": list(relative.given_names)}],
        "gender": relative.sex.value,
    }
    if relative.birth_date:
        resource["birthDate"] = relative.birth_date.isoformat()
    if relative.phone:
        resource["telecom"] = [{"system": "phone", "value": relative.phone}]
    return resource


def condition_resource(diagnosis: Diagnosis, patient_ref: str) -> Json:
    """Condition coded ICD-10-CM Q78.2 and SNOMED CT, with the clinical form as a local code."""
    form = diagnosis.clinical_form
    resource: Json = {
        "resourceType": "Condition",
        "id": diagnosis.id,
        "extension": [{"url": c.GENOTYPE_PENDING_URL, "valueBoolean": diagnosis.genotype_pending}],
        "clinicalStatus": _concept(c.CONDITION_CLINICAL, "active"),
        "code": {
            "coding": [
                _coding(c.ICD10CM, *c.ICD10_OSTEOPETROSIS),
                _coding(c.SNOMED, *c.SNOMED_OSTEOPETROSIS),
                _coding(c.CLINICAL_FORM_SYSTEM, form.value, form.name.replace("_", " ").lower()),
            ],
            "text": "Osteopetrosis" if form is ClinicalForm.UNKNOWN else f"Osteopetrosis, {form}",
        },
        "subject": {"reference": patient_ref},
    }
    if diagnosis.diagnosed_on:
        resource["recordedDate"] = diagnosis.diagnosed_on.isoformat()
    return resource


def lab_observation(lab: LabResult, patient_ref: str) -> Json:
    """A laboratory Observation with LOINC code and UCUM quantity."""
    analyte = get_analyte(lab.analyte)
    resource: Json = {
        "resourceType": "Observation",
        "id": lab.id,
        "status": "final",
        "category": _category("laboratory"),
        "code": {
            "coding": [
                _coding(c.LOINC, analyte.loinc, analyte.loinc_display),
                _coding(c.ANALYTE_SYSTEM, analyte.key, analyte.display),
            ],
            "text": analyte.display,
        },
        "subject": {"reference": patient_ref},
        "effectiveDateTime": lab.collected_at.isoformat(),
        "valueQuantity": _quantity(lab.value, lab.unit),
    }
    if lab.lab:
        resource["performer"] = [{"display": lab.lab}]
    return resource


def finding_observation(finding: Finding, patient_ref: str) -> Json:
    """An exam Observation for a finding: its primary value in value[x], others as components."""
    spec = FINDING_SPECS[finding.kind]
    coding = [_coding(c.FINDING_SYSTEM, finding.kind.value, spec.display)]
    if spec.loinc:
        coding.append(_coding(c.LOINC, spec.loinc))
    resource: Json = {
        "resourceType": "Observation",
        "id": finding.id,
        "status": "final",
        "category": _category("exam"),
        "code": {"coding": coding, "text": spec.display},
        "subject": {"reference": patient_ref},
        "effectiveDateTime": finding.observed_on.isoformat(),
        "performer": [{"display": finding.source}],
    }
    components: list[Json] = []
    primary = primary_value_of(finding.kind)
    parts = {"present": finding.present, "category": finding.category, "quantity": finding.quantity}
    for part, value in parts.items():
        if value is None:
            continue
        if part == "present":
            element = {"valueBoolean": value}
        elif part == "category":
            element = {"valueCodeableConcept": _concept(finding_result_system(finding.kind), value)}
        else:
            element = {"valueQuantity": _quantity(value, spec.unit or "1")}
        if part == primary:
            resource.update(element)
        else:
            components.append({"code": _concept(c.FINDING_PART_SYSTEM, part), **element})
    if finding.trend is not None:
        trend = _concept(c.FINDING_PART_SYSTEM + "-trend", finding.trend.value)
        components.append(
            {"code": _concept(c.FINDING_PART_SYSTEM, "trend"), "valueCodeableConcept": trend}
        )
    if components:
        resource["component"] = components
    if finding.note:
        resource["note"] = [{"text": finding.note}]
    return resource


def primary_value_of(kind: object) -> str:
    """Which value of a finding goes in Observation.value[x]: present, category or quantity."""
    spec = FINDING_SPECS[kind]  # type: ignore[index]
    if spec.presence:
        return "present"
    if spec.categories:
        return "category"
    return "quantity"


def finding_result_system(kind: object) -> str:
    """Local code system of one finding kind's coded results."""
    return f"{c.FINDING_SYSTEM}-result/{kind}"


def genetic_resources(result: GeneticResult, patient_ref: str) -> list[Json]:
    """A grouping Observation for the report and one variant Observation per variant."""
    common: Json = {
        "status": "final",
        "category": _category("laboratory"),
        "subject": {"reference": patient_ref},
        "effectiveDateTime": result.reported_on.isoformat(),
        "performer": [{"display": result.testing_lab}],
    }
    gene = {
        "code": _concept(c.LOINC, *c.GENE_STUDIED),
        "valueCodeableConcept": {"text": result.gene},
    }
    variants = [_variant_observation(v, result, common, gene) for v in result.variants]
    grouper: Json = {
        "resourceType": "Observation",
        "id": result.id,
        **common,
        "code": _concept(c.LOINC, *c.GENETIC_PANEL),
        "hasMember": [{"reference": f"Observation/{v['id']}"} for v in variants],
        "component": [gene],
    }
    return [grouper, *variants]


def _variant_observation(variant: Variant, result: GeneticResult, common: Json, gene: Json) -> Json:
    components = [
        gene,
        {
            "code": _concept(c.LOINC, *c.DNA_CHANGE),
            "valueCodeableConcept": _concept(c.HGVS, variant.hgvs),
        },
    ]
    if variant.protein_hgvs:
        components.append(
            {
                "code": _concept(c.LOINC, *c.AMINO_ACID_CHANGE),
                "valueCodeableConcept": _concept(c.HGVS, variant.protein_hgvs),
            }
        )
    components.append(
        {
            "code": _concept(c.LOINC, *c.ALLELIC_STATE),
            "valueCodeableConcept": _concept(c.LOINC, *c.ZYGOSITY_CODES[result.zygosity]),
        }
    )
    components.append(
        {
            "code": _concept(c.LOINC, *c.CLINICAL_SIGNIFICANCE),
            "valueCodeableConcept": _concept(
                c.LOINC, *c.CLASSIFICATION_CODES[variant.classification]
            ),
        }
    )
    return {
        "resourceType": "Observation",
        "id": variant.id,
        **common,
        "code": _concept(c.LOINC, *c.VARIANT_ASSESSMENT),
        "valueCodeableConcept": _concept(c.LOINC, *c.VARIANT_PRESENT),
        "component": components,
    }


def document_reference(document: Document, patient_ref: str) -> Json:
    """A DocumentReference pointing at a stored report."""
    return {
        "resourceType": "DocumentReference",
        "id": document.id,
        "status": "current",
        "type": {"text": document.kind},
        "subject": {"reference": patient_ref},
        "date": document.created_at.isoformat(),
        "description": document.title,
        "content": [
            {
                "attachment": {
                    "contentType": document.content_type,
                    "url": document.url,
                    "title": document.title,
                }
            }
        ],
    }


def record_resources(record: PatientRecord) -> list[Json]:
    """All resources for ``record``, in a fixed order (Patient first)."""
    ref = f"Patient/{record.id}"
    resources = [patient_resource(record)]
    resources += [related_person_resource(r, ref) for r in record.relatives]
    resources.append(condition_resource(record.diagnosis, ref))
    for result in record.genetic_results:
        resources += genetic_resources(result, ref)
    resources += [finding_observation(f, ref) for f in record.findings]
    resources += [lab_observation(lab, ref) for lab in record.labs]
    resources += [document_reference(d, ref) for d in record.documents]
    return resources


def export_bundle(
    record: PatientRecord,
    *,
    generated_at: datetime,
    base_url: str = DEFAULT_BASE_URL,
    extra_resources: Sequence[Json] = (),
) -> Json:
    """The record as a FHIR R4 ``collection`` Bundle (JSON-ready dict), validated.

    ``generated_at`` (timezone-aware) becomes ``Bundle.timestamp``; it is explicit so that two
    exports of the same record are identical. ``extra_resources`` are what later stages add
    about the same patient (trials: ResearchStudy, ResearchSubject), placed after the
    record's own. Raises ``ValueError`` if a resource does not validate (a bug in the mapping,
    never the user's data once the record is validated).
    """
    if generated_at.tzinfo is None:
        raise ValueError("generated_at needs a time zone")
    entries = []
    for resource in [*record_resources(record), *extra_resources]:
        construct_fhir_element(resource["resourceType"], resource)  # validates, raises
        url = f"{base_url}/{resource['resourceType']}/{resource['id']}"
        entries.append({"fullUrl": url, "resource": resource})
    bundle = {
        "resourceType": "Bundle",
        "id": record.id,
        "type": "collection",
        "timestamp": generated_at.isoformat(),
        "entry": entries,
    }
    Bundle.parse_obj(bundle)
    return bundle


def export_bundle_json(record: PatientRecord, *, generated_at: datetime) -> str:
    """The exported Bundle as indented JSON text."""
    return json.dumps(export_bundle(record, generated_at=generated_at), indent=2)
