"""The care-team check in front of every page about one child (``ENGRAFT_CARE_TEAMS``).

Every staff URL that names a child does it through its arguments: a patient's id, or an
episode, a work-up task or an alert of theirs. This middleware finds the child from the
URL before the view runs, so no view can forget the check, and answers a member of a
clinical role outside the care team with the break-glass page (403): a reason to give, for
an access of limited time (record/care_team.py). The project shell holds it because it must
know every stage's URLs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from engraft.access.roles import Role
from engraft.record.care_team import care_teams_on, may_open
from engraft.record.models import Patient
from engraft.transplant.models import TransplantAlert, TransplantEpisode
from engraft.workup.models import WorkupTask

CLINICAL_ROLES = {Role.PHYSICIAN, Role.COORDINATOR, Role.SPECIALIST, Role.NURSE, Role.DATA_MANAGER}
PATIENT_NAMESPACES = {"record", "assessment", "donors", "followup", "trials", "api", "transplant",
                      "workup", "outcomes"}  # fmt: skip
# The page that breaks the glass is open to whoever may see the record at all.
OPEN_URLS = {("record", "break_glass")}
# URLs of those namespaces whose ``public_id`` is not a child's: how to find the child.
OTHER_OBJECTS: dict[tuple[str, str], Callable[[Any], Patient | None]] = {
    ("workup", "task"): lambda v: _task_patient(v),
    ("workup", "update_task"): lambda v: _task_patient(v),
    ("workup", "record_result"): lambda v: _task_patient(v),
    ("workup", "waive_task"): lambda v: _task_patient(v),
    ("transplant", "acknowledge_alert"): lambda v: _alert_patient(v),
}


def _task_patient(public_id) -> Patient | None:
    task = WorkupTask.objects.select_related("plan__patient").filter(public_id=public_id).first()
    return task.plan.patient if task else None


def _alert_patient(public_id) -> Patient | None:
    alert = (
        TransplantAlert.objects.select_related("episode__patient")
        .filter(public_id=public_id)
        .first()
    )
    return alert.episode.patient if alert else None


def child_of(namespace: str, name: str, kwargs: dict[str, Any]) -> Patient | None:
    """The child a URL is about, or None (not about one child, or no such child)."""
    if namespace not in PATIENT_NAMESPACES:
        return None
    if "episode_id" in kwargs:
        episode = (
            TransplantEpisode.objects.select_related("patient")
            .filter(public_id=kwargs["episode_id"])
            .first()
        )
        return episode.patient if episode else None
    if "public_id" not in kwargs:
        return None
    find = OTHER_OBJECTS.get((namespace, name))
    if find is not None:
        return find(kwargs["public_id"])
    return Patient.objects.filter(public_id=kwargs["public_id"]).first()


class CareTeamMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if not care_teams_on() or user is None or not user.is_authenticated:
            return None
        if user.role not in CLINICAL_ROLES or request.resolver_match is None:
            return None
        match = request.resolver_match
        if (match.namespace, match.url_name) in OPEN_URLS:
            return None
        child = child_of(match.namespace, match.url_name or "", kwargs)
        if child is None or may_open(child, user):
            return None
        if match.namespace == "api":
            return JsonResponse(
                {"detail": "This child is not in your care team: open the record and give a "
                 "reason (break the glass)."}, status=403,
            )  # fmt: skip
        return render(request, "record/break_glass.html",
                      {"child": child, "next": request.get_full_path()}, status=403)  # fmt: skip
