"""Writing to the audit trail. Every read or write of personal data calls `record_access`."""

from __future__ import annotations

import getpass

from django.db import models
from django.http import HttpRequest

from .models import AuditAction, AuditEvent


def client_address(request: HttpRequest | None) -> str | None:
    """The caller's address as the server saw it (the proxy sets REMOTE_ADDR in production)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_access(
    request: HttpRequest | None,
    action: AuditAction,
    target: models.Model | str,
    *,
    object_id: str = "",
    summary: str = "",
) -> AuditEvent:
    """Append one audit event: who (from the request), the action, the object, the address.

    `target` is a model instance (its type and public id are taken) or an object type name
    for reads of a list or a search.
    """
    if isinstance(target, models.Model):
        object_type = target._meta.label
        object_id = object_id or str(getattr(target, "public_id", None) or target.pk)
    else:
        object_type = target
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    if authenticated:
        actor_name = user.get_username()
    elif request is None:
        # A command-line tool (an import run by cron or an operator): say which OS account.
        actor_name = f"command line ({getpass.getuser()})"
    else:
        actor_name = "anonymous"
    return AuditEvent.objects.create(
        actor=user if authenticated else None,
        actor_name=actor_name,
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:300],
        ip_address=client_address(request),
    )
