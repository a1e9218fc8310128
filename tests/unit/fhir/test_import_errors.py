"""A malformed or unsupported Bundle is refused with errors naming resource and field."""

from __future__ import annotations

import copy
import json

import pytest

from engraft.core.fhir.bundle_import import BundleImportError, import_bundle, read_bundle
from engraft.core.fhir.export import export_bundle

from .conftest import GENERATED_AT, TODAY


def _errors(bundle, **kwargs):
    with pytest.raises(BundleImportError) as caught:
        import_bundle(bundle, today=TODAY, **kwargs)
    return caught.value.errors


def _entry(bundle, resource_id):
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["id"] == resource_id)


@pytest.fixture
def bundle(record):
    return copy.deepcopy(export_bundle(record, generated_at=GENERATED_AT))


def test_text_that_is_not_json_is_refused():
    assert "not valid JSON" in _errors("{nope")[0].message


def test_a_resource_that_is_not_a_bundle_is_refused():
    assert _errors({"resourceType": "Patient"})[0].field == "resourceType"


def test_structural_error_names_entry_resource_and_field(bundle):
    _entry(bundle, "lab-1")["valueQuantity"]["value"] = "high"
    error = _errors(bundle)[0]
    assert (error.resource_type, error.field) == ("Observation", "valueQuantity.value")
    assert error.index == next(
        i for i, e in enumerate(bundle["entry"]) if e["resource"]["id"] == "lab-1"
    )


def test_unknown_unit_is_refused_on_the_quantity_code(bundle):
    _entry(bundle, "lab-1")["valueQuantity"]["code"] = "furlong"
    error = _errors(bundle)[0]
    assert error.field == "valueQuantity.code"
    assert "furlong" in error.message


def test_value_in_another_unit_is_converted_on_import(bundle):
    _entry(bundle, "lab-1")["valueQuantity"].update(value=1.8, code="mmol/L", unit="mmol/L")
    record = import_bundle(bundle, today=TODAY)
    assert next(lab for lab in record.labs if lab.id == "lab-1").value == pytest.approx(7.2144)


def test_impossible_value_is_refused(bundle):
    _entry(bundle, "lab-2")["valueQuantity"]["value"] = 300
    assert _errors(bundle)[0].field == "valueQuantity.value"


def test_lab_dated_before_birth_is_refused(bundle):
    _entry(bundle, "lab-1")["effectiveDateTime"] = "2024-12-01T08:00:00+00:00"
    assert _errors(bundle)[0].field == "effectiveDateTime"


def test_birth_date_in_the_future_is_refused(bundle):
    _entry(bundle, bundle["entry"][0]["resource"]["id"])["birthDate"] = "2030-01-01"
    errors = _errors(bundle)
    assert any(e.resource_type == "Patient" and e.field == "birthDate" for e in errors)


def test_invalid_hgvs_is_refused_naming_the_observation(bundle):
    variant = _entry(bundle, "v-1")
    variant["component"][1]["valueCodeableConcept"]["coding"][0]["code"] = "c.1674-1G>"
    errors = _errors(bundle)
    assert errors[0].resource_type == "Observation"
    assert "hgvs" in errors[0].field


def test_unsupported_resource_type_is_an_error_unless_ignored(bundle, record):
    bundle["entry"].append(
        {"resource": {"resourceType": "Encounter", "status": "finished", "class": {"code": "AMB"}}}
    )
    assert _errors(bundle)[0].resource_type == "Encounter"
    assert import_bundle(bundle, today=TODAY, ignore_unsupported=True) == record


def test_observation_with_an_unknown_code_is_refused(bundle):
    _entry(bundle, "lab-2")["code"] = {"coding": [{"system": "http://loinc.org", "code": "1-8"}]}
    assert _errors(bundle)[0].field == "code"


def test_bundle_without_patient_is_refused(bundle):
    bundle["entry"] = bundle["entry"][1:]
    assert "exactly one Patient" in _errors(bundle)[0].message


def test_observation_about_another_patient_is_refused(bundle):
    _entry(bundle, "lab-1")["subject"] = {"reference": "Patient/someone-else"}
    assert _errors(bundle)[0].field == "subject.reference"


def test_variant_sent_without_a_report_panel_is_read_as_its_own_report(bundle):
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["id"] != "gen-1"]
    record = import_bundle(bundle, today=TODAY)
    assert sorted(r.variants[0].id for r in record.genetic_results) == ["v-1", "v-2"]


def test_json_nested_deeper_than_the_limit_is_refused_before_parsing():
    text = '{"resourceType": "Bundle", "entry": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert "nests deeper than 64 levels" in _errors(text)[0].message


def test_brackets_inside_strings_do_not_count_as_nesting(bundle):
    _entry(bundle, "lab-1")["note"] = [{"text": "[[[[" * 100 + '\\"{{{{' * 100}]
    assert import_bundle(json.dumps(bundle), today=TODAY)


def test_a_parsed_value_nested_too_deep_is_refused():
    deep: dict = {}
    for _ in range(100):
        deep = {"x": deep}
    assert "nests deeper" in _errors({"resourceType": "Bundle", "deep": deep})[0].message


def test_read_bundle_names_the_entry_of_every_item(bundle, record):
    read = read_bundle(bundle, today=TODAY)
    entry_ids = {e["resource"]["id"]: i for i, e in enumerate(bundle["entry"])}
    for item in ("lab-1", "f-4", "rel-1", "gen-1", "v-1", record.id):
        assert read.sources[item].index == entry_ids[item]
    error = read.error("lab-1", "is refused")
    assert (error.index, error.resource_type) == (entry_ids["lab-1"], "Observation")
