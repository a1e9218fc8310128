"""A specialist records and voids only within their own discipline (issue 9, 3.1).

The expected outcomes are written here as data: an audiologist is refused on the
ophthalmology task, the VEP finding and the genetic result; an ophthalmologist is not.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.record.models import Finding, GeneticResult
from engraft.workup.models import WorkupTask

from .factories import make_finding, make_patient
from .workup_builders import make_plan


def specialist_of(cast, login, discipline: str):
    cast[Role.SPECIALIST].discipline = discipline
    cast[Role.SPECIALIST].save()
    return login(Role.SPECIALIST)


def vep_result(task: WorkupTask) -> dict[str, object]:
    return {
        "version": task.version,
        "summary": "Pattern VEP delayed, latency 142 ms",
        "observed_on": timezone.localdate().isoformat(),
        "category": "delayed",
        "quantity": "142",
        "trend": "worsening",
    }


@pytest.mark.django_db
def test_specialist_cannot_record_a_result_on_another_disciplines_task(login, cast):
    plan = make_plan()
    eyes = plan.tasks.get(item__code="ophthalmology")
    audiologist = specialist_of(cast, login, "audiology")
    response = audiologist.post(reverse("workup:record_result", args=[eyes.public_id]),
                                vep_result(eyes))  # fmt: skip
    assert response.status_code == 403
    eyes.refresh_from_db()
    assert (eyes.status, eyes.version) == ("to_schedule", 1)
    assert not Finding.objects.filter(patient=plan.patient).exists()


@pytest.mark.django_db
def test_specialist_cannot_schedule_another_disciplines_task(login, cast):
    plan = make_plan()
    eyes = plan.tasks.get(item__code="ophthalmology")
    response = specialist_of(cast, login, "audiology").post(
        reverse("workup:update_task", args=[eyes.public_id]),
        {"version": 1, "status": "scheduled", "scheduled_at": "2026-12-10T09:30", "place": "X"},
    )
    assert response.status_code == 403
    eyes.refresh_from_db()
    assert (eyes.status, eyes.place) == ("to_schedule", "")


@pytest.mark.django_db
def test_specialist_records_the_result_of_a_task_given_to_them_by_name(login, cast):
    plan = make_plan()
    eyes = plan.tasks.get(item__code="ophthalmology")
    eyes.owner = cast[Role.SPECIALIST]
    eyes.save()
    response = specialist_of(cast, login, "neurology").post(
        reverse("workup:record_result", args=[eyes.public_id]), vep_result(eyes)
    )
    assert response.status_code == 302
    eyes.refresh_from_db()
    assert eyes.status == "result_recorded"


@pytest.mark.django_db
def test_the_task_page_offers_no_result_form_for_another_disciplines_task(login, cast):
    eyes = make_plan().tasks.get(item__code="ophthalmology")
    page = specialist_of(cast, login, "audiology").get(
        reverse("workup:task", args=[eyes.public_id])
    )
    assert page.status_code == 200
    assert reverse("workup:record_result", args=[eyes.public_id]) not in page.content.decode()


@pytest.mark.django_db
def test_specialist_cannot_void_another_disciplines_finding(login, cast):
    patient = make_patient()
    vep = make_finding(patient)  # ophthalmology's
    url = reverse("record:void_entry", args=[patient.public_id, "findings", vep.public_id])
    audiologist = specialist_of(cast, login, "audiology")
    assert audiologist.get(url).status_code == 403
    assert audiologist.post(url, {"reason": "wrong child"}).status_code == 403
    vep.refresh_from_db()
    assert vep.voided_at is None


@pytest.mark.django_db
def test_specialist_voids_a_finding_of_their_own_discipline(login, cast):
    patient = make_patient()
    vep = make_finding(patient)
    url = reverse("record:void_entry", args=[patient.public_id, "findings", vep.public_id])
    response = specialist_of(cast, login, "ophthalmology").post(url, {"reason": "wrong eye"})
    assert response.status_code == 302
    vep.refresh_from_db()
    assert vep.void_reason == "wrong eye"


@pytest.mark.django_db
def test_the_record_shows_a_specialist_void_links_only_for_their_discipline(login, cast):
    patient = make_patient()
    vep = make_finding(patient)
    abr = make_finding(patient, kind="hearing_abr", category="", quantity=40.0)
    page = specialist_of(cast, login, "ophthalmology").get(
        reverse("record:patient", args=[patient.public_id])
    )
    text = page.content.decode()
    assert reverse("record:void_entry", args=[patient.public_id, "findings", vep.public_id]) in text
    assert reverse("record:void_entry", args=[patient.public_id, "findings", abr.public_id]) \
        not in text  # fmt: skip
    assert "Add a genetic result" not in text


@pytest.mark.django_db
def test_specialist_cannot_add_a_finding_of_another_discipline(login, cast):
    patient = make_patient()
    response = specialist_of(cast, login, "ophthalmology").post(
        reverse("record:add_finding", args=[patient.public_id]),
        {"kind": "hearing_abr", "observed_on": "2026-10-02", "source": "clinic",
         "present": "unknown", "quantity": "40"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Finding.objects.filter(patient=patient).exists()


GENETIC_RESULT = {
    "gene": "TCIRG1",
    "zygosity": "homozygous",
    "testing_lab": "Lab",
    "reported_on": "2026-10-01",
    "variant_1_hgvs": "NM_006019.4:c.1674-1G>A",
    "variant_1_classification": "pathogenic",
}


@pytest.mark.django_db
def test_specialist_of_another_discipline_cannot_add_a_genetic_result(login, cast):
    patient = make_patient()
    url = reverse("record:add_genetic_result", args=[patient.public_id])
    ophthalmologist = specialist_of(cast, login, "ophthalmology")
    assert ophthalmologist.get(url).status_code == 403
    assert ophthalmologist.post(url, GENETIC_RESULT).status_code == 403
    assert not GeneticResult.objects.filter(patient=patient).exists()


@pytest.mark.django_db
def test_a_genetics_specialist_adds_a_genetic_result(login, cast):
    patient = make_patient(birth_date=date(2026, 9, 1))
    url = reverse("record:add_genetic_result", args=[patient.public_id])
    response = specialist_of(cast, login, "genetics").post(url, GENETIC_RESULT)
    assert response.status_code == 302
    assert GeneticResult.objects.get(patient=patient).gene == "TCIRG1"
