"""State changes of the follow-up: a visit marked done, a wrong entry voided. Each audited.

Services take the acting user (`actor`, None for the command line) and the client address
(`ip`) as keyword arguments, and run in a transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.followup.knowledge import load_followup_knowledge
from engraft.transplant.models import TransplantEpisode

from .models import FollowUpVisitRecord
from .selectors import visit_period

Actor = Any  # the signed-in user, or None for the command line


def _on(day: date) -> str:
    return f"{day:%-d %b %Y}"


@transaction.atomic
def record_visit_done(
    *, episode: TransplantEpisode, item: str, timepoint: str, done_on: date | None,
    note: str = "", actor: Actor, ip: str | None,
) -> FollowUpVisitRecord:  # fmt: skip
    """Mark one follow-up visit (an item at a timepoint) done on ``done_on``.

    The date may not be in the future nor before day 0, and must fall in the visit's period
    (from its window's start to the next visit's window start), where the schedule counts it:
    a later date is the next visit's. A visit already marked done is refused (void it first).
    """
    kb = load_followup_knowledge()
    if item not in kb.items:
        raise ValidationError({"item": f"{item!r} is not a follow-up item."})
    if done_on is None:
        raise ValidationError({"done_on": "Give the date the visit was done."})
    today = timezone.localdate()
    if done_on > today:
        raise ValidationError({"done_on": f"{_on(done_on)} is in the future."})
    if done_on < episode.day0:
        raise ValidationError({"done_on": f"{_on(done_on)} is before day 0 ({_on(episode.day0)})."})
    visit, following = visit_period(episode, item, timepoint, today)
    if visit is None:
        raise ValidationError(
            {"timepoint": f"{kb.items[item].title} has no visit {timepoint!r} by today."}
        )
    if done_on < visit.window_start:
        raise ValidationError(
            {"done_on": f"{_on(done_on)} is before the {visit.label} visit's window, which "
             f"opens on {_on(visit.window_start)}."}
        )  # fmt: skip
    if following is not None and done_on >= following:
        raise ValidationError(
            {"done_on": f"{_on(done_on)} falls in the next visit's period (from "
             f"{_on(following)}): record it there."}
        )  # fmt: skip
    try:
        with transaction.atomic():
            row = FollowUpVisitRecord.objects.create(
                patient=episode.patient, episode=episode, item=item, timepoint=timepoint,
                done_on=done_on, note=note.strip(), recorded_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(
            {"done_on": f"The {visit.label} {kb.items[item].title.lower()} visit is already "
             "marked done; void that entry first to correct it."}
        ) from None  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=episode.patient,
                summary=f"follow-up {item} at {timepoint} done on {done_on} "
                        f"(transplant {episode.number})")  # fmt: skip
    return row


@transaction.atomic
def void_visit(
    *, visit: FollowUpVisitRecord, reason: str, actor: Actor, ip: str | None
) -> FollowUpVisitRecord:
    """Void a visit marked done in error, with the reason; the entry stays, marked."""
    if visit.is_voided:
        raise ValidationError("This entry is already void.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this entry is voided."})
    visit.voided_at = timezone.now()
    visit.voided_by = actor
    visit.void_reason = reason.strip()[:300]
    visit.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=visit.patient,
                summary=f"voided follow-up {visit.item} at {visit.timepoint} "
                        f"({visit.public_id}): {visit.void_reason}")  # fmt: skip
    return visit
