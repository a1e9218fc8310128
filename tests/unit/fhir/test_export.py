"""What a receiving system finds in the exported Bundle."""

from __future__ import annotations

import pytest

from engraft.core.fhir import codes
from engraft.core.fhir.export import export_bundle

from .conftest import GENERATED_AT


def _resources(bundle, rtype):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype]


def _codings(concept):
    return {(c["system"], c["code"]) for c in concept["coding"]}


def test_bundle_holds_patient_relatives_condition_observations_and_documents(record):
    bundle = export_bundle(record, generated_at=GENERATED_AT)
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert types[0] == "Patient"
    assert types.count("RelatedPerson") == 2
    assert types.count("Condition") == 1
    assert types.count("DocumentReference") == 1
    # 1 genetic panel + 2 variants + 4 findings + 2 labs
    assert types.count("Observation") == 9


def test_condition_is_coded_icd10_q78_2_and_snomed(record):
    condition = _resources(export_bundle(record, generated_at=GENERATED_AT), "Condition")[0]
    pairs = _codings(condition["code"])
    assert (codes.ICD10CM, "Q78.2") in pairs
    assert any(system == codes.SNOMED for system, _ in pairs)


def test_lab_observation_carries_loinc_and_ucum(record):
    bundle = export_bundle(record, generated_at=GENERATED_AT)
    calcium = next(o for o in _resources(bundle, "Observation") if o["id"] == "lab-1")
    assert (codes.LOINC, "17861-6") in _codings(calcium["code"])
    assert calcium["valueQuantity"] == {
        "value": 7.2,
        "unit": "mg/dL",
        "system": codes.UCUM,
        "code": "mg/dL",
    }
    assert calcium["effectiveDateTime"] == "2025-02-21T08:30:00+01:00"


def test_variant_observation_follows_genomics_reporting_shape(record):
    bundle = export_bundle(record, generated_at=GENERATED_AT)
    variant = next(o for o in _resources(bundle, "Observation") if o["id"] == "v-1")
    assert (codes.LOINC, "69548-6") in _codings(variant["code"])
    components = {c["code"]["coding"][0]["code"]: c for c in variant["component"]}
    assert components["48004-6"]["valueCodeableConcept"]["coding"][0]["code"] == (
        "NM_006019.4:c.1674-1G>A"
    )
    assert components["53034-5"]["valueCodeableConcept"]["coding"][0]["code"] == "LA26217-0"
    assert components["53037-8"]["valueCodeableConcept"]["coding"][0]["code"] == "LA6668-3"


def test_panel_lists_its_variants_as_members(record):
    bundle = export_bundle(record, generated_at=GENERATED_AT)
    panel = next(o for o in _resources(bundle, "Observation") if o["id"] == "gen-1")
    assert [m["reference"] for m in panel["hasMember"]] == ["Observation/v-1", "Observation/v-2"]


def test_related_person_uses_v3_role_code(record):
    mother = _resources(export_bundle(record, generated_at=GENERATED_AT), "RelatedPerson")[0]
    assert (codes.ROLE_CODE, "MTH") in _codings(mother["relationship"][0])


def test_export_refuses_a_naive_timestamp(record):
    with pytest.raises(ValueError, match="time zone"):
        export_bundle(record, generated_at=GENERATED_AT.replace(tzinfo=None))
