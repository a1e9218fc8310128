"""The work-up plan, its tasks and the readiness gate, as the coordinator runs them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.assessment.services import current_assessment
from engraft.record.models import Finding, Study
from engraft.workup.models import WorkupPlan, WorkupTask

from .factories import make_patient
from .workup_builders import accept, make_plan


def task(plan, code: str) -> WorkupTask:
    return plan.tasks.get(item__code=code)


def specialist_of(cast, login, discipline: str):
    """The cast's specialist, working in `discipline`, signed in."""
    cast[Role.SPECIALIST].discipline = discipline
    cast[Role.SPECIALIST].save()
    return login(Role.SPECIALIST)


@pytest.mark.django_db
def test_a_plan_is_refused_until_the_meeting_accepts_the_child(login):
    patient = make_patient()
    url = reverse("workup:plan", args=[patient.public_id])
    target = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = login(Role.COORDINATOR).post(url, {"target_admission": target})
    assert "has not accepted" in response.content.decode()
    assert not WorkupPlan.objects.exists()


@pytest.mark.django_db
def test_a_coordinator_creates_the_plan_with_every_template_item(login):
    patient = make_patient()
    accept(patient)
    target = timezone.localdate() + timedelta(days=60)
    login(Role.COORDINATOR).post(
        reverse("workup:plan", args=[patient.public_id]), {"target_admission": target}
    )
    plan = WorkupPlan.objects.get(patient=patient)
    assert plan.tasks.count() == 24
    ophthalmology = task(plan, "ophthalmology")
    assert ophthalmology.due_on == target - timedelta(days=21)
    patient.refresh_from_db()
    assert patient.pathway_stage == "work_up"


@pytest.mark.django_db
def test_bicarbonate_and_urine_ph_are_required_for_ca2_only():
    ca2 = make_plan(gene="CA2")
    tcirg1 = make_plan(make_patient(family_name="Other"), gene="TCIRG1")
    assert task(ca2, "bicarbonate_urine_ph").requirement == "required"
    assert "CA2" in task(ca2, "bicarbonate_urine_ph").requirement_reason
    assert task(tcirg1, "bicarbonate_urine_ph").requirement == "optional"


@pytest.mark.django_db
def test_immunoglobulins_are_required_for_rank():
    plan = make_plan(gene="TNFRSF11A")
    assert task(plan, "immunology").requirement == "required"


def _schedule(client, t, version, when="2026-12-10T09:30", place="Eye clinic"):
    return client.post(
        reverse("workup:update_task", args=[t.public_id]),
        {"version": version, "status": "scheduled", "scheduled_at": when, "place": place},
    )


@pytest.mark.django_db
def test_the_second_of_two_concurrent_saves_is_refused_and_the_first_is_kept(login, cast):
    plan = make_plan()
    t = task(plan, "ophthalmology")
    first = login(Role.COORDINATOR)
    assert _schedule(first, t, t.version, place="Eye clinic A").status_code == 302
    second = login(Role.PHYSICIAN)
    response = _schedule(second, t, t.version, place="Eye clinic B")
    assert response.status_code == 409
    assert "after you opened it" in response.content.decode()
    t.refresh_from_db()
    assert (t.place, t.version) == ("Eye clinic A", 2)


@pytest.mark.django_db
def test_scheduling_needs_a_date(login):
    t = task(make_plan(), "audiology")
    response = login(Role.COORDINATOR).post(
        reverse("workup:update_task", args=[t.public_id]),
        {"version": t.version, "status": "scheduled", "scheduled_at": "", "place": ""},
    )
    assert "needs its date and time" in response.content.decode()
    t.refresh_from_db()
    assert t.status == "to_schedule"


@pytest.mark.django_db
def test_a_vep_result_recorded_on_the_task_becomes_a_finding_in_the_record(login, cast):
    plan = make_plan()
    t = task(plan, "ophthalmology")
    specialist_of(cast, login, "ophthalmology").post(
        reverse("workup:record_result", args=[t.public_id]),
        {
            "version": t.version,
            "summary": "Pattern VEP delayed, latency 142 ms",
            "observed_on": timezone.localdate().isoformat(),
            "category": "delayed",
            "quantity": "142",
            "trend": "worsening",
        },
    )
    t.refresh_from_db()
    assert t.status == "result_recorded"
    finding = Finding.objects.get(patient=plan.patient)
    assert (finding.kind, finding.category, finding.quantity) == ("vep", "delayed", 142.0)
    assert t.result_finding == finding


