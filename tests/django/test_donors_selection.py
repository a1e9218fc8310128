"""Choosing donors (physicians and coordinators) and confirmatory typing, each audited."""

import pytest

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.donors.models import ConfirmatoryTypingRequest, DonorSearch, DonorSelection

from .url_samples_donors import PATIENT_GL, make_family, tiny_registry, type_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def searched(settings, client, cast):
    settings.ENGRAFT_REGISTRY_DIR = tiny_registry()
    patient, people = make_family()
    type_family(patient, people)
    client.force_login(cast[Role.COORDINATOR])
    client.post(f"/staff/donors/patients/{patient.public_id}/search/run/", {"min_grade": ""})
    return patient, people, DonorSearch.objects.get(patient=patient)


def choose(client, patient, found, donor_id, role, source="registry", reason="best match"):
    return client.post(f"/staff/donors/patients/{patient.public_id}/select/", {
        "search": found.public_id, "source": source, "donor_id": donor_id, "role": role,
        "reason": reason,
    })  # fmt: skip


def test_a_specialist_may_not_select_a_donor(login, searched):
    patient, _, found = searched
    response = choose(login(Role.SPECIALIST), patient, found, "T-MATCH", "primary")
    assert response.status_code == 403
    assert not DonorSelection.objects.exists()


def test_a_physician_selects_a_primary_and_a_backup_donor(login, searched):
    patient, people, found = searched
    client = login(Role.PHYSICIAN)
    sister = str(people["sister"].public_id)
    assert choose(client, patient, found, sister, "primary", "family").status_code == 302
    assert choose(client, patient, found, "T-MATCH", "backup").status_code == 302
    active = {s.role: s for s in DonorSelection.objects.filter(withdrawn_at__isnull=True)}
    assert active["primary"].relative == people["sister"]
    assert active["backup"].donor_id == "T-MATCH"
    assert active["primary"].chosen_by.username == "physician"
    page = client.get(f"/staff/donors/patients/{patient.public_id}/").content.decode()
    assert "Primary</strong>: Siv" in page


def test_a_new_primary_withdraws_the_previous_one(login, searched):
    patient, _, found = searched
    client = login(Role.PHYSICIAN)
    choose(client, patient, found, "T-MATCH", "primary")
    choose(client, patient, found, "T-CORD", "primary", "cord")
    active = DonorSelection.objects.filter(withdrawn_at__isnull=True)
    assert list(active.values_list("donor_id", flat=True)) == ["T-CORD"]
    assert DonorSelection.objects.count() == 2


def test_a_donor_not_in_the_search_cannot_be_selected(login, searched):
    patient, _, found = searched
    choose(login(Role.PHYSICIAN), patient, found, "SOMEONE-ELSE", "primary")
    assert not DonorSelection.objects.exists()


def test_a_selection_is_audited(login, searched):
    patient, _, found = searched
    choose(login(Role.PHYSICIAN), patient, found, "T-MATCH", "primary")
    event = AuditEvent.objects.get(object_type="donors.DonorSelection")
    assert event.actor_name == "physician" and "primary donor T-MATCH" in event.summary


def test_confirmatory_typing_is_requested_then_its_result_recorded_and_graded(login, searched):
    patient, _, found = searched
    client = login(Role.COORDINATOR)
    base = f"/staff/donors/patients/{patient.public_id}/confirmatory/"
    choice = {"search": found.public_id, "source": "registry", "donor_id": "T-MATCH"}
    client.post(base + "request/", choice)
    ask = ConfirmatoryTypingRequest.objects.get()
    assert (ask.status, ask.requested_by.username) == ("requested", "coordinator")
    bad = client.post(f"{base}{ask.public_id}/result/",
                      {"result_gl": "A*02:01+A*0X:01", "received_on": "2026-11-01"})  # fmt: skip
    assert "A*0X:01" in bad.content.decode()
    response = client.post(f"{base}{ask.public_id}/result/",
                           {"result_gl": PATIENT_GL, "received_on": "2026-11-01"})  # fmt: skip
    assert response.status_code == 302
    ask.refresh_from_db()
    assert ask.status == "received" and ask.result_grade == "8/8, 10/10"
    assert ask.result_imgt_release == "3.58.0"
    assert "8/8, 10/10" in client.get(base).content.decode()
    actions = list(AuditEvent.objects.filter(object_type="donors.ConfirmatoryTypingRequest")
                   .values_list("action", flat=True))  # fmt: skip
    assert sorted(actions) == ["change", "create"]


def test_a_specialist_may_not_request_confirmatory_typing(login, searched):
    patient, _, found = searched
    response = login(Role.SPECIALIST).post(
        f"/staff/donors/patients/{patient.public_id}/confirmatory/request/",
        {"search": found.public_id, "source": "registry", "donor_id": "T-MATCH"},
    )
    assert response.status_code == 403
