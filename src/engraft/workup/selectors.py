"""Reads of the work-up: the board, a person's open tasks, the week's appointments."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from engraft.assessment.services import current_assessment
from engraft.core.workup.readiness import TaskStatus
from engraft.core.workup.schedule import is_overdue
from engraft.record.models import Patient

from .models import PlanItem, WorkupPlan, WorkupTask

CLOSED = [s.value for s in TaskStatus if s.closes_task]


def effective_urgency(patient: Patient, *, actor: models.Model | None, ip: str | None) -> str:
    """The urgency in force today: the signed-off one (agreed or the physician's override)
    until a new computation differs, then the computed one (see assessment.in_force).

    Computed for today, never read from a stored row the date may have overtaken; storing a
    new version is audited under `actor`.
    """
    return current_assessment(patient=patient, actor=actor, ip=ip).urgency


def board(today: date | None = None) -> tuple[list[PlanItem], list[dict]]:
    """Candidates against template items: each row a plan, each cell its task (or none).

    Three queries, whatever the number of candidates and tasks.
    """
    today = today or timezone.localdate()
    items = list(PlanItem.objects.filter(active=True))
    plans = WorkupPlan.objects.select_related("patient").prefetch_related("tasks")
    rows = []
    for plan in plans:
        by_item = {task.item_id: task for task in plan.tasks.all()}
        cells = []
        for item in items:
            task = by_item.get(item.pk)
            overdue = task is not None and is_overdue(task.due_on, today, task.is_closed)
            cells.append((item, task, overdue))
        rows.append({"plan": plan, "cells": cells, "overdue": sum(1 for _, _, o in cells if o)})
    return items, rows


def my_work(user) -> QuerySet[WorkupTask]:
    """Open tasks given to this person, or to their discipline or role with nobody named."""
    unassigned = Q(owner__isnull=True) & (
        Q(item__discipline=user.discipline) if user.discipline else Q(item__owner_role=user.role)
    )
    return (
        WorkupTask.objects.filter(Q(owner=user) | unassigned)
        .exclude(status__in=CLOSED)
        .select_related("item", "plan__patient")
        .order_by("due_on", "id")
    )


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_appointments(monday: date) -> list[tuple[date, list[WorkupTask]]]:
    """Scheduled appointments of the week starting `monday`, day by day."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
    tasks = (
        WorkupTask.objects.filter(
            scheduled_at__gte=start, scheduled_at__lt=start + timedelta(days=7)
        )
        .select_related("item", "plan__patient", "owner")
        .order_by("scheduled_at")
    )
    days: dict[date, list[WorkupTask]] = {monday + timedelta(days=i): [] for i in range(7)}
    for task in tasks:
        days[timezone.localtime(task.scheduled_at).date()].append(task)
    return list(days.items())


def family_appointments(plan: WorkupPlan) -> list[WorkupTask]:
    """The child's scheduled appointments still to come or done, in date order."""
    return list(
        plan.tasks.filter(scheduled_at__isnull=False)
        .exclude(status="waived")
        .select_related("item")
        .order_by("scheduled_at")
    )
