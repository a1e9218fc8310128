"""The daily alert digest: counts per clinician, never a patient's detail (for cron).

Alerts are never emailed with patient details. Each physician and nurse gets one email a day
with the number of open (unacknowledged) alerts on the ward, the alerts raised in the last
24 hours and the follow-up visits overdue and due; a specialist gets the follow-up counts of
their discipline, and only when there is one. The email holds counts and links, nothing
else: no name, hospital number, date of birth, public id or rule detail of any child.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.core.followup import VisitState
from engraft.transplant.models import EpisodeStatus, TransplantAlert

from .selectors import OpenVisit, open_visits

WARD_ROLES = (Role.PHYSICIAN.value, Role.NURSE.value)


@dataclass(frozen=True)
class Digest:
    """What one person's email says: counts only (None: not this person's to hear)."""

    open_alerts: int | None
    new_alerts: int | None
    overdue_visits: int
    due_visits: int

    @property
    def anything(self) -> bool:
        return bool(self.open_alerts or self.new_alerts or self.overdue_visits or self.due_visits)


def _visit_counts(visits: list[OpenVisit], discipline: str | None) -> tuple[int, int]:
    mine = [o for o in visits if discipline is None or o.visit.discipline == discipline]
    overdue = sum(1 for o in mine if o.visit.state == VisitState.OVERDUE)
    return overdue, sum(1 for o in mine if o.visit.state == VisitState.DUE)


def digests(now: datetime) -> list[tuple[object, Digest]]:
    """Each recipient (an active account with an email) and their counts, on ``now``."""
    today = timezone.localdate(now)
    open_alerts = TransplantAlert.objects.filter(
        acknowledged_at__isnull=True, episode__status=EpisodeStatus.ACTIVE
    ).count()
    new_alerts = TransplantAlert.objects.filter(raised_at__gte=now - timedelta(hours=24)).count()
    visits = open_visits(today)
    people = (
        get_user_model()
        .objects.filter(is_active=True, role__in=[*WARD_ROLES, Role.SPECIALIST.value])
        .exclude(email="")
        .order_by("username")
    )
    out = []
    for user in people:
        if user.role in WARD_ROLES:
            out.append((user, Digest(open_alerts, new_alerts, *_visit_counts(visits, None))))
        elif user.discipline:
            digest = Digest(None, None, *_visit_counts(visits, user.discipline))
            if digest.anything:
                out.append((user, digest))
    return out


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def subject_of(digest: Digest) -> str:
    """The subject line: counts only."""
    parts = []
    if digest.open_alerts is not None:
        parts.append(_count(digest.open_alerts, "open alert"))
    parts.append(_count(digest.overdue_visits, "follow-up visit") + " overdue")
    return "Daily digest: " + ", ".join(parts)


def body_of(user, digest: Digest, today) -> str:
    """The email's text: the counts and links to the ward and "My work"."""
    site = settings.ENGRAFT_SITE_URL
    return render_to_string(
        "followup/email/alert_digest.txt",
        {
            "user": user, "digest": digest, "today": today,
            "ward_url": site + reverse("transplant:ward"),
            "my_work_url": site + reverse("workup:my_work"),
        },
    )  # fmt: skip
