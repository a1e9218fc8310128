"""Email each clinician one daily digest of counts, with no patient detail (run it from cron)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.followup.digest import body_of, digests, subject_of
from engraft.notifications.services import queue_email


class Command(BaseCommand):
    help = (
        "Send each physician and nurse (and specialists with follow-up visits due) one email "
        "of counts: open and new transplant alerts, follow-up visits overdue and due."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print the emails instead of sending them"
        )

    def handle(self, *args, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        dry = options["dry_run"]
        with transaction.atomic():
            planned = digests(now)
            for user, digest in planned:
                subject, body = subject_of(digest), body_of(user, digest, today)
                if dry:
                    self.stdout.write(f"To: {user.email}\nSubject: {subject}\n\n{body}\n---")
                else:
                    queue_email(user.email, subject, body)
            audit_event(
                actor=None, ip=None, action=AuditAction.EXPORT, target="followup.alert_digest",
                summary=f"daily digest: {len(planned)} email(s) "
                + ("printed (dry run)" if dry else "queued"),
            )  # fmt: skip
        verb = "would be sent" if dry else "queued"
        self.stdout.write(f"{len(planned)} digest(s) {verb}")
