"""Email each owner one digest of their overdue work-up tasks (run it daily from cron)."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from engraft.notifications.services import queue_email
from engraft.workup.models import WorkupTask
from engraft.workup.selectors import CLOSED


class Command(BaseCommand):
    help = "Send one digest of overdue work-up tasks to each owner."

    def handle(self, *args, **options):
        today = timezone.localdate()
        overdue = (
            WorkupTask.objects.filter(due_on__lt=today)
            .exclude(status__in=CLOSED)
            .select_related("item", "plan__patient", "owner")
            .order_by("due_on")
        )
        staff = get_user_model().objects.filter(is_active=True).exclude(email="")
        digests = defaultdict(list)
        for task in overdue:
            if task.owner is not None:
                owners = [task.owner]
            else:
                # Nobody named: everyone of the task's discipline (or role) hears of it.
                owners = [
                    u
                    for u in staff
                    if u.discipline == task.item.discipline
                    or (not u.discipline and u.role == task.item.owner_role)
                ]
            for owner in owners:
                if owner.email:
                    digests[owner].append(task)
        with transaction.atomic():
            for owner, tasks in digests.items():
                queue_email(
                    owner.email,
                    f"{len(tasks)} overdue work-up task{'s' if len(tasks) > 1 else ''}",
                    render_to_string(
                        "workup/email/overdue_digest.txt",
                        {
                            "owner": owner,
                            "tasks": tasks,
                            "today": today,
                            "site_url": settings.ENGRAFT_SITE_URL,
                        },
                    ),
                )
        self.stdout.write(f"{len(digests)} digest(s) queued for {overdue.count()} overdue task(s)")
