"""The timeline, lab charts and FHIR exchange of a patient's record."""

import json
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
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
    text = response.content.decode()
    # What the page shows, in the order it shows it: the date and the child's age.
    shown = re.findall(r'<time datetime="([0-9-]+)">.*?age ([^<]+)</strong>', text)
    assert shown == [
        ("2026-09-01", "0 days"),
        ("2026-09-11", "10 days"),
        ("2026-10-13", "6 weeks"),
        ("2027-03-05", "6 months"),
    ]
    assert "Haemoglobin 8.5 g/dL" in text


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
    text = response.content.decode()
    assert "The Bundle was refused" in text
    refused = re.search(r'<div class="error-summary" role="alert">(.*?)</div>', text, re.S)
    assert refused and "entry[0] Patient." in refused.group(1)
    assert Patient.objects.count() == 0


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused(login):
    upload = SimpleUploadedFile("b.json", b"{not json", "application/json")
    response = login(Role.COORDINATOR).post(reverse("record:fhir_import"), {"bundle": upload})
    assert response.status_code == 200
    assert Patient.objects.count() == 0
    text = response.content.decode()
    assert "The Bundle was refused" in text
    assert "not valid json" in text.lower()


@pytest.mark.django_db
def test_a_specialist_may_not_export_a_record(login):
    patient = make_patient()
    response = login(Role.SPECIALIST).get(reverse("record:fhir_export", args=[patient.public_id]))
    assert response.status_code == 403


def diagnosis_form(client, patient):
    """The diagnosis form as the user opened it: its fields and the hidden version."""
    page = client.get(reverse("record:edit_diagnosis", args=[patient.public_id]))
    version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    return {
        "clinical_form": patient.clinical_form,
        "diagnosed_on": "2026-10-05",
        "genotype_pending": "on" if patient.genotype_pending else "",
        "consanguinity": patient.consanguinity,
        "pathway_stage": patient.pathway_stage,
        "version": version,
    }


@pytest.mark.django_db
def test_the_second_of_two_concurrent_diagnosis_saves_is_refused_naming_who_saved(client, cast):
    patient = make_patient(clinical_form="unknown")
    url = reverse("record:edit_diagnosis", args=[patient.public_id])
    client.force_login(cast[Role.COORDINATOR])
    coordinators = diagnosis_form(client, patient)
    client.force_login(cast[Role.PHYSICIAN])
    physicians = diagnosis_form(client, patient)
    with time_machine.travel(datetime(2026, 11, 20, 9, 15, tzinfo=UTC), tick=False):
        client.force_login(cast[Role.COORDINATOR])
        first = client.post(url, {**coordinators, "clinical_form": "infantile_aro"})
    assert first.status_code == 302
    client.force_login(cast[Role.PHYSICIAN])
    second = client.post(url, {**physicians, "clinical_form": "intermediate_aro"})
    assert second.status_code == 409
    text = second.content.decode()
    # 09:15 UTC is 09:15 in London in November.
    assert "Coordinator saved this record on 20 Nov 2026 at 09:15, after you opened it" in text
    patient.refresh_from_db()
    assert patient.clinical_form == "infantile_aro"


@pytest.mark.django_db
def test_a_diagnosis_form_opened_before_a_genetic_result_cannot_undo_it(login):
    patient = make_patient(genotype_pending=True)
    client = login(Role.PHYSICIAN)
    opened = diagnosis_form(client, patient)
    client.post(
        reverse("record:add_genetic_result", args=[patient.public_id]),
        {"gene": "TCIRG1", "zygosity": "homozygous", "testing_lab": "Lab",
         "reported_on": "2026-10-01", "variant_1_hgvs": "NM_006019.4:c.1674-1G>A",
         "variant_1_classification": "pathogenic"},
    )  # fmt: skip
    response = client.post(reverse("record:edit_diagnosis", args=[patient.public_id]), opened)
    assert response.status_code == 409
    patient.refresh_from_db()
    assert patient.genotype_pending is False


@pytest.mark.django_db
def test_a_diagnosis_save_over_the_current_version_is_kept(login):
    patient = make_patient(clinical_form="unknown")
    client = login(Role.COORDINATOR)
    opened = diagnosis_form(client, patient)
    url = reverse("record:edit_diagnosis", args=[patient.public_id])
    assert client.post(url, {**opened, "clinical_form": "infantile_aro"}).status_code == 302
    patient.refresh_from_db()
    assert (patient.clinical_form, patient.version) == ("infantile_aro", 2)


@pytest.mark.django_db
def test_consanguinity_corrected_on_a_stale_form_is_refused_and_the_newer_answer_kept(login):
    patient = make_patient(consanguinity="unknown")
    url = reverse("record:edit_diagnosis", args=[patient.public_id])
    client = login(Role.COORDINATOR)
    first, second = diagnosis_form(client, patient), diagnosis_form(client, patient)
    assert client.post(url, {**first, "consanguinity": "yes"}).status_code == 302
    assert client.post(url, {**second, "consanguinity": "no"}).status_code == 409
    patient.refresh_from_db()
    assert patient.consanguinity == "yes"


@pytest.mark.django_db
def test_an_entry_left_before_a_corrected_date_of_birth_is_flagged_not_a_server_error(login):
    patient = make_patient(birth_date=date(2026, 9, 1))
    make_lab(patient, collected_at=datetime(2026, 8, 20, 9, 0, tzinfo=UTC))
    response = login(Role.COORDINATOR).get(reverse("record:timeline", args=[patient.public_id]))
    assert response.status_code == 200
    assert "before the date of birth: check the dates" in response.content.decode()
