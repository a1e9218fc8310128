"""Changes of the outcomes stage, each in a transaction and audited.

Services take the acting user (``actor``, None for the command line) and the client address
(``ip``) as keyword arguments; the pages and the demo call the same ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.record.models import Patient

from .models import CAUSE_LABELS, PublishedFigure, Vital, VitalStatus

Actor = Any


def _transplant_days0(patient: Patient, today: date) -> list[date]:
    # Read through the reverse relation: the record knows nothing of the transplant app.
    return sorted(e.day0 for e in patient.transplant_episodes.all() if e.day0 <= today)


def vital_status_problems(
    patient: Patient,
    *,
    status: str,
    last_contact_on: date | None,
    died_on: date | None,
    cause: str,
    today: date,
) -> dict[str, list[str]]:
    """Why a vital status cannot be right, by field (empty when it holds together)."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    days0 = _transplant_days0(patient, today)
    if status not in Vital.values:
        refuse("status", "Choose alive or dead.")
        return errors
    if status == Vital.DEAD:
        if died_on is None:
            refuse("died_on", "Give the date of death.")
        if not cause:
            refuse("cause", "Give the cause of death from the list (other if none fits).")
        elif cause not in {c.value for c in CAUSE_LABELS}:
            refuse("cause", "Choose a cause from the list.")
        if died_on is not None and last_contact_on is not None and last_contact_on != died_on:
            refuse("last_contact_on", "For a child who died, the last contact is the day of death.")
    else:
        if died_on is not None:
            refuse("died_on", "A child recorded alive has no date of death.")
        if cause:
            refuse("cause", "A child recorded alive has no cause of death.")
        if last_contact_on is None:
            refuse("last_contact_on", "Give the last day the child was known alive.")
    for field, value, what in (
        ("last_contact_on", last_contact_on, "The last contact"),
        ("died_on", died_on, "The date of death"),
    ):
        if value is None:
            continue
        if value > today:
            refuse(field, f"{what} cannot be in the future (today is {today.isoformat()}).")
        if value < patient.birth_date:
            refuse(field, f"{what} is before the child's birth ({patient.birth_date.isoformat()}).")
        elif days0 and value < days0[-1]:
            refuse(
                field,
                f"{what} is before day 0 of the transplant of {days0[-1].isoformat()}: the child "
                "was alive at the transplant.",
            )
    return errors


@transaction.atomic
def record_vital_status(
    *,
    patient: Patient,
    status: str,
    last_contact_on: date | None,
    died_on: date | None = None,
    cause: str = "",
    note: str = "",
    actor: Actor,
    ip: str | None,
    today: date | None = None,
) -> VitalStatus:
    """Record the child's vital status (a new row; the latest is current). Audited."""
    today = today or timezone.localdate()
    if status == Vital.DEAD and last_contact_on is None:
        last_contact_on = died_on
    errors = vital_status_problems(
        patient, status=status, last_contact_on=last_contact_on, died_on=died_on,
        cause=cause, today=today,
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    row = VitalStatus.objects.create(
        patient=patient, status=status, last_contact_on=last_contact_on, died_on=died_on,
        cause=cause, note=note[:300], recorded_by=actor,
    )  # fmt: skip
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CREATE, target=patient,
        summary=f"vital status recorded: {row}",
    )  # fmt: skip
    return row


@transaction.atomic
def set_published_figures(*, keys: Iterable[str], actor: Actor, ip: str | None) -> list[str]:
    """Publish exactly ``keys`` (of ``publishing.PUBLISHABLE``); audited with before and after."""
    from .publishing import PUBLISHABLE

    wanted = sorted(set(keys))
    unknown = [k for k in wanted if k not in PUBLISHABLE]
    if unknown:
        raise ValidationError(
            {"keys": [f"Not a figure that can be published: {', '.join(unknown)}"]}
        )
    before = sorted(PublishedFigure.objects.values_list("key", flat=True))
    if before == wanted:
        return wanted
    PublishedFigure.objects.exclude(key__in=wanted).delete()
    for key in wanted:
        PublishedFigure.objects.get_or_create(key=key, defaults={"published_by": actor})
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CHANGE, target="outcomes.PublishedFigure",
        summary=f"published figures: before {', '.join(before) or 'none'}; "
        f"after {', '.join(wanted) or 'none'}",
    )  # fmt: skip
    return wanted
