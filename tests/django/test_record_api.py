"""The JSON API of the record, as an integrating system or a script uses it."""

import pytest

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.record.models import LabResult

from .factories import make_finding, make_lab, make_patient


@pytest.mark.django_db
def test_the_api_needs_a_signed_in_user(client):
    assert client.get("/api/patients/").status_code == 401


@pytest.mark.django_db
def test_patients_are_listed_with_filters_and_pagination(login):
    make_patient(family_name="Alpha", pathway_stage="work_up")
    make_patient(family_name="Beta")
    body = login(Role.DATA_MANAGER).get("/api/patients/", {"stage": "work_up"}).json()
    assert body["count"] == 1
    assert body["items"][0]["family_name"] == "Alpha"


@pytest.mark.django_db
def test_findings_and_observations_of_a_patient_are_returned_and_the_read_audited(login):
    patient = make_patient()
    make_finding(patient)
    make_lab(patient)
    client = login(Role.SPECIALIST)
    findings = client.get(f"/api/patients/{patient.public_id}/findings").json()
    observations = client.get(f"/api/patients/{patient.public_id}/observations").json()
    assert [f["kind"] for f in findings] == ["vep"]
    assert [(o["analyte"], o["value"], o["unit"]) for o in observations] == [
        ("haemoglobin", 8.5, "g/dL")
    ]
    assert AuditEvent.objects.filter(object_id=str(patient.public_id), action="view").count() == 2


@pytest.mark.django_db
def test_posting_an_observation_converts_it_and_refuses_impossible_values(login):
    patient = make_patient()
    client = login(Role.SPECIALIST)
    url = f"/api/patients/{patient.public_id}/observations"
    good = {"analyte": "haemoglobin", "value": "95", "unit": "g/L",
            "collected_at": "2026-10-01T08:00:00+00:00"}  # fmt: skip
    response = client.post(url, good, content_type="application/json")
    assert response.status_code == 201
    assert (response.json()["value"], response.json()["unit"]) == (9.5, "g/dL")
    bad = {**good, "value": "950"}
    refused = client.post(url, bad, content_type="application/json")
    assert refused.status_code == 422
    assert "value:" in refused.json()["detail"]
    assert LabResult.objects.count() == 1


@pytest.mark.django_db
def test_a_data_manager_may_read_but_not_post_observations(login):
    patient = make_patient()
    response = login(Role.DATA_MANAGER).post(
        f"/api/patients/{patient.public_id}/observations",
        {"analyte": "haemoglobin", "value": "9", "unit": "g/dL",
         "collected_at": "2026-10-01T08:00:00+00:00"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_record_endpoints(login):
    schema = login(Role.PHYSICIAN).get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/patients/{public_id}/observations" in schema["paths"]
