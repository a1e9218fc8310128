"""HLA typings and antibodies: validated by the core, stored with their IMGT release, audited."""

from datetime import date

import pytest
import time_machine

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.donors.models import AntiHlaAntibody, HlaTyping

from .factories import make_patient
from .url_samples_donors import PATIENT_GL, make_family

pytestmark = pytest.mark.django_db

TYPING = {"typed_on": "2026-10-01", "method": "ngs", "laboratory": "Test HLA lab"}


def add_typing(client, patient, subject="patient", gl_string=PATIENT_GL):
    return client.post(
        f"/staff/donors/patients/{patient.public_id}/typings/add/",
        {"subject": subject, "gl_string": gl_string, **TYPING},
    )


def test_a_typing_is_stored_with_its_normalised_form_and_imgt_release(login):
    patient = make_patient()
    response = add_typing(login(Role.COORDINATOR), patient)
    assert response.status_code == 302
    typing = HlaTyping.objects.get()
    assert typing.gl_string == PATIENT_GL
    assert typing.normalised.startswith("A*02:01+A*03:01^B*07:02+B*08:01")
    assert typing.imgt_release == "3.58.0"
    assert (typing.typed_on, typing.method, typing.laboratory) == (
        date(2026, 10, 1), "ngs", "Test HLA lab")  # fmt: skip
    assert typing.relative is None


def test_an_invalid_typing_is_refused_naming_the_bad_token(login):
    patient = make_patient()
    bad = PATIENT_GL.replace("B*08:01", "B*99:99")
    response = add_typing(login(Role.COORDINATOR), patient, gl_string=bad)
    assert response.status_code == 200
    assert "B*99:99" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not HlaTyping.objects.exists()


def test_a_relatives_typing_is_stored_against_the_relative(login):
    patient, people = make_family()
    add_typing(login(Role.PHYSICIAN), patient, subject=str(people["mother"].public_id))
    assert HlaTyping.objects.get().relative == people["mother"]


def test_recording_a_typing_is_audited(login):
    patient = make_patient()
    add_typing(login(Role.COORDINATOR), patient)
    event = AuditEvent.objects.filter(object_type="donors.HlaTyping").get()
    assert event.action == "create" and event.actor_name == "coordinator"
    assert "3.58.0" in event.summary


def test_a_specialist_may_see_typings_but_not_add_them(login):
    patient = make_patient()
    client = login(Role.SPECIALIST)
    assert client.get(f"/staff/donors/patients/{patient.public_id}/").status_code == 200
    assert add_typing(client, patient).status_code == 403


def test_an_antibody_is_stored_and_a_bad_specificity_refused(login):
    patient = make_patient()
    client = login(Role.COORDINATOR)
    url = f"/staff/donors/patients/{patient.public_id}/antibodies/add/"
    data = {"mfi": 3000, "tested_on": "2026-10-02", "laboratory": "Test HLA lab"}
    assert client.post(url, {**data, "specificity": "A11"}).status_code == 302
    response = client.post(url, {**data, "specificity": "A*77:77"})
    assert "A*77:77" in response.content.decode()
    assert list(AntiHlaAntibody.objects.values_list("specificity", "mfi")) == [("A11", 3000)]


def test_a_typing_giving_a_locus_twice_is_refused_naming_the_locus(login):
    patient = make_patient()
    twice = PATIENT_GL + "^A*01:01+A*24:02"
    response = add_typing(login(Role.COORDINATOR), patient, gl_string=twice)
    assert response.status_code == 200
    assert "HLA-A is given twice" in response.content.decode()
    assert not HlaTyping.objects.exists()


@time_machine.travel(date(2026, 11, 20), tick=False)
def test_a_typing_dated_in_the_future_is_refused(login):
    patient = make_patient()
    client = login(Role.COORDINATOR)
    response = client.post(
        f"/staff/donors/patients/{patient.public_id}/typings/add/",
        {"subject": "patient", "gl_string": PATIENT_GL, **TYPING, "typed_on": "2026-11-21"},
    )
    assert "21 Nov 2026 is in the future" in response.content.decode()
    assert not HlaTyping.objects.exists()


def test_a_typing_is_voided_with_a_reason_and_stays_struck_through(login):
    patient = make_patient()
    client = login(Role.COORDINATOR)
    add_typing(client, patient)
    typing = HlaTyping.objects.get()
    void_url = f"/staff/donors/patients/{patient.public_id}/typings/{typing.public_id}/void/"
    client.post(void_url, {"reason": " "})
    assert HlaTyping.objects.get().voided_at is None  # no reason: not voided
    assert client.post(void_url, {"reason": "sample swap at the laboratory"}).status_code == 302
    typing.refresh_from_db()
    assert typing.void_reason == "sample swap at the laboratory"
    assert typing.voided_by.username == "coordinator"
    page = client.get(f"/staff/donors/patients/{patient.public_id}/").content.decode()
    assert "Void: sample swap at the laboratory" in page
    assert "The patient has no HLA typing yet" in page  # the voided one no longer counts
    event = AuditEvent.objects.filter(object_type="donors.HlaTyping", action="change").get()
    assert "sample swap" in event.summary


def test_an_antibody_is_voided_with_a_reason(login):
    patient = make_patient()
    client = login(Role.COORDINATOR)
    antibody = AntiHlaAntibody.objects.create(
        patient=patient, specificity="A2", mfi=3000, tested_on=date(2026, 10, 2), laboratory="Lab"
    )
    url = f"/staff/donors/patients/{patient.public_id}/antibodies/{antibody.public_id}/void/"
    assert client.post(url, {"reason": "result of another patient"}).status_code == 302
    antibody.refresh_from_db()
    assert antibody.is_voided and antibody.void_reason == "result of another patient"


def test_a_specialist_may_not_void_a_typing(login):
    patient = make_patient()
    add_typing(login(Role.COORDINATOR), patient)
    typing = HlaTyping.objects.get()
    client = login(Role.SPECIALIST)
    url = f"/staff/donors/patients/{patient.public_id}/typings/{typing.public_id}/void/"
    assert client.post(url, {"reason": "no"}).status_code == 403
    assert HlaTyping.objects.get().voided_at is None


def test_the_services_take_the_actor_and_address_as_keywords():
    from engraft.donors import services

    patient = make_patient()
    typing = services.record_typing(patient=patient, actor=None, ip="192.0.2.7",
                                    gl_string=PATIENT_GL, typed_on=date(2026, 10, 1),
                                    method="ngs", laboratory="Lab")  # fmt: skip
    event = AuditEvent.objects.filter(object_type="donors.HlaTyping").get()
    assert event.actor_name.startswith("command line") and event.ip_address == "192.0.2.7"
    with pytest.raises(TypeError):
        services.record_typing(None, patient, gl_string=PATIENT_GL)  # positional: refused
    assert typing.recorded_by is None
