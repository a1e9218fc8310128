"""Importing a FHIR Bundle never moves data onto the wrong child, and never edits a fact."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.core.fhir.export import export_bundle
from engraft.core.record.findings import FindingKind
from engraft.core.record.patient import (
    Demographics,
    Diagnosis,
    Finding,
    GeneticResult,
    LabResult,
    PatientRecord,
    Relationship,
    Relative,
    Variant,
)
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity
from engraft.record.models import Finding as StoredFinding
from engraft.record.models import GeneticResult as StoredGeneticResult
from engraft.record.models import LabResult as StoredLab
from engraft.record.models import Patient
from engraft.record.models import Relative as StoredRelative

IMPORT = reverse("record:fhir_import")
TODAY = "2025-06-01 12:00Z"
CET = timezone(timedelta(hours=1))
MRN = "https://hospital-a.example/mrn"

# The first child's record, with the UUIDs its items have in the store.
ALVA = {
    "patient": "0a000000-0000-4000-8000-000000000001",
    "mother": "0a000000-0000-4000-8000-000000000002",
    "weight": "0a000000-0000-4000-8000-000000000003",
    "calcium": "0a000000-0000-4000-8000-000000000004",
    "report": "0a000000-0000-4000-8000-000000000005",
    "variant": "0a000000-0000-4000-8000-000000000006",
}


def child(
    ids: dict[str, str],
    number: str,
    family: str,
    *,
    weight: float = 4.6,
    calcium: float = 9.0,
) -> PatientRecord:
    return PatientRecord(
        id=ids["patient"],
        demographics=Demographics(
            number, family, ("Alva",), date(2025, 1, 10), Sex.FEMALE, identifier_system=MRN
        ),
        diagnosis=Diagnosis(ClinicalForm.INFANTILE_ARO, date(2025, 2, 20), id="diagnosis"),
        relatives=(
            Relative(Relationship.MOTHER, family, ("Maria",), Sex.FEMALE, id=ids["mother"]),
        ),
        genetic_results=(
            GeneticResult(
                "TCIRG1",
                (
                    Variant(
                        "NM_006019.4:c.1674-1G>A",
                        VariantClassification.PATHOGENIC,
                        id=ids["variant"],
                    ),
                ),
                Zygosity.HOMOZYGOUS,
                "Synthetic Genetics Lab",
                date(2025, 3, 1),
                id=ids["report"],
            ),
        ),
        findings=(
            Finding(
                FindingKind.WEIGHT, date(2025, 2, 21), "ward", quantity=weight, id=ids["weight"]
            ),
        ),
        labs=(
            LabResult(
                "calcium",
                datetime(2025, 2, 21, 8, 30, tzinfo=CET),
                calcium,
                "mg/dL",
                "Synthetic Lab",
                id=ids["calcium"],
            ),
        ),
    )


def post_bundle(client, record: PatientRecord | dict | str):
    if isinstance(record, PatientRecord):
        record = export_bundle(record, generated_at=datetime(2025, 6, 1, tzinfo=UTC))
    text = record if isinstance(record, str) else json.dumps(record)
    upload = SimpleUploadedFile("bundle.json", text.encode(), content_type="application/json")
    return client.post(IMPORT, {"bundle": upload})


def snapshot(patient: Patient) -> dict[str, list]:
    """Everything of a child's record that an import could have touched."""
    return {
        "relatives": list(
            StoredRelative.objects.filter(patient=patient).values_list(
                "public_id", "family_name", "given_names"
            )
        ),
        "findings": list(
            StoredFinding.objects.filter(patient=patient).values_list(
                "public_id", "quantity", "voided_at"
            )
        ),
        "labs": list(
            StoredLab.objects.filter(patient=patient).values_list("public_id", "value", "voided_at")
        ),
        "genetics": list(
            StoredGeneticResult.objects.filter(patient=patient).values_list(
                "public_id", "gene", "voided_at"
            )
        ),
    }


