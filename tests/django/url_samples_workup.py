"""Sample objects for the work-up URLs in the role test."""

from .workup_builders import make_plan


def plan_patient() -> dict[str, object]:
    return {"public_id": make_plan().patient.public_id}


def plan_task() -> dict[str, object]:
    return {"public_id": make_plan().tasks.get(item__code="ophthalmology").public_id}


SAMPLES = {
    "workup:plan": plan_patient,
    "workup:mark_ready": plan_patient,
    "workup:schedule_pdf": plan_patient,
    "workup:schedule_ics": plan_patient,
    "workup:task": plan_task,
    "workup:update_task": plan_task,
    "workup:record_result": plan_task,
    "workup:waive_task": plan_task,
}
