"""Referral intake and duplicate warnings, as coordinators use them."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.record.models import Patient, Referral

from .factories import PDF_BYTES, make_patient, make_request

INTAKE = reverse("record:referral_intake")


def intake_data(**child) -> dict[str, str]:
    data = {
        "child-family_name": "Testchild",
        "child-given_names": "Alva",
        "child-birth_date": "2026-09-01",
        "child-sex": "female",
        "child-hospital_number": "H123",
        "child-consanguinity": "unknown",
        "referral-received_on": "2026-11-20",
        "referral-referring_clinician": "Dr Referrer",
        "referral-referring_institution": "Example General Hospital",
        "referral-diagnosis_status": "confirmed",
        "referral-reason": "Infantile osteopetrosis, pancytopenia",
        "referral-stated_urgency": "urgent",
    }
    data.update({f"child-{k}": v for k, v in child.items()})
    return data


@pytest.mark.django_db
def test_a_coordinator_records_a_referral_and_the_patient_is_created(login):
    response = login(Role.COORDINATOR).post(INTAKE, intake_data())
    patient = Patient.objects.get()
    assert response["Location"] == reverse("record:patient", args=[patient.public_id])
    assert patient.referrals.get().referring_institution == "Example General Hospital"
    assert AuditEvent.objects.filter(object_id=str(patient.public_id), action="create").exists()


@pytest.mark.django_db
def test_an_information_request_becomes_a_referral_and_is_marked_referred(login):
    info = make_request()
    client = login(Role.COORDINATOR)
    page = client.get(INTAKE, {"request": info.public_id}).content.decode()
    assert "Could a transplant help our daughter?" in page
    client.post(INTAKE, {**intake_data(), "information_request": str(info.public_id)})
    info.refresh_from_db()
    assert info.status == "referred"
    assert Referral.objects.get().information_request == info


@pytest.mark.django_db
def test_a_likely_duplicate_is_shown_before_a_second_record_is_created(login):
    existing = make_patient(hospital_number="H123")
    client = login(Role.COORDINATOR)
    response = client.post(INTAKE, intake_data(family_name="Other"))
    page = response.content.decode()
    assert "This child may already have a record" in page
    assert str(existing.public_id) in page
    assert Patient.objects.count() == 1
    assert 'value="Other"' in page  # what was typed is kept


@pytest.mark.django_db
def test_the_referral_can_be_added_to_the_existing_record_instead(login):
    existing = make_patient()
    client = login(Role.COORDINATOR)
    client.post(INTAKE, {**intake_data(), "use_existing": str(existing.public_id)})
    assert Patient.objects.count() == 1
    assert existing.referrals.count() == 1


@pytest.mark.django_db
def test_a_different_child_with_the_same_name_and_birth_date_can_be_confirmed(login):
    make_patient()
    login(Role.COORDINATOR).post(INTAKE, {**intake_data(), "confirm_new": "yes"})
    assert Patient.objects.count() == 2


@pytest.mark.django_db
def test_a_date_of_birth_in_the_future_is_refused_at_its_field(login):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = login(Role.COORDINATOR).post(INTAKE, intake_data(birth_date=tomorrow))
    assert "is in the future" in response.context["patient_form"].errors["birth_date"][0]
    assert Patient.objects.count() == 0
    assert Referral.objects.count() == 0


@pytest.mark.django_db
def test_a_specialist_cannot_register_patients(login):
    assert login(Role.SPECIALIST).post(INTAKE, intake_data()).status_code == 403
    assert Patient.objects.count() == 0


@pytest.mark.django_db
def test_patient_list_filters_by_stage_and_searches_names(login):
    make_patient(family_name="Alpha", pathway_stage="work_up")
    make_patient(family_name="Beta", pathway_stage="referred", birth_date=date(2026, 1, 1))
    client = login(Role.SPECIALIST)
    url = reverse("record:patients")
    stage = client.get(url, {"stage": "work_up"})
    assert [p.family_name for p in stage.context["page"]] == ["Alpha"]
    search = client.get(url, {"q": "bet"})
    assert [p.family_name for p in search.context["page"]] == ["Beta"]
    oldest = client.get(url, {"sort": "birth_date"})
    assert [p.family_name for p in oldest.context["page"]] == ["Beta", "Alpha"]


@pytest.mark.django_db
def test_a_referral_letter_is_stored_with_the_referral(login):
    letter = SimpleUploadedFile("letter.pdf", PDF_BYTES, content_type="application/pdf")
    login(Role.COORDINATOR).post(INTAKE, {**intake_data(), "referral-report": letter})
    document = Patient.objects.get().documents.get()
    assert (document.kind, document.content_type) == ("referral letter", "application/pdf")


@pytest.mark.django_db
def test_a_letter_that_is_not_a_pdf_or_image_stops_the_whole_referral(login):
    fake = SimpleUploadedFile("letter.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = login(Role.COORDINATOR).post(INTAKE, {**intake_data(), "referral-report": fake})
    assert "not a PDF, PNG or JPEG" in response.content.decode()
    assert Patient.objects.count() == 0
    assert Referral.objects.count() == 0


OTHER_HOSPITAL = "https://other-hospital.example/mrn"


@pytest.mark.django_db
def test_a_new_patient_cannot_take_a_hospital_number_this_hospital_already_gave(login):
    existing = make_patient(hospital_number="H123", family_name="Elder")
    response = login(Role.COORDINATOR).post(
        INTAKE, {**intake_data(family_name="Other"), "confirm_new": "yes"}
    )
    errors = response.context["patient_form"].errors["hospital_number"]
    assert "H123" in errors[0]
    assert str(existing) in errors[0]
    assert Patient.objects.count() == 1
    assert Referral.objects.count() == 0


@pytest.mark.django_db
def test_the_same_number_from_another_hospital_is_another_child(login):
    make_patient(hospital_number="H123", family_name="Elder", issuing_hospital=OTHER_HOSPITAL)
    response = login(Role.COORDINATOR).post(INTAKE, intake_data(family_name="Other"))
    assert response.status_code == 302
    assert sorted(Patient.objects.values_list("issuing_hospital", flat=True)) == sorted(
        [OTHER_HOSPITAL, Patient._meta.get_field("issuing_hospital").get_default()]
    )


@pytest.mark.django_db
def test_the_intake_form_records_the_issuing_hospital(login):
    login(Role.COORDINATOR).post(INTAKE, intake_data(issuing_hospital=OTHER_HOSPITAL))
    assert Patient.objects.get().issuing_hospital == OTHER_HOSPITAL


@pytest.mark.django_db
def test_an_information_request_referred_twice_gives_one_patient(login):
    info = make_request()
    client = login(Role.COORDINATOR)
    data = {**intake_data(hospital_number=""), "information_request": str(info.public_id)}
    first = client.post(INTAKE, data)
    second = client.post(INTAKE, {**data, "confirm_new": "yes"})
    assert Patient.objects.count() == 1
    assert second["Location"] == first["Location"]
