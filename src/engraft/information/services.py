"""State changes of information requests. Each runs in a transaction and audits itself.

Services take the acting user (`actor`; None for an anonymous family or the command line)
and the client address (`ip`) as keyword arguments, never a request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.notifications.services import queue_email

from .models import (
    ContactAttempt,
    ContactDetails,
    InformationRequest,
    RequestNote,
    RequestStatus,
    SubmissionBucket,
)


def retry_after(address: str | None, now: datetime | None = None) -> datetime | None:
    """When this address may submit again, or None if it is under the per-address limit."""
    if not address:
        return None
    now = now or timezone.now()
    window = settings.ENGRAFT_REQUEST_RATE_WINDOW
    recent = list(
        InformationRequest.objects.filter(submitted_from=address, submitted_at__gte=now - window)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)[: settings.ENGRAFT_REQUEST_RATE_LIMIT]
    )
    if len(recent) < settings.ENGRAFT_REQUEST_RATE_LIMIT:
        return None
    # The oldest of the last `limit` requests leaves the window first.
    return recent[-1] + window


class RateLimited(Exception):
    """The address has sent its requests for this window; it may send again at ``until``."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"rate limited until {until.isoformat()}")
        self.until = until


def _hold_address(ip: str, now: datetime) -> None:
    """Take the address's turn: inserting (if new) and writing its row locks it until commit."""
    SubmissionBucket.objects.bulk_create(
        [SubmissionBucket(address=ip, touched_at=now)], ignore_conflicts=True
    )
    SubmissionBucket.objects.filter(address=ip).update(touched_at=now)


def submit_request(*, actor: Any, ip: str | None, data: dict[str, Any]) -> InformationRequest:
    """Store a family's request, then queue the family's confirmation and the intake notice.

    The request is saved in the same transaction as the queued email, so a mail failure
    cannot lose it; delivery happens after commit and is retried by cron if it fails. A
    family is anonymous (``actor`` None): only their address is audited. Over the per-address
    limit it raises RateLimited; the check and the insert hold the address's lock together,
    so simultaneous requests cannot all pass the check.
    """
    fields = {k: v for k, v in data.items() if k != "website"}
    with transaction.atomic():
        if ip:
            now = timezone.now()
            _hold_address(ip, now)
            until = retry_after(ip, now)
            if until is not None:
                raise RateLimited(until)
        info = InformationRequest.objects.create(submitted_from=ip, **fields)
        context = {"info": info, "contact": ContactDetails.objects.first()}
        queue_email(
            info.email,
            "We have received your request",
            render_to_string("information/email/family_confirmation.txt", context),
        )
        queue_email(
            settings.ENGRAFT_INTAKE_EMAIL,
            f"New information request from {info.country}",
            render_to_string("information/email/intake_notice.txt", context),
            reply_to=info.email,
        )
        audit_event(
            actor=actor, ip=ip, action=AuditAction.CREATE, target=info,
            summary="submitted by the family", anonymous=actor is None,
        )  # fmt: skip
    return info


def assign_request(*, info: InformationRequest, actor: Any, ip: str | None, staff) -> None:
    """Give the request to a member of staff (or to nobody)."""
    with transaction.atomic():
        info.assigned_to = staff
        info.save(update_fields=["assigned_to"])
        who = staff.get_username() if staff else "nobody"
        audit_event(
            actor=actor, ip=ip, action=AuditAction.CHANGE, target=info, summary=f"assigned to {who}"
        )


def change_status(*, info: InformationRequest, actor: Any, ip: str | None, status: str) -> None:
    """Move the request to a new status; the first move to contacted stamps the time."""
    with transaction.atomic():
        old = info.status
        info.status = RequestStatus(status)
        if info.status == RequestStatus.CONTACTED and info.first_contacted_at is None:
            info.first_contacted_at = timezone.now()
        info.save(update_fields=["status", "first_contacted_at"])
        audit_event(
            actor=actor, ip=ip, action=AuditAction.CHANGE, target=info,
            summary=f"status {old} -> {info.status}",
        )  # fmt: skip


def add_note(*, info: InformationRequest, actor: Any, ip: str | None, text: str) -> RequestNote:
    with transaction.atomic():
        note = RequestNote.objects.create(request=info, author=actor, text=text)
        audit_event(
            actor=actor, ip=ip, action=AuditAction.CHANGE, target=info, summary="note added"
        )
    return note


def log_contact(
    *, info: InformationRequest, actor: Any, ip: str | None, data: dict[str, Any]
) -> ContactAttempt:
    """Record a contact with the family. Reaching them marks a new request as contacted."""
    with transaction.atomic():
        attempt = ContactAttempt.objects.create(request=info, by=actor, **data)
        if attempt.reached and info.first_contacted_at is None:
            info.first_contacted_at = attempt.at
            if info.status == RequestStatus.NEW:
                info.status = RequestStatus.CONTACTED
            info.save(update_fields=["first_contacted_at", "status"])
        audit_event(
            actor=actor, ip=ip, action=AuditAction.CHANGE, target=info,
            summary=f"contact by {attempt.method}, reached={attempt.reached}",
        )  # fmt: skip
    return attempt
