"""The timeline, lab charts and FHIR exchange of a patient's record."""

import json
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.record.demo import load_demo_cohort
from engraft.record.models import LabResult, Patient

from .factories import make_finding, make_lab, make_patient


@pytest.mark.django_db
def test_the_timeline_shows_events_in_date_order_with_the_age_of_an_infant(login):
    patient = make_patient(birth_date=date(2026, 9, 1))
    make_finding(patient, observed_on=date(2026, 9, 11))  # 10 days
    make_lab(patient, collected_at=datetime(2026, 10, 13, 8, tzinfo=UTC))  # 6 weeks
    make_finding(patient, observed_on=date(2027, 3, 5), category="normal", quantity=100.0)
    response = login(Role.SPECIALIST).get(reverse("record:timeline", args=[patient.public_id]))
    events = response.context["events"]
    assert [e.kind for e in events] == ["birth", "finding", "labs", "finding"]
    assert [e.age for e in events] == ["0 days", "10 days", "6 weeks", "6 months"]
    assert "Haemoglobin 8.5 g/dL" in response.content.decode()


@pytest.mark.django_db
def test_lab_charts_are_server_rendered_svg_with_the_values_listed(login):
    patient = make_patient()
    for day, value in ((1, 8.5), (8, 9.1), (15, 7.9)):
        make_lab(patient, collected_at=datetime(2026, 10, day, 8, tzinfo=UTC), value=value)
    page = login(Role.SPECIALIST).get(reverse("record:lab_charts", args=[patient.public_id]))
    text = page.content.decode()
    assert "<svg" in text
    assert "<title" in text  # an accessible name for the chart
    assert "7.9 g/dL" in text


@pytest.mark.django_db
def test_a_demo_patient_exports_as_a_valid_bundle_and_reimports_into_the_same_record(login):
    load_demo_cohort(size=3)
    patient = Patient.objects.filter(lab_results__isnull=False).distinct().first()
    client = login(Role.PHYSICIAN)
    exported = client.get(reverse("record:fhir_export", args=[patient.public_id]))
    bundle = json.loads(exported.content)
    assert bundle["resourceType"] == "Bundle"
    types = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Patient", "Condition", "Observation"} <= types
    assert AuditEvent.objects.filter(action="export", object_id=str(patient.public_id)).exists()

    counts = (Patient.objects.count(), LabResult.objects.count())
    upload = SimpleUploadedFile("b.json", exported.content, content_type="application/json")
    response = client.post(reverse("record:fhir_import"), {"bundle": upload})
    assert response.status_code == 302
    assert (Patient.objects.count(), LabResult.objects.count()) == counts
    again = json.loads(client.get(reverse("record:fhir_export", args=[patient.public_id])).content)
    strip = lambda b: [e["resource"] for e in b["entry"]]  # noqa: E731
    assert strip(again) == strip(bundle)


@pytest.mark.django_db
def test_a_malformed_bundle_is_refused_naming_the_resource_and_field_and_nothing_is_saved(login):
    bad = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "2099-01-01"}},
        ],
    }
    upload = SimpleUploadedFile("b.json", json.dumps(bad).encode(), "application/json")
    response = login(Role.COORDINATOR).post(reverse("record:fhir_import"), {"bundle": upload})
    errors = [str(e) for e in response.context["bundle_errors"]]
    assert errors, "the Bundle should be refused"
    assert any("Patient" in e for e in errors)
    assert Patient.objects.count() == 0


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused(login):
    upload = SimpleUploadedFile("b.json", b"{not json", "application/json")
    response = login(Role.COORDINATOR).post(reverse("record:fhir_import"), {"bundle": upload})
    assert response.status_code == 200
    assert Patient.objects.count() == 0
    assert "bundle_errors" in response.context


@pytest.mark.django_db
def test_a_specialist_may_not_export_a_record(login):
    patient = make_patient()
    response = login(Role.SPECIALIST).get(reverse("record:fhir_export", args=[patient.public_id]))
    assert response.status_code == 403
