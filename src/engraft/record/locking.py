"""Optimistic locking for shared clinical forms: a save never silently undoes another.

A form carries the `version` of the row it was opened on; the save writes only if nobody
saved since, else it is refused with who saved and when (the view answers 409 and shows
the row as it now is). Used by the record (diagnosis) and the later stages (work-up tasks),
which import it from here, the earliest stage that needs it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone


class ConcurrentEditError(Exception):
    """Someone saved the row after this page was opened; their change is kept."""

    def __init__(self, *, noun: str, saved_by: str, saved_at: datetime) -> None:
        self.saved_by = saved_by
        self.saved_at = saved_at
        when = timezone.localtime(saved_at)
        super().__init__(
            f"{saved_by} saved this {noun} on {when:%d %b %Y} at {when:%H:%M}, after you "
            "opened it. Your changes were not saved; their version is shown below. Please "
            "make your change again."
        )


def save_if_unchanged(
    instance: models.Model, *, version: int, actor: Any, noun: str, **changes: Any
) -> None:
    """Write `changes` to the row only if its version is still `version`; else refuse.

    The row needs `version`, `updated_by` and `updated_at` fields. On success the instance
    holds the new values and version.
    """
    model = type(instance)
    now = timezone.now()
    updated = model._default_manager.filter(pk=instance.pk, version=version).update(
        **changes, version=F("version") + 1, updated_by=actor, updated_at=now
    )
    if not updated:
        current = model._default_manager.select_related("updated_by").get(pk=instance.pk)
        who = current.updated_by.display_name if current.updated_by else "someone"
        raise ConcurrentEditError(noun=noun, saved_by=who, saved_at=current.updated_at)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.version = version + 1
    instance.updated_by = actor
    instance.updated_at = now


def save_and_advance(instance: models.Model, *, actor: Any, **changes: Any) -> None:
    """Write `changes` unconditionally but advance the version, so open forms see them.

    For a service that changes a locked row as a side effect (a genetic result clears
    "genotype pending"; a work-up plan moves the pathway stage).
    """
    model = type(instance)
    now = timezone.now()
    model._default_manager.filter(pk=instance.pk).update(
        **changes, version=F("version") + 1, updated_by=actor, updated_at=now
    )
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.version = model._default_manager.values_list("version", flat=True).get(pk=instance.pk)
    instance.updated_by = actor
    instance.updated_at = now
