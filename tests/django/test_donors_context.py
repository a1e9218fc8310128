"""The patient's transplant context (weight, height, CMV, ABO, Rh) reaches every search path."""

import json
from datetime import date

import pytest
import time_machine

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.donors.models import DonorSearch
from engraft.record.models import BodyMeasurement

from .url_samples_donors import make_family, tiny_registry, type_family

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
CORD_TNC = 2e9  # the planted cord unit T-CORD (url_samples_donors.planted_rows)
CORD_CD34 = 6e6


@pytest.fixture
def family(settings):
    settings.ENGRAFT_REGISTRY_DIR = tiny_registry()
    patient, people = make_family()
    type_family(patient, people)
    return patient, people


def url(patient, tail):
    return f"/staff/donors/patients/{patient.public_id}/{tail}"


def measure(client, patient, measured_on, weight="", height=""):
    return client.post(
        url(patient, "measurements/add/"),
        {"measured_on": measured_on, "weight_kg": weight, "height_cm": height},
    )


def search(client, patient):
    client.post(url(patient, "search/run/"), {"min_grade": ""})
    return DonorSearch.objects.filter(patient=patient).first()


@time_machine.travel(TODAY, tick=False)
def test_cmv_abo_and_rh_are_recorded_and_audited(login, family):
    patient, _ = family
    client = login(Role.COORDINATOR)
    response = client.post(
        url(patient, "context/"),
        {"cmv_serostatus": "negative", "abo_group": "O", "rh_d": "negative"},
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert (patient.cmv_serostatus, patient.abo_group, patient.rh_d) == ("negative", "O",
                                                                        "negative")  # fmt: skip
    event = AuditEvent.objects.filter(object_type="record.Patient", action="change").get()
    assert "CMV negative, ABO O, Rh(D) negative" in event.summary
    assert event.actor_name == "coordinator"


@time_machine.travel(TODAY, tick=False)
def test_the_search_ranks_by_the_recorded_cmv_and_abo(login, family):
    patient, _ = family
    patient.cmv_serostatus, patient.abo_group = "negative", "O"
    patient.save()
    found = search(login(Role.COORDINATOR), patient)
    assert found.results["context"]["cmv"] == "negative"
    assert found.results["context"]["abo"] == "O"
    match = next(h for h in found.results["results"] if h["donor_id"] == "T-MATCH")
    assert "CMV match" in match["why"] and "ABO identical" in match["why"]  # donor: negative, O


@time_machine.travel(TODAY, tick=False)
def test_the_cord_dose_per_kg_uses_the_latest_current_weight_and_says_which(login, family):
    patient, _ = family
    client = login(Role.COORDINATOR)
    assert measure(client, patient, "2026-10-01", weight="4.50", height="55").status_code == 302
    assert measure(client, patient, "2026-11-10", weight="5.00").status_code == 302
    assert measure(client, patient, "2026-11-15", weight="50.00").status_code == 302
    wrong = BodyMeasurement.objects.get(weight_kg=50)
    response = client.post(url(patient, f"measurements/{wrong.public_id}/void/"),
                           {"reason": "typed 50 for 5.0"})  # fmt: skip
    assert response.status_code == 302
    found = search(client, patient)
    cord = next(h for h in found.results["results"] if h["donor_id"] == "T-CORD")
    assert cord["attributes"]["tnc_per_kg"] == pytest.approx(CORD_TNC / 5.0)
    assert cord["attributes"]["cd34_per_kg"] == pytest.approx(CORD_CD34 / 5.0)
    assert cord["attributes"]["dose_weight"] == "weight 5.00 kg measured on 10 Nov 2026"
    page = client.get(url(patient, "search/")).content.decode()
    assert "weight 5.00 kg measured on 10 Nov 2026" in page


@time_machine.travel(TODAY, tick=False)
def test_without_a_weight_the_cord_dose_says_it_was_not_computed(login, family):
    patient, _ = family
    found = search(login(Role.COORDINATOR), patient)
    cord = next(h for h in found.results["results"] if h["donor_id"] == "T-CORD")
    assert "tnc_per_kg" not in cord["attributes"]
    assert "no weight recorded: cell dose per kg not computed" in cord["why"]


@time_machine.travel(TODAY, tick=False)
def test_a_weight_dated_in_the_future_is_refused(login, family):
    patient, _ = family
    response = measure(login(Role.COORDINATOR), patient, "2026-11-21", weight="5")
    assert response.status_code == 200
    assert "21 Nov 2026 is in the future" in response.content.decode()
    assert not BodyMeasurement.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_an_implausible_weight_is_refused_naming_the_field(login, family):
    patient, _ = family
    response = measure(login(Role.COORDINATOR), patient, "2026-11-01", weight="450")
    assert "450 kg is outside 0.3-200 kg" in response.content.decode()
    assert not BodyMeasurement.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_engraft_donors_search_reads_the_patients_context_from_the_record(family, capsys):
    from engraft.commands.donors import run

    patient, people = family
    patient.cmv_serostatus, patient.abo_group = "negative", "O"
    patient.save()
    BodyMeasurement.objects.create(patient=patient, measured_on=date(2026, 11, 1), weight_kg=4)
    code = run(["search", "--patient", str(patient.public_id), "--store", str(tiny_registry()),
                "--top", "20"])  # fmt: skip
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["context"]["cmv"], result["context"]["abo"]) == ("negative", "O")
    assert {h["donor_id"] for h in result["family_donors"]} == {
        str(r.public_id) for r in people.values()}  # fmt: skip
    cord = next(h for h in result["results"] if h["donor_id"] == "T-CORD")
    assert cord["attributes"]["tnc_per_kg"] == pytest.approx(CORD_TNC / 4)


def test_engraft_donors_search_refuses_record_and_command_line_context_together(capsys):
    from engraft.commands.donors import run

    code = run(["search", "--patient", "00000000-0000-0000-0000-000000000000",
                "--patient-cmv", "positive"])  # fmt: skip
    assert code == 2
    assert "drop --patient-cmv" in capsys.readouterr().err


@time_machine.travel(TODAY, tick=False)
def test_a_weight_older_than_the_limit_is_said_to_be_out_of_date(login, family):
    patient, _ = family
    BodyMeasurement.objects.create(patient=patient, measured_on=date(2026, 10, 1), weight_kg=4)
    found = search(login(Role.COORDINATOR), patient)
    cord = next(h for h in found.results["results"] if h["donor_id"] == "T-CORD")
    assert cord["attributes"]["dose_weight"] == (
        "weight 4.00 kg measured on 01 Oct 2026 (50 days old, over the in-house 30: re-weigh "
        "the child before relying on the cord dose)"
    )
