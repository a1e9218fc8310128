"""A brain MRI's coded result (normal, or abnormal with what) is kept and read by the rules.

Rule 2's neurodegeneration screen (clinical.md section 8) sends a child with biallelic CLCN7
and an abnormal brain MRI to expert review, never to "indicated".
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from engraft.access.roles import Role
from engraft.record.models import GeneticResult, Study, Variant

from .factories import make_finding, make_patient

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)
MRI_DAY = date(2026, 2, 25)


def on(day: date):
    return time_machine.travel(day.isoformat() + " 10:00 +00:00", tick=False)


def clcn7_child_with_the_rest_of_the_screen_done():
    """Biallelic CLCN7; VEP, ERG and a developmental assessment recorded, all normal."""
    birth = date(2025, 11, 1)
    patient = make_patient(birth_date=birth, genotype_pending=False, clinical_form="infantile_aro")
    result = GeneticResult.objects.create(
        patient=patient,
        gene="CLCN7",
        zygosity="homozygous",
        testing_lab="Genetics lab",
        reported_on=birth + timedelta(days=30),
    )
    Variant.objects.create(result=result, hgvs="NM_001287.6:c.2299C>T", classification="pathogenic")
    day = date(2026, 2, 20)
    make_finding(patient, kind="vep", category="normal", quantity=100.0, observed_on=day)
    make_finding(patient, kind="erg", category="normal", quantity=None, observed_on=day)
    make_finding(
        patient, kind="developmental_assessment", category="normal", quantity=None, observed_on=day
    )
    return patient


def post_mri(client, patient, **fields):
    data = {
        "code": "brain_mri",
        "performed_on": MRI_DAY.isoformat(),
        "performed_by": "Neuroradiology",
        "conclusion": "See report.",
        **fields,
    }
    return client.post(reverse("record:add_study", args=[patient.public_id]), data)


def assessment_page(client, patient) -> str:
    response = client.get(reverse("assessment:current", args=[patient.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def candidacy_line(page: str) -> str:
    start = page.index("<dt>HSCT candidacy</dt>")
    return page[start : page.index("</dd>", start)]


def test_an_abnormal_brain_mri_with_hydrocephalus_sends_a_clcn7_child_to_expert_review(login):
    patient = clcn7_child_with_the_rest_of_the_screen_done()
    with on(TODAY):
        client = login(Role.PHYSICIAN)
        response = post_mri(client, patient, result="abnormal", result_findings=["hydrocephalus"])
        assert response.status_code == 302
        page = assessment_page(client, patient)
    study = Study.objects.get(patient=patient)
    assert (study.result, study.result_findings) == ("abnormal", ["hydrocephalus"])
    assert "Expert MDT review needed" in candidacy_line(page)
    # The page says why: rule 2 read the abnormal MRI as a neurological sign of CLCN7 disease,
    # and what it showed (hydrocephalus) counts as intracranial hypertension.
    assert (
        "Neurological signs (abnormal brain mri) where the genotype does not rule out "
        "neurodegeneration: do not auto-approve"
    ) in page
    assert "<td>Abnormal brain MRI</td><td>present</td><td>2026-02-25</td>" in page
    assert (
        "<td>Intracranial hypertension or hydrocephalus</td><td>present</td><td>2026-02-25" in page
    )


def test_a_normal_brain_mri_reads_as_no_abnormal_mri_and_no_neurological_sign(login):
    patient = clcn7_child_with_the_rest_of_the_screen_done()
    with on(TODAY):
        client = login(Role.PHYSICIAN)
        assert post_mri(client, patient, result="normal").status_code == 302
        page = assessment_page(client, patient)
    assert "<td>Abnormal brain MRI</td><td>absent</td><td>2026-02-25</td>" in page
    assert "Neurological signs (abnormal brain mri)" not in page


def test_the_record_shows_the_coded_result_in_words(login):
    patient = clcn7_child_with_the_rest_of_the_screen_done()
    with on(TODAY):
        client = login(Role.PHYSICIAN)
        post_mri(client, patient, result="abnormal", result_findings=["hydrocephalus"])
        page = client.get(reverse("record:patient", args=[patient.public_id])).content.decode()
    assert "coded result: abnormal: Hydrocephalus" in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"result": "abnormal"}, "result_findings", "needs what was abnormal"),
        (
            {"result": "normal", "result_findings": ["hydrocephalus"]},
            "result_findings",
            "a normal Brain MRI lists no findings",
        ),
        ({"result_findings": ["hydrocephalus"]}, "result", "give the result (normal or abnormal)"),
    ],
)
def test_a_brain_mri_result_that_does_not_fit_is_refused_on_its_field(
    login, fields, field, message
):
    patient = clcn7_child_with_the_rest_of_the_screen_done()
    with on(TODAY):
        response = post_mri(login(Role.PHYSICIAN), patient, **fields)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not Study.objects.filter(patient=patient).exists()


def test_a_coded_result_on_a_study_that_takes_none_is_refused(login):
    patient = clcn7_child_with_the_rest_of_the_screen_done()
    with on(TODAY):
        response = post_mri(login(Role.PHYSICIAN), patient, code="dental_review", result="normal")
    assert response.status_code == 200
    assert "Dental and maxillofacial review takes no coded result" in " ".join(
        response.context["form"].errors["result"]
    )
    assert not Study.objects.filter(patient=patient).exists()
