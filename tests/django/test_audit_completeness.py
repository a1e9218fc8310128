"""Ways patient data leaves the system that are audited: the API's search with its query and
paging, and Django's wholesale commands (a dump, a shell), named by the operating-system
account."""

from __future__ import annotations

import getpass

import pytest
from django.db import connection
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.commands.manage import run as manage

from .factories import make_patient

pytestmark = pytest.mark.django_db


def test_the_api_search_is_audited_with_its_query_and_page(login):
    make_patient(family_name="Searchable")
    client = login(Role.COORDINATOR)
    response = client.get(reverse("api:list_patients"), {"q": "Searchable", "offset": 0})
    assert response.status_code == 200
    event = AuditEvent.objects.filter(object_type="record.Patient").latest("id")
    assert "q=Searchable" in event.summary and "offset=0" in event.summary


# Django's command runner closes every connection when it ends, which on PostgreSQL ends the
# test's own transaction; the wrapper under test does not depend on the database engine.
COMMAND_RUNNER = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the command runner closes the test's connection"
)


@COMMAND_RUNNER
def test_a_data_dump_from_the_command_line_is_audited_by_the_os_account(capsys):
    make_patient()
    manage(["dumpdata", "record.patient"])
    assert "record.patient" in capsys.readouterr().out
    event = AuditEvent.objects.get(object_type="manage")
    assert event.actor is None
    assert event.actor_name == f"command line ({getpass.getuser()})"
    assert event.summary == "engraft manage dumpdata record.patient"


@COMMAND_RUNNER
def test_a_command_that_reads_no_patient_data_is_not_audited(capsys):
    manage(["check"])
    assert not AuditEvent.objects.filter(object_type="manage").exists()


def test_a_refused_form_that_shows_the_record_again_is_audited_as_a_view(login):
    patient = make_patient()
    client = login(Role.COORDINATOR)
    url = reverse("record:add_lab_result", args=[patient.public_id])
    response = client.post(url, {"analyte": "haemoglobin", "value": "not a number"})
    assert response.status_code in (200, 400)
    shown = AuditEvent.objects.filter(object_id=str(patient.public_id), action="view")
    assert shown.filter(summary__startswith="shown again with a refused form").exists()


def test_a_form_that_saves_and_redirects_is_audited_by_its_service_only(login):
    patient = make_patient()
    client = login(Role.COORDINATOR)
    url = reverse("record:add_relative", args=[patient.public_id])
    response = client.post(url, {"relationship": "mother", "family_name": "Testchild",
                                 "given_names": "Maya", "sex": "female"})  # fmt: skip
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(summary__startswith="shown again").exists()
