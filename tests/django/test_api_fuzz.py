"""The JSON API, fuzzed against its own OpenAPI schema: no input gives a server error.

Schemathesis generates requests for every operation of `/api/openapi.json` (valid and
invalid ones, bounded in number), which go through Django's test client to the app in this
process: nothing leaves the machine. Each response must be below 500. The test runs in both
the SQLite and the PostgreSQL pass (the limits of the two databases differ).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.core import NotSet

from engraft.access.roles import Role

from .factories import make_finding, make_lab, make_patient

# Per operation and mode; about 20 s in all per database on a laptop.
EXAMPLES = 25


def _send(client, case):
    path = case.formatted_path
    query = urlencode(case.query or {}, doseq=True)
    body = b""
    content_type = case.media_type or "application/json"
    if isinstance(case.body, bytes | str):
        body = case.body  # negative mode sends raw bytes, not JSON
    elif not isinstance(case.body, NotSet):
        body = json.dumps(case.body).encode()
    return client.generic(
        case.method.upper(), path, data=body, content_type=content_type, QUERY_STRING=query
    )


def _fuzz(client, operation, mode: GenerationMode, path_parameters: dict | None) -> None:
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def check(case) -> None:
        try:
            response = _send(client, case)
        except Exception as error:  # the test client re-raises what became a 500
            pytest.fail(
                f"{case.method} {case.formatted_path} {case.query} {case.body!r}: {error!r}"
            )
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} {case.query} {case.body!r} -> "
            f"{response.status_code}"
        )

    check()


@pytest.mark.django_db
def test_no_request_to_any_api_operation_gives_a_server_error(login):
    patient = make_patient()
    make_lab(patient)
    make_finding(patient)
    client = login(Role.PHYSICIAN)
    schema = schemathesis.openapi.from_dict(client.get("/api/openapi.json").json())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the schema lists no operations"
    for operation in operations:
        known = {"public_id": str(patient.public_id)} if "{public_id}" in operation.path else None
        _fuzz(client, operation, GenerationMode.POSITIVE, known)
        _fuzz(client, operation, GenerationMode.NEGATIVE, None)
        if known:
            _fuzz(client, operation, GenerationMode.NEGATIVE, known)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00"},
        {"stage": "re\x00ferred"},
        {"offset": str(2**63)},
        {"limit": str(2**63)},
        {"offset": "-1"},
        {"limit": "0"},
    ],
)
def test_the_patient_list_answers_bad_query_values_with_a_client_error(login, query):
    response = login(Role.PHYSICIAN).get("/api/patients/", query)
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
def test_deeply_nested_json_to_the_api_is_refused_with_a_message(login):
    patient = make_patient()
    body = '{"analyte": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = login(Role.PHYSICIAN).post(
        f"/api/patients/{patient.public_id}/observations", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Cannot parse request body"


@pytest.mark.django_db
def test_a_nul_character_in_a_posted_observation_is_refused(login):
    patient = make_patient()
    body = {"analyte": "calcium", "value": "8.0", "unit": "mg/dL", "lab": "Lab\x00",
            "collected_at": "2026-10-01T08:00:00+00:00"}  # fmt: skip
    response = login(Role.PHYSICIAN).post(
        f"/api/patients/{patient.public_id}/observations", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "lab"]


@pytest.mark.django_db
@override_settings(ENGRAFT_FHIR_MAX_BYTES=1000, DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_larger_than_the_limit_is_refused_before_it_is_parsed(login):
    patient = make_patient()
    body = {"analyte": "calcium", "value": "8.0", "unit": "mg/dL", "lab": "L" * 2000,
            "collected_at": "2026-10-01T08:00:00+00:00"}  # fmt: skip
    response = login(Role.PHYSICIAN).post(
        f"/api/patients/{patient.public_id}/observations", body, content_type="application/json"
    )
    assert response.status_code in (400, 413)
