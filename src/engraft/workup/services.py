"""State changes of the work-up. Each runs in a transaction and audits itself."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engraft.assessment.models import MeetingDecision
from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.cohort.shares import PathwayStage
from engraft.core.workup.readiness import TaskState, TaskStatus, readiness
from engraft.core.workup.requirement import (
    PatientContext,
    Requirement,
    parse_conditions,
    requirement_for,
)
from engraft.core.workup.schedule import due_date
from engraft.record import services as record_services
from engraft.record.locking import save_and_advance, save_if_unchanged
from engraft.record.models import Patient

from .models import PlanItem, WorkupPlan, WorkupTask
from .selectors import effective_urgency


def accepted_as_candidate(patient: Patient) -> bool:
    """The latest multidisciplinary decision for the child is to proceed to work-up."""
    latest = patient.meeting_decisions.order_by("-meeting_on", "-id").first()
    return latest is not None and latest.outcome == MeetingDecision.Outcome.PROCEED


def patient_context(patient: Patient) -> PatientContext:
    """What the template's conditions look at, read from the record (voided facts left out)."""
    genes = patient.genetic_results.filter(voided_at__isnull=True).values_list("gene", flat=True)
    present = patient.findings.filter(voided_at__isnull=True, present=True).values_list(
        "kind", flat=True
    )
    return PatientContext(
        genes=frozenset(g.upper() for g in genes),
        findings_present=frozenset(present),
        clinical_form=patient.clinical_form,
    )


@transaction.atomic
def create_plan(
    *, patient: Patient, actor: Any, ip: str | None, target_admission: date
) -> WorkupPlan:
    """Create the child's plan from the active template items.

    Refused unless the team has accepted the child as a transplant candidate. Due dates
    count back from the target admission, compressed when the assessment is emergent.
    """
    if not accepted_as_candidate(patient):
        raise ValidationError(
            "The multidisciplinary meeting has not accepted this child for transplant work-up "
            "yet: record its decision on the assessment page first."
        )
    today = timezone.localdate()
    if target_admission <= today:
        raise ValidationError({"target_admission": "The target admission must be in the future."})
    if WorkupPlan.objects.filter(patient=patient).exists():
        raise ValidationError("This child already has a work-up plan.")
    emergent = effective_urgency(patient, actor=actor, ip=ip) == ("emergent")
    plan = WorkupPlan.objects.create(
        patient=patient,
        target_admission=target_admission,
        emergent=emergent,
        created_by=actor,
    )
    context = patient_context(patient)
    tasks = []
    for item in PlanItem.objects.filter(active=True):
        requirement, reason = requirement_for(
            Requirement(item.default_requirement),
            item.default_reason,
            parse_conditions(item.conditions),
            context,
        )
        tasks.append(
            WorkupTask(
                plan=plan,
                item=item,
                requirement=requirement.value,
                requirement_reason=reason,
                due_on=due_date(target_admission, item.lead_days, today=today, emergent=emergent),
            )
        )
    WorkupTask.objects.bulk_create(tasks)
    # Advances the record's version: a diagnosis form opened before cannot undo the stage.
    save_and_advance(patient, actor=actor, pathway_stage=PathwayStage.WORK_UP.value)
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CREATE, target=patient,
        summary=f"work-up plan, {len(tasks)} tasks",
    )  # fmt: skip
    return plan


def _save_task(task: WorkupTask, *, version: int, actor: Any, **changes: Any) -> None:
    """Write `changes` only if nobody saved the task since `version` was read."""
    save_if_unchanged(task, version=version, actor=actor, noun="task", **changes)


def _audit_task(task: WorkupTask, *, actor: Any, ip: str | None, summary: str) -> None:
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target=task.plan.patient,
        summary=f"work-up task {task.item.code}{summary}"[:300],
    )  # fmt: skip


@transaction.atomic
def update_task(
    *,
    task: WorkupTask,
    actor: Any,
    ip: str | None,
    version: int,
    owner=None,
    status: str,
    scheduled_at: datetime | None,
    place: str,
) -> None:
    """Schedule a task, give it an owner, or move it on (not to waived or result recorded)."""
    status = TaskStatus(status)
    if status in (TaskStatus.WAIVED, TaskStatus.RESULT_RECORDED):
        raise ValidationError({"status": "Use the waive or result forms for this status."})
    if status is TaskStatus.SCHEDULED and scheduled_at is None:
        raise ValidationError({"scheduled_at": "A scheduled task needs its date and time."})
    _save_task(
        task, version=version, actor=actor, owner=owner, status=status.value,
        scheduled_at=scheduled_at, place=place,
    )  # fmt: skip
    _audit_task(task, actor=actor, ip=ip, summary=f": {status.value}")


@transaction.atomic
def record_result(
    *,
    task: WorkupTask,
    actor: Any,
    ip: str | None,
    version: int,
    summary: str,
    finding: dict | None,
    performed_on: date | None = None,
) -> None:
    """Record the task's result; where the item says so, it enters the record.

    A finding (e.g. the VEP) and a study (e.g. the brain MRI) are written with the task, in
    one transaction. The assessment reads the record, so it is recomputed when next opened.
    """
    patient = task.plan.patient
    result_finding = result_study = None
    if finding is not None:
        result_finding = record_services.record_finding(
            patient=patient, actor=actor, ip=ip,
            fields={**finding, "kind": task.item.result_finding_kind},
        )  # fmt: skip
    if task.item.result_study_code:
        if performed_on is None:
            raise ValidationError({"observed_on": "Give the date of the study."})
        result_study = record_services.record_study(
            patient=patient,
            actor=actor,
            ip=ip,
            fields={
                "code": task.item.result_study_code,
                "performed_on": performed_on,
                "performed_by": actor.display_name if actor is not None else "command line",
                "conclusion": summary,
            },
        )
    _save_task(
        task,
        version=version,
        actor=actor,
        status=TaskStatus.RESULT_RECORDED.value,
        result_summary=summary,
        result_finding=result_finding,
        result_study=result_study,
    )
    _audit_task(task, actor=actor, ip=ip, summary=": result recorded")


@transaction.atomic
def waive_task(*, task: WorkupTask, actor: Any, ip: str | None, version: int, reason: str) -> None:
    """A physician waives a task; the reason is required and kept."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the task is waived."})
    _save_task(
        task, version=version, actor=actor, status=TaskStatus.WAIVED.value,
        waived_reason=reason.strip(), waived_by=actor,
    )  # fmt: skip
    _audit_task(task, actor=actor, ip=ip, summary=f" waived: {reason.strip()}")


def plan_readiness(plan: WorkupPlan):
    return readiness(
        [
            TaskState(t.item.name, Requirement(t.requirement), TaskStatus(t.status))
            for t in plan.tasks.all()
        ]
    )


@transaction.atomic
def mark_ready(*, plan: WorkupPlan, actor: Any, ip: str | None) -> None:
    """Mark the child ready for admission; refused while a required task is open."""
    gate = plan_readiness(plan)
    if not gate.ready:
        raise ValidationError(
            "Admission cannot be marked ready; still open: " + ", ".join(gate.blocking)
        )
    plan.ready_at = timezone.now()
    plan.ready_by = actor
    plan.save(update_fields=["ready_at", "ready_by"])
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target=plan.patient,
        summary="ready for admission",
    )  # fmt: skip
