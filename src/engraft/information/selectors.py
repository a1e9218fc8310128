"""Queries behind the staff queue and the public lists."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from engraft.core.business_days import is_past_due

from .models import InformationRequest, RecommendedSource, RequestStatus, ResearchProject

OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.CONTACTED, RequestStatus.REFERRED)


def queue(status: str = "", search: str = "", sort: str = "oldest") -> QuerySet:
    """Requests for the queue: open ones by default, oldest first (longest waiting on top)."""
    requests = InformationRequest.objects.select_related("assigned_to")
    if status == "all":
        pass
    elif status:
        requests = requests.filter(status=status)
    else:
        requests = requests.filter(status__in=OPEN_STATUSES)
    if search:
        requests = requests.filter(
            Q(guardian_name__icontains=search)
            | Q(email__icontains=search)
            | Q(country__icontains=search)
            | Q(diagnosis__icontains=search)
            | Q(question__icontains=search)
        )
    order = "submitted_at" if sort != "newest" else "-submitted_at"
    return requests.order_by(order, "id")


def contact_overdue(info: InformationRequest, today: date | None = None) -> bool:
    """No contact yet, and more business days have passed than the programme allows."""
    if info.first_contacted_at is not None or info.status == RequestStatus.CLOSED:
        return False
    today = today or timezone.localdate()
    received = timezone.localtime(info.submitted_at).date()
    return is_past_due(received, today, settings.ENGRAFT_CONTACT_DUE_BUSINESS_DAYS)


def research_projects() -> QuerySet:
    """The research entries shown on the public page, in the administrator's order."""
    return ResearchProject.objects.filter(listed=True)


def recommended_sources() -> QuerySet:
    return RecommendedSource.objects.all()