@pytest.mark.django_db
def test_only_a_physician_waives_and_only_with_a_reason(login):
    t = task(make_plan(), "psychology")
    url = reverse("workup:waive_task", args=[t.public_id])
    assert login(Role.COORDINATOR).post(url, {"version": 1, "reason": "x"}).status_code == 403
    physician = login(Role.PHYSICIAN)
    response = physician.post(url, {"version": 1, "reason": ""})
    assert response.status_code == 200
    physician.post(url, {"version": 1, "reason": "Family declined"})
    t.refresh_from_db()
    assert (t.status, t.waived_reason) == ("waived", "Family declined")


@pytest.mark.django_db
def test_the_gate_lists_what_blocks_admission_and_opens_when_all_is_done_or_waived(login):
    plan = make_plan()
    client = login(Role.COORDINATOR)
    plan_url = reverse("workup:plan", args=[plan.patient.public_id])
    refused = client.post(reverse("workup:mark_ready", args=[plan.patient.public_id]), follow=True)
    assert "Admission cannot be marked ready; still open:" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.ready_at is None
    gate = client.get(plan_url).context["gate"]
    assert "Cardiology with echocardiogram" in gate.blocking
    assert "Psychology" not in gate.blocking  # optional items never block
    plan.tasks.filter(requirement="required").update(status="done")
    client.post(reverse("workup:mark_ready", args=[plan.patient.public_id]))
    plan.refresh_from_db()
    assert plan.ready_at is not None


@pytest.mark.django_db
def test_my_work_shows_a_specialist_the_open_tasks_of_their_discipline(login, cast):
    plan = make_plan()
    cast[Role.SPECIALIST].discipline = "ophthalmology"
    cast[Role.SPECIALIST].save()
    response = login(Role.SPECIALIST).get(reverse("workup:my_work"))
    assert [t.item.code for t, _ in response.context["rows"]] == ["ophthalmology"]
    task(plan, "ophthalmology").__class__.objects.filter(item__code="ophthalmology").update(
        status="done"
    )
    assert login(Role.SPECIALIST).get(reverse("workup:my_work")).context["rows"] == []


@pytest.mark.django_db
def test_the_board_marks_overdue_tasks_in_text(login):
    plan = make_plan()
    plan.tasks.filter(item__code="dental").update(due_on=timezone.localdate() - timedelta(days=2))
    page = login(Role.COORDINATOR).get(reverse("workup:board")).content.decode()
    assert "OVERDUE" in page


@pytest.mark.django_db
def test_the_week_calendar_lists_scheduled_appointments(login):
    plan = make_plan()
    when = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    plan.tasks.filter(item__code="audiology").update(scheduled_at=when, status="scheduled")
    response = login(Role.SPECIALIST).get(
        reverse("workup:calendar"), {"week": when.date().isoformat()}
    )
    days = dict(response.context["days"])
    assert [t.item.code for t in days[when.date()]] == ["audiology"]


@pytest.mark.django_db
def test_overdue_reminders_send_one_digest_per_owner(cast, django_capture_on_commit_callbacks):
    plan = make_plan()
    cast[Role.SPECIALIST].discipline = "dental"
    cast[Role.SPECIALIST].email = "dentist@example.org"
    cast[Role.SPECIALIST].save()
    plan.tasks.filter(item__code="dental").update(due_on=timezone.localdate() - timedelta(days=1))
    plan.tasks.filter(item__code="anaesthesia").update(
        due_on=timezone.localdate() - timedelta(days=1), owner=cast[Role.SPECIALIST]
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_workup_reminders")
    to_dentist = [m for m in mail.outbox if m.to == ["dentist@example.org"]]
    assert len(to_dentist) == 1
    body = to_dentist[0].body
    assert "Dental and maxillofacial review" in body
    assert "Anaesthesia assessment" in body
    # No child is named in e-mail: a link to the plan instead.
    patient = plan.patient
    assert patient.family_name not in body and patient.given_names.split()[0] not in body
    assert f"/staff/workup/patients/{patient.public_id}/" in body


@pytest.mark.django_db
def test_the_mri_result_becomes_a_study_and_no_longer_missing_in_the_assessment(login, cast):
    plan = make_plan()
    mri = task(plan, "brain_mri")
    client = specialist_of(cast, login, "radiology")
    client.post(
        reverse("workup:record_result", args=[mri.public_id]),
        {
            "version": mri.version,
            "summary": "No hydrocephalus",
            "observed_on": timezone.localdate().isoformat(),
            "present": "false",
        },
    )
    study = Study.objects.get(patient=plan.patient)
    assert (study.code, study.conclusion) == ("brain_mri", "No hydrocephalus")
    mri.refresh_from_db()
    assert mri.result_study == study
    workup = {
        w["item"]: w["status"]
        for w in current_assessment(patient=plan.patient, actor=None, ip=None).result["workup"]
    }
    assert workup["brain_mri"] == "current"