@pytest.fixture
def coordinator(login):
    with time_machine.travel(TODAY, tick=False):
        yield login(Role.COORDINATOR)


@pytest.mark.django_db
def test_a_bundle_for_a_new_child_reusing_another_childs_ids_is_refused(coordinator):
    assert post_bundle(coordinator, child(ALVA, "A-1", "Firstchild")).status_code == 302
    alva = Patient.objects.get(public_id=ALVA["patient"])
    before = snapshot(alva)
    events_before = AuditEvent.objects.filter(object_id=str(alva.public_id)).count()

    # A new patient (new id, new number) whose relative, finding, lab and report reuse Alva's.
    intruder = child({**ALVA, "patient": "0b000000-0000-4000-8000-000000000001"}, "B-1", "Other")
    bundle = export_bundle(intruder, generated_at=datetime(2025, 6, 1, tzinfo=UTC))
    response = post_bundle(coordinator, bundle)

    assert response.status_code == 200
    refused = {(e.index, e.resource_type) for e in response.context["bundle_errors"]}
    entry_of = {
        e["resource"]["id"]: (i, e["resource"]["resourceType"])
        for i, e in enumerate(bundle["entry"])
    }
    for name in ("mother", "weight", "calcium", "report", "variant"):
        assert entry_of[ALVA[name]] in refused, name
    text = response.content.decode()
    assert "belongs to another patient" in text
    assert ALVA["weight"] in text
    assert not Patient.objects.filter(hospital_number="B-1").exists()
    assert snapshot(alva) == before
    assert AuditEvent.objects.filter(object_id=str(alva.public_id)).count() == events_before


@pytest.mark.django_db
def test_a_reimport_with_a_changed_weight_and_lab_voids_and_replaces_them(coordinator):
    post_bundle(coordinator, child(ALVA, "A-1", "Firstchild"))
    response = post_bundle(coordinator, child(ALVA, "A-1", "Firstchild", weight=5.1, calcium=8.4))
    assert response.status_code == 302
    alva = Patient.objects.get(public_id=ALVA["patient"])

    old_weight = StoredFinding.objects.get(public_id=ALVA["weight"])
    assert old_weight.quantity == 4.6  # never edited in place
    assert old_weight.is_voided
    assert "replaced by a FHIR import" in old_weight.void_reason
    assert "quantity" in old_weight.void_reason
    current = StoredFinding.objects.get(patient=alva, voided_at__isnull=True)
    assert current.quantity == 5.1

    old_lab = StoredLab.objects.get(public_id=ALVA["calcium"])
    assert (old_lab.value, old_lab.is_voided) == (9.0, True)
    assert StoredLab.objects.get(patient=alva, voided_at__isnull=True).value == 8.4
    summaries = list(
        AuditEvent.objects.filter(object_id=str(alva.public_id)).values_list("summary", flat=True)
    )
    assert any(s.startswith(f"voided finding {ALVA['weight']}") for s in summaries)
    assert any(s.startswith(f"voided labresult {ALVA['calcium']}") for s in summaries)
    assert any("2 replaced" in s for s in summaries)

    # The same Bundle again changes nothing: the replacements are found by their Bundle ids.
    counts = (StoredFinding.objects.count(), StoredLab.objects.count())
    post_bundle(coordinator, child(ALVA, "A-1", "Firstchild", weight=5.1, calcium=8.4))
    assert (StoredFinding.objects.count(), StoredLab.objects.count()) == counts


@pytest.mark.django_db
def test_ids_that_are_not_uuids_stay_with_their_own_child(coordinator):
    plain = {k: f"{k}-1" for k in ALVA}  # an EHR's own ids, the same in both hospitals' files
    first = child({**plain, "patient": ALVA["patient"]}, "A-1", "Firstchild")
    second = child(
        {**plain, "patient": "0b000000-0000-4000-8000-000000000001"}, "B-1", "Second", weight=7.0
    )
    assert post_bundle(coordinator, first).status_code == 302
    assert post_bundle(coordinator, second).status_code == 302
    by_child = {
        p.family_name: list(p.findings.values_list("quantity", flat=True))
        for p in Patient.objects.all()
    }
    assert by_child == {"Firstchild": [4.6], "Second": [7.0]}


