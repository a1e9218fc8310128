"""Queue email inside a transaction; deliver it once the transaction has committed."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


def queue_email(recipient: str, subject: str, body: str, *, reply_to: str = "") -> OutgoingEmail:
    """Store an email and deliver it after the surrounding transaction commits."""
    email = OutgoingEmail.objects.create(
        recipient=recipient, subject=subject, body=body, reply_to=reply_to
    )
    transaction.on_commit(lambda: deliver([email.pk]))
    return email


def deliver(pks: Iterable[int] | None = None) -> tuple[int, int]:
    """Send unsent email (all of it, or the given ids). Returns (sent, failed).

    A failure is recorded on the email and left for the next run.
    """
    pending = OutgoingEmail.objects.filter(sent_at__isnull=True)
    if pks is not None:
        pending = pending.filter(pk__in=list(pks))
    sent = failed = 0
    for email in pending:
        message = EmailMessage(
            subject=settings.EMAIL_SUBJECT_PREFIX + email.subject,
            body=email.body,
            to=[email.recipient],
            reply_to=[email.reply_to] if email.reply_to else None,
        )
        email.attempts += 1
        try:
            message.send(fail_silently=False)
        except Exception as error:  # any transport error means "retry later"
            email.last_error = f"{type(error).__name__}: {error}"[:500]
            email.save(update_fields=["attempts", "last_error"])
            logger.warning("Email %s not sent, will retry: %s", email.pk, email.last_error)
            failed += 1
        else:
            email.sent_at = timezone.now()
            email.last_error = ""
            email.save(update_fields=["attempts", "last_error", "sent_at"])
            sent += 1
    return sent, failed
