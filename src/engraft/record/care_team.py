"""Who may open which child's record: the care team, or a reasoned, time-limited break-glass.

With ``ENGRAFT_CARE_TEAMS`` on (production), a member of a clinical role opens a child's
pages only as a member of the care team (assigned, or owner of one of the child's work-up
tasks) or under a break-glass access they asked for with a reason, which lasts
``ENGRAFT_BREAK_GLASS_HOURS`` (in-house: 8 hours, one shift). Each access and each change of
the team is audited; the administrator reviews the break-glass accesses.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event

from .models import BreakGlassAccess, CareTeamMember, Patient

Actor = Any
# Work that makes someone a member without being assigned (a later stage registers it: the
# work-up's task owners), so the record never imports a later stage.
_member_sources: list = []


def register_member_source(source) -> None:
    """``source(patient, user) -> bool``: whether the user's work makes them a member."""
    if source not in _member_sources:
        _member_sources.append(source)


def care_teams_on() -> bool:
    return bool(getattr(settings, "ENGRAFT_CARE_TEAMS", False))


def is_member(patient: Patient, user) -> bool:
    if CareTeamMember.objects.filter(patient=patient, user=user).exists():
        return True
    return any(source(patient, user) for source in _member_sources)


def open_access(patient: Patient, user) -> BreakGlassAccess | None:
    """The user's break-glass access to the child that has not expired, if any."""
    return (
        BreakGlassAccess.objects.filter(patient=patient, user=user, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def may_open(patient: Patient, user) -> bool:
    """Whether the user opens the child's record now without breaking the glass."""
    if not care_teams_on():
        return True
    return is_member(patient, user) or open_access(patient, user) is not None


@transaction.atomic
def break_glass(*, patient: Patient, reason: str, actor: Actor, ip: str | None) -> BreakGlassAccess:
    """Open the record to ``actor`` for a limited time, with their reason; audited."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Say why you need this child's record (a sentence)."})
    hours = int(getattr(settings, "ENGRAFT_BREAK_GLASS_HOURS", 8))
    access = BreakGlassAccess.objects.create(
        patient=patient, user=actor, reason=reason[:300],
        expires_at=timezone.now() + timedelta(hours=hours),
    )  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.VIEW, target=patient,
                summary=f"break-glass access for {hours} h: {access.reason}")  # fmt: skip
    return access


@transaction.atomic
def add_member(*, patient: Patient, user, actor: Actor, ip: str | None) -> CareTeamMember:
    member, created = CareTeamMember.objects.get_or_create(
        patient=patient, user=user, defaults={"added_by": actor}
    )
    if created:
        audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
                    summary=f"added {user.get_username()} to the care team")  # fmt: skip
    return member


@transaction.atomic
def remove_member(*, patient: Patient, user, actor: Actor, ip: str | None) -> None:
    removed, _ = CareTeamMember.objects.filter(patient=patient, user=user).delete()
    if removed:
        audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
                    summary=f"removed {user.get_username()} from the care team")  # fmt: skip


@transaction.atomic
def review_access(*, access: BreakGlassAccess, actor: Actor, ip: str | None) -> None:
    access.reviewed_by, access.reviewed_at = actor, timezone.now()
    access.save(update_fields=["reviewed_by", "reviewed_at"])
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=access,
                summary=f"reviewed the break-glass access {access.public_id}")  # fmt: skip