@pytest.mark.django_db
def test_a_hospital_number_of_another_child_is_refused_on_the_patient_entry(coordinator):
    post_bundle(coordinator, child(ALVA, "A-1", "Firstchild"))
    other = {k: v.replace("0a", "0c", 1) for k, v in ALVA.items()}
    response = post_bundle(coordinator, child(other, "A-1", "Other"))
    errors = response.context["bundle_errors"]
    assert [(e.resource_type, e.field) for e in errors] == [("Patient", "identifier")]
    assert Patient.objects.count() == 1


@pytest.mark.django_db
def test_a_lab_dated_in_the_future_is_refused_in_a_bundle(coordinator):
    record = child(ALVA, "A-1", "Firstchild")
    later = replace(record.labs[0], collected_at=datetime(2099, 1, 1, 8, 0, tzinfo=UTC))
    response = post_bundle(coordinator, replace(record, labs=(later,)))
    messages = [str(e) for e in response.context["bundle_errors"]]
    assert any("2099-01-01 is in the future" in m for m in messages)
    assert not Patient.objects.exists()


@pytest.mark.django_db
def test_a_finding_dated_tomorrow_is_refused_in_a_bundle(coordinator):
    record = child(ALVA, "A-1", "Firstchild")
    tomorrow = replace(record.findings[0], observed_on=date(2025, 6, 2))
    response = post_bundle(coordinator, replace(record, findings=(tomorrow,)))
    assert any("is in the future" in str(e) for e in response.context["bundle_errors"])
    assert not Patient.objects.exists()


@pytest.mark.django_db
@override_settings(ENGRAFT_FHIR_MAX_BYTES=2000)
def test_a_bundle_larger_than_the_limit_is_refused_with_the_limit_named(coordinator):
    response = post_bundle(coordinator, child(ALVA, "A-1", "Firstchild"))
    assert response.status_code == 200
    assert "ENGRAFT_FHIR_MAX_BYTES" in response.content.decode()
    assert not Patient.objects.exists()


@pytest.mark.django_db
def test_deeply_nested_json_is_refused_with_a_message(coordinator):
    deep = '{"resourceType": "Bundle", "type": "collection", "entry": ' + "[" * 5000 + "]" * 5000
    response = post_bundle(coordinator, deep + "}")
    assert response.status_code == 200
    assert "nests deeper than 64 levels" in response.content.decode()


@pytest.mark.django_db
def test_a_bundle_with_a_childs_id_but_another_birth_date_is_refused(coordinator):
    post_bundle(coordinator, child(ALVA, "A-1", "Firstchild"))
    record = child(ALVA, "A-1", "Firstchild")
    other = replace(record, demographics=replace(record.demographics, birth_date=date(2024, 5, 5)))
    response = post_bundle(coordinator, other)
    errors = response.context["bundle_errors"]
    assert [(e.index, e.resource_type) for e in errors] == [(0, "Patient")]
    assert "another date of birth" in errors[0].message
    assert Patient.objects.get().birth_date == date(2025, 1, 10)


@pytest.mark.django_db
def test_a_corrected_name_updates_the_child_and_is_audited(coordinator):
    post_bundle(coordinator, child(ALVA, "A-1", "Firstchild"))
    post_bundle(coordinator, child(ALVA, "A-1", "Firstchilde"))
    patient = Patient.objects.get()
    assert patient.family_name == "Firstchilde"
    summaries = AuditEvent.objects.filter(object_id=str(patient.public_id)).values_list(
        "summary", flat=True
    )
    assert any("changed family_name" in s for s in summaries)
