"""The record's services are called the same way from the web and the command line."""

import ast
import inspect
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import engraft
from engraft.audit.models import AuditEvent
from engraft.information import services as information_services
from engraft.record import services

from .factories import make_patient, valid_request_data

SRC = Path(engraft.__file__).parent


@pytest.mark.django_db
def test_a_finding_and_a_lab_recorded_from_the_command_line_are_audited_as_such():
    patient = make_patient()
    services.record_finding(
        patient=patient,
        actor=None,
        ip=None,
        fields={"kind": "weight", "observed_on": date(2026, 10, 2), "source": "ward",
                "quantity": 4.2},
    )  # fmt: skip
    services.record_lab_result(
        patient=patient,
        actor=None,
        ip=None,
        analyte="calcium",
        value="8.1",
        unit="mg/dL",
        collected_at=datetime(2026, 10, 2, 8, 0, tzinfo=UTC),
    )
    events = AuditEvent.objects.filter(object_id=str(patient.public_id))
    assert sorted(e.summary for e in events) == ["finding weight", "lab calcium"]
    assert all(e.actor_name.startswith("command line") and e.ip_address is None for e in events)


@pytest.mark.django_db
def test_a_family_request_submitted_by_a_service_records_the_address():
    info = information_services.submit_request(
        actor=None,
        ip="192.0.2.7",
        data={**valid_request_data(), "consent_to_contact": True},
    )
    event = AuditEvent.objects.get(object_id=str(info.public_id))
    assert (event.actor_name, event.ip_address) == ("anonymous", "192.0.2.7")


@pytest.mark.parametrize("module", [services, information_services])
def test_every_service_takes_keyword_arguments_and_no_request(module):
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ != module.__name__ or name.startswith("_"):
            continue
        parameters = inspect.signature(function).parameters
        assert "request" not in parameters and "http_request" not in parameters, name
        if "actor" in parameters:
            assert all(p.kind is p.KEYWORD_ONLY for p in parameters.values()), name


def test_the_record_app_never_imports_the_projects_api_module():
    for path in (SRC / "record").rglob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {
            node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        } | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names}  # fmt: skip
        assert not any(m and m.startswith("engraft.web") for m in imported), path
