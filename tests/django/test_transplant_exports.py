"""The transplant outputs: the summary PDF for the referring hospital and the FHIR Bundle."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse
from fhir.resources.R4B import construct_fhir_element
from pypdf import PdfReader

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.core.fhir.transplant_import import import_transplant_bundle
from engraft.record.models import BodyMeasurement, LabResult
from engraft.transplant.models import ChimerismResult, Transfusion
from engraft.transplant.selectors import core_episode

from .factories import make_patient
from .url_samples_transplant_exports import make_episode

TODAY = date(2026, 11, 1)  # day +34 of an infusion on 28 Sep 2026
# ANC after the nadir of day +6: >= 0.5 on days +17, +18 and +19, so engrafted on day +17.
ANC = {
    date(2026, 9, 30): 1.2,
    date(2026, 10, 4): 0.05,
    date(2026, 10, 14): 0.3,
    date(2026, 10, 15): 0.6,
    date(2026, 10, 16): 0.7,
    date(2026, 10, 17): 0.9,
    date(2026, 10, 25): 1.8,
}


@pytest.fixture
def episode(db):
    patient = make_patient(birth_date=date(2025, 1, 10), hospital_number="H-7701")
    episode = make_episode(patient)
    for day, value in ANC.items():
        LabResult.objects.create(
            patient=patient,
            analyte="anc",
            collected_at=datetime(day.year, day.month, day.day, 7, 0, tzinfo=UTC),
            value=value,
            unit="10*9/L",
        )
    BodyMeasurement.objects.create(patient=patient, measured_on=date(2026, 9, 27), weight_kg=9.5)
    Transfusion.objects.create(episode=episode, given_on=date(2026, 10, 5), product="platelets")
    ChimerismResult.objects.create(
        episode=episode, sampled_on=date(2026, 10, 26), lineage="whole_blood", donor_percent=97
    )
    return episode


def pdf_text(response) -> str:
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@time_machine.travel(datetime(2026, 11, 1, 10, 0, tzinfo=UTC), tick=False)
def test_summary_pdf_names_the_neutrophil_engraftment_day_and_the_graft_source(login, episode):
    response = login(Role.NURSE).get(reverse("transplant:summary_pdf", args=[episode.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "15 Oct 2026 (day +17)" in text
    assert "Bone marrow" in text
    assert "day +34" in text  # computed for today, with its day number
    assert "Busulfan / fludarabine" in text
    assert "97 %" in text


@time_machine.travel(datetime(2026, 11, 1, 10, 0, tzinfo=UTC), tick=False)
def test_summary_pdf_download_is_audited_as_an_export_of_the_episode(login, cast, episode):
    login(Role.SPECIALIST).get(reverse("transplant:summary_pdf", args=[episode.public_id]))
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.object_type, event.object_id) == (
        cast[Role.SPECIALIST],
        "transplant.TransplantEpisode",
        str(episode.public_id),
    )
    assert "summary PDF" in event.summary
    assert str(episode.patient.public_id) in event.summary


@time_machine.travel(datetime(2026, 11, 1, 10, 0, tzinfo=UTC), tick=False)
def test_fhir_download_is_a_valid_bundle_with_the_hsct_procedure_graft_and_counts(login, episode):
    response = login(Role.DATA_MANAGER).get(
        reverse("transplant:episode_fhir", args=[episode.public_id])
    )
    assert response.status_code == 200
    assert f"transplant-{episode.public_id}.json" in response["Content-Disposition"]
    bundle = response.json()
    assert construct_fhir_element("Bundle", bundle).type == "collection"
    by_type: dict[str, list[dict]] = {}
    for entry in bundle["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    (eoc,) = by_type["EpisodeOfCare"]
    assert eoc["patient"]["reference"] == f"Patient/{episode.patient.public_id}"
    hsct = [p for p in by_type["Procedure"] if p["id"].endswith("-hsct")]
    assert hsct[0]["code"]["coding"][0]["code"] == "234336002"
    assert hsct[0]["performedDateTime"] == "2026-09-28"
    (graft,) = by_type["BiologicallyDerivedProduct"]
    assert graft["productCode"]["coding"][0]["code"] == "bone_marrow"
    anc = [
        (o["effectiveDateTime"], o["valueQuantity"]["value"])
        for o in by_type["Observation"]
        if o["code"]["coding"][0]["code"] == "751-8"
    ]
    assert anc == [(d.isoformat(), v) for d, v in ANC.items()]


@time_machine.travel(datetime(2026, 11, 1, 10, 0, tzinfo=UTC), tick=False)
def test_fhir_download_reads_back_into_the_episode_the_core_computes_from(login, episode):
    response = login(Role.PHYSICIAN).get(
        reverse("transplant:episode_fhir", args=[episode.public_id])
    )
    imported = import_transplant_bundle(response.json(), today=TODAY)
    expected = core_episode(episode, TODAY)
    # The Bundle carries no height (the BSA is recomputed from the record, not exchanged).
    assert imported.episode == expected.__class__(**{**expected.__dict__, "height_cm": None})
    assert (imported.metadata.number, imported.metadata.regimen) == (1, "bu_flu")
    assert imported.metadata.admission == date(2026, 9, 20)
    assert imported.metadata.donor_type == "matched_sibling"


@time_machine.travel(datetime(2026, 11, 1, 10, 0, tzinfo=UTC), tick=False)
def test_fhir_download_is_audited_as_an_export_of_the_episode(login, cast, episode):
    login(Role.COORDINATOR).get(reverse("transplant:episode_fhir", args=[episode.public_id]))
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.object_type, event.object_id) == (
        cast[Role.COORDINATOR],
        "transplant.TransplantEpisode",
        str(episode.public_id),
    )
    assert "FHIR" in event.summary


@time_machine.travel(datetime(2026, 11, 1, 10, 0, tzinfo=UTC), tick=False)
def test_a_ward_nurse_prints_the_summary_but_may_not_export_the_bundle(login, episode):
    nurse = login(Role.NURSE)
    assert nurse.get(reverse("transplant:summary_pdf", args=[episode.public_id])).status_code == 200
    refused = nurse.get(reverse("transplant:episode_fhir", args=[episode.public_id]))
    assert refused.status_code == 403
    assert (
        not AuditEvent.objects.filter(action="export", actor__role="nurse")
        .exclude(summary__contains="summary PDF")
        .exists()
    )


def test_an_unknown_episode_is_not_found_and_nothing_is_exported(login, db):
    import uuid

    response = login(Role.PHYSICIAN).get(reverse("transplant:summary_pdf", args=[uuid.uuid4()]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


@time_machine.travel(datetime(2026, 11, 1, 10, 0, tzinfo=UTC), tick=False)
def test_a_planned_episode_with_day_0_ahead_has_a_summary_and_a_bundle(login, db):
    planned = make_episode(
        status="planned", admitted_on=date(2026, 11, 10), day0=date(2026, 11, 18)
    )
    physician = login(Role.PHYSICIAN)
    summary = physician.get(reverse("transplant:summary_pdf", args=[planned.public_id]))
    assert summary.status_code == 200
    assert "10 Nov 2026 (day -8)" in pdf_text(summary)
    bundle = physician.get(reverse("transplant:episode_fhir", args=[planned.public_id])).json()
    imported = import_transplant_bundle(bundle, today=TODAY)
    assert (imported.episode.day0, imported.metadata.status) == (date(2026, 11, 18), "planned")
