"""The follow-up section of "My work": the visits due or overdue for this person today.

Registered into `engraft.access.worklists` by the app's ready(); the work-up's page renders it.
A specialist sees their discipline's visits; physicians, coordinators and nurses (who run
and record the follow-up clinic) see every visit; other roles get no section.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from engraft.access.roles import Role
from engraft.access.worklists import Worklist, WorklistRow

from .selectors import open_visits

EVERY_VISIT = {Role.PHYSICIAN.value, Role.COORDINATOR.value, Role.NURSE.value}


def disciplines_for(user) -> set[str] | None:
    """The disciplines whose visits are this user's work: None for all, empty for none."""
    if user.role in EVERY_VISIT:
        return None
    if user.role == Role.SPECIALIST.value and user.discipline:
        return {user.discipline}
    return set()


def follow_up_worklist(user, today: date) -> Worklist | None:
    """The visits due or overdue today for this user (None: the role has none to do)."""
    disciplines = disciplines_for(user)
    if disciplines is not None and not disciplines:
        return None
    rows = tuple(
        WorklistRow(
            due=o.visit.due,
            title=f"{o.visit.title}, {o.visit.label}",
            patient=str(o.patient),
            url=reverse("followup:patient", args=[o.patient.public_id]) + f"#{o.visit.timepoint}",
            state=o.visit.state.value,
            detail=o.visit.discipline.replace("_", " "),
        )
        for o in open_visits(today, disciplines)
    )
    whose = "your discipline's" if disciplines else "every discipline's"
    return Worklist(
        key="followup",
        title="Follow-up visits due",
        description=f"Long-term follow-up visits after the transplant, {whose}, due now or "
        "overdue, soonest first.",
        rows=rows,
    )
