"""Adding genetics, findings, labs and reports, and the checks that refuse bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.record.models import Document, Finding, GeneticResult, LabResult, Study

from .factories import PDF_BYTES, make_document, make_lab, make_patient


def url(name: str, patient) -> str:
    return reverse(f"record:{name}", args=[patient.public_id])


GENETICS = {
    "gene": "tcirg1",
    "zygosity": "homozygous",
    "testing_lab": "Example Genomics Lab",
    "reported_on": "2026-10-15",
    "variant_1_hgvs": "NM_006019.4:c.117+4A>T",
    "variant_1_protein_hgvs": "",
    "variant_1_classification": "pathogenic",
}


@pytest.mark.django_db
def test_a_genetic_result_is_stored_and_the_genotype_is_no_longer_pending(login):
    patient = make_patient(genotype_pending=True)
    response = login(Role.PHYSICIAN).post(url("add_genetic_result", patient), GENETICS)
    assert response.status_code == 302
    result = GeneticResult.objects.get()
    assert (result.gene, result.variants.get().hgvs) == ("TCIRG1", "NM_006019.4:c.117+4A>T")
    patient.refresh_from_db()
    assert patient.genotype_pending is False


@pytest.mark.django_db
def test_invalid_hgvs_is_refused_naming_the_variant_and_position(login):
    patient = make_patient()
    data = {**GENETICS, "variant_1_hgvs": "NM_006019.4:c.117+4A>>T"}
    response = login(Role.PHYSICIAN).post(url("add_genetic_result", patient), data)
    errors = response.context["form"].errors["variant_1_hgvs"][0]
    assert "position" in errors or "at" in errors
    assert GeneticResult.objects.count() == 0


@pytest.mark.django_db
def test_compound_heterozygous_needs_a_second_variant(login):
    patient = make_patient()
    data = {**GENETICS, "zygosity": "compound_heterozygous"}
    response = login(Role.PHYSICIAN).post(url("add_genetic_result", patient), data)
    assert "second variant" in response.context["form"].errors["variant_2_hgvs"][0]


LAB = {
    "analyte": "calcium",
    "value": "8.0",
    "unit": "mg/dL",
    "collected_at": "2026-10-03T09:00",
    "lab": "Example Lab",
}


@pytest.mark.django_db
def test_calcium_in_mmol_per_l_is_converted_to_mg_per_dl_and_the_entry_is_kept(login):
    # LOINC 17861-6 is calcium by mass concentration, so mg/dL is the stored unit.
    patient = make_patient()
    login(Role.SPECIALIST).post(
        url("add_lab_result", patient), {**LAB, "value": "2,0", "unit": "mmol/L"}
    )
    stored = LabResult.objects.get()
    assert stored.unit == "mg/dL"
    assert stored.value == pytest.approx(2.0 * 4.008, rel=1e-3)
    assert (stored.entered_value, stored.entered_unit) == ("2", "mmol/L")


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"unit": "furlongs"}, "unit", "is not a unit"),
        ({"value": "80"}, "value", "physiologically possible"),
        ({"collected_at": "2026-08-01T09:00"}, "collected_at", "before the date of birth"),
        ({"value": "abc"}, "value", "is not a number"),
    ],
)
@pytest.mark.django_db
def test_bad_lab_values_are_refused_at_their_field(login, changes, field, phrase):
    patient = make_patient()
    response = login(Role.SPECIALIST).post(url("add_lab_result", patient), {**LAB, **changes})
    assert phrase in response.context["form"].errors[field][0]
    assert LabResult.objects.count() == 0
    assert 'value="Example Lab"' in response.content.decode()


@pytest.mark.django_db
def test_an_unusual_value_is_accepted_but_flagged(login):
    patient = make_patient()
    login(Role.SPECIALIST).post(
        url("add_lab_result", patient), {**LAB, "analyte": "haemoglobin", "value": "4.5",
                                          "unit": "g/dL"}
    )  # fmt: skip
    assert LabResult.objects.get().flags == "unusually_low"


FINDING = {
    "kind": "vep",
    "observed_on": "2026-10-02",
    "source": "ophthalmology clinic",
    "present": "unknown",
    "quantity": "140",
    "category": "delayed",
    "trend": "worsening",
    "note": "",
}


@pytest.mark.django_db
def test_a_vep_result_is_recorded_with_its_latency_and_trend(specialist_in):
    patient = make_patient()
    specialist_in("ophthalmology").post(url("add_finding", patient), FINDING)
    finding = Finding.objects.get()
    assert (finding.category, finding.quantity, finding.trend) == ("delayed", 140.0, "worsening")


@pytest.mark.django_db
def test_a_finding_value_that_does_not_fit_its_kind_is_refused(specialist_in):
    patient = make_patient()
    data = {**FINDING, "category": "papilloedema"}
    response = specialist_in("ophthalmology").post(url("add_finding", patient), data)
    assert "is not a result of" in response.context["form"].errors["category"][0]
    assert Finding.objects.count() == 0


@pytest.mark.django_db
def test_a_pdf_report_is_stored_and_served_only_to_staff_with_access(login, client):
    patient = make_patient()
    upload = SimpleUploadedFile("letter.pdf", PDF_BYTES, content_type="application/pdf")
    staff = login(Role.COORDINATOR)
    staff.post(
        url("add_document", patient), {"title": "Letter", "kind": "referral letter", "file": upload}
    )
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    file_url = reverse("record:document", args=[patient.public_id, document.public_id])
    response = staff.get(file_url)
    assert b"".join(response.streaming_content) == PDF_BYTES
    staff.logout()
    assert client.get(file_url).status_code == 302
    assert not str(document.file.path).startswith(str(__import__("pathlib").Path.cwd() / "src"))


@pytest.mark.django_db
def test_a_file_that_is_not_really_a_pdf_or_image_is_refused(login):
    patient = make_patient()
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = login(Role.COORDINATOR).post(
        url("add_document", patient), {"title": "X", "kind": "other", "file": fake}
    )
    assert "not a PDF, PNG or JPEG" in response.context["form"].errors["file"][0]
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_voiding_a_lab_value_keeps_it_with_the_reason_and_audits_it(login):
    patient = make_patient()
    lab = make_lab(patient)
    client = login(Role.PHYSICIAN)
    void_url = reverse("record:void_entry", args=[patient.public_id, "labs", lab.public_id])
    client.post(void_url, {"reason": "wrong patient's sample"})
    lab.refresh_from_db()
    assert lab.is_voided and lab.void_reason == "wrong patient's sample"
    assert AuditEvent.objects.filter(summary__contains="wrong patient's sample").exists()
    chart = client.get(url("lab_charts", patient))
    assert chart.context["charts"] == []


@pytest.mark.django_db
def test_reading_a_record_is_audited(login):
    patient = make_patient()
    make_document(patient)
    login(Role.DATA_MANAGER).get(url("patient", patient))
    event = AuditEvent.objects.get(object_id=str(patient.public_id))
    assert (event.action, event.actor_name) == ("view", "data_manager")


STUDY = {
    "code": "brain_mri",
    "performed_on": "2026-10-05",
    "performed_by": "Paediatric radiology",
    "conclusion": "No hydrocephalus; narrow foramen magnum",
}


@pytest.mark.django_db
def test_an_mri_with_its_report_is_recorded_and_shown_on_the_timeline(specialist_in):
    patient = make_patient()
    report = SimpleUploadedFile("mri.pdf", PDF_BYTES, content_type="application/pdf")
    client = specialist_in("radiology")
    client.post(url("add_study", patient), {**STUDY, "report_file": report})
    study = Study.objects.get()
    assert (study.code, study.report.kind) == ("brain_mri", "imaging report")
    timeline = client.get(url("timeline", patient)).content.decode()
    assert "Brain MRI: No hydrocephalus; narrow foramen magnum" in timeline


@pytest.mark.django_db
def test_a_study_dated_before_birth_is_refused_and_its_report_not_kept(specialist_in):
    patient = make_patient()
    report = SimpleUploadedFile("mri.pdf", PDF_BYTES, content_type="application/pdf")
    response = specialist_in("radiology").post(
        url("add_study", patient), {**STUDY, "performed_on": "2026-01-01", "report_file": report}
    )
    assert "before the date of birth" in response.context["form"].errors["performed_on"][0]
    assert Study.objects.count() == 0
    assert Document.objects.count() == 0
