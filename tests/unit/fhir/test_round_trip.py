"""Export -> import -> export gives the same Bundle, and the same record."""

from __future__ import annotations

import json

from fhir.resources.R4B import construct_fhir_element

from engraft.core.fhir.bundle_import import import_bundle
from engraft.core.fhir.export import export_bundle, export_bundle_json

from .conftest import GENERATED_AT, TODAY


def test_import_of_an_export_gives_back_the_same_record(record):
    bundle = export_bundle(record, generated_at=GENERATED_AT)
    assert import_bundle(bundle, today=TODAY) == record


def test_export_import_export_gives_an_identical_bundle(record):
    first = export_bundle(record, generated_at=GENERATED_AT)
    second = export_bundle(import_bundle(first, today=TODAY), generated_at=GENERATED_AT)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_import_accepts_the_bundle_as_json_text(record):
    text = export_bundle_json(record, generated_at=GENERATED_AT)
    assert import_bundle(text, today=TODAY) == record


def test_every_exported_resource_validates_with_fhir_resources_r4b(record):
    bundle = export_bundle(record, generated_at=GENERATED_AT)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = construct_fhir_element(resource["resourceType"], resource)
        assert model.resource_type == resource["resourceType"]
