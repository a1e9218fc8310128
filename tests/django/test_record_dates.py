"""A finding, lab, study or genetic report dated after today is refused, in every path.

The clock is fixed at 30 November 2026; the child was born on 1 September 2026.
"""

import pytest
import time_machine
from django.urls import reverse

from engraft.access.roles import Role
from engraft.record.models import Finding, GeneticResult, LabResult, Study

from .factories import make_patient

TODAY = "2026-11-30 12:00Z"


def url(name: str, patient) -> str:
    return reverse(f"record:{name}", args=[patient.public_id])


@pytest.fixture
def physician(login):
    with time_machine.travel(TODAY, tick=False):
        yield login(Role.PHYSICIAN)


FORMS = [
    (
        "add_finding",
        Finding,
        "observed_on",
        {"kind": "vep", "source": "clinic", "present": "unknown", "quantity": "140",
         "category": "delayed", "trend": "worsening", "note": ""},
    ),
    (
        "add_lab_result",
        LabResult,
        "collected_at",
        {"analyte": "calcium", "value": "8.0", "unit": "mg/dL", "lab": "Example Lab"},
    ),
    (
        "add_study",
        Study,
        "performed_on",
        {"code": "brain_mri", "performed_by": "Radiology", "conclusion": "Normal"},
    ),
    (
        "add_genetic_result",
        GeneticResult,
        "reported_on",
        {"gene": "TCIRG1", "zygosity": "homozygous", "testing_lab": "Genomics Lab",
         "variant_1_hgvs": "NM_006019.4:c.117+4A>T", "variant_1_protein_hgvs": "",
         "variant_1_classification": "pathogenic"},
    ),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("view", "model", "field", "data"), FORMS)
def test_a_fact_dated_tomorrow_is_refused_at_its_field(physician, view, model, field, data):
    patient = make_patient()
    tomorrow = "2026-12-01T09:00" if field == "collected_at" else "2026-12-01"
    response = physician.post(url(view, patient), {**data, field: tomorrow})
    assert response.status_code == 200
    assert "is in the future" in " ".join(response.context["form"].errors[field])
    assert model.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("view", "model", "field", "data"), FORMS)
def test_a_fact_dated_today_is_accepted(physician, view, model, field, data):
    patient = make_patient()
    today = "2026-11-30T09:00" if field == "collected_at" else "2026-11-30"
    response = physician.post(url(view, patient), {**data, field: today})
    assert response.status_code == 302
    assert model.objects.count() == 1


@pytest.mark.django_db
def test_the_api_refuses_an_observation_dated_2099(physician):
    patient = make_patient()
    response = physician.post(
        f"/api/patients/{patient.public_id}/observations",
        {"analyte": "calcium", "value": "8.0", "unit": "mg/dL",
         "collected_at": "2099-01-01T08:00:00+00:00"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert "collected_at: 2099-01-01 is in the future" in response.json()["detail"]
    assert LabResult.objects.count() == 0
