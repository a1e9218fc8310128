"""Writing to the audit trail. Every read or write of personal data appends one event.

Services call `audit_event(actor=..., ip=...)`: they take the acting user and the client
address as keyword arguments, so the web and the command line call the same code. Views,
which hold the request, call `record_access(request, ...)` for the reads they show.
"""

from __future__ import annotations

import getpass
import ipaddress

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from .chain import link_after_commit
from .models import AuditAction, AuditEvent


def client_address(request: HttpRequest | None) -> str | None:
    """The caller's address, for the audit trail, the login lockout and the rate limit.

    With ``ENGRAFT_TRUSTED_PROXIES`` = 0 (the default: no proxy in front) it is the peer the
    server saw, and any X-Forwarded-For header, which anyone can send, is ignored. Behind N
    trusted proxies, each appends the address it received from: the client is the N-th
    address from the right of X-Forwarded-For; anything further left was written by the
    client and is never believed. A malformed entry falls back to the peer's address.
    """
    if request is None:
        return None
    peer = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "ENGRAFT_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return peer
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < proxies:
        return peer
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return peer


def request_actor(request: HttpRequest | None) -> models.Model | None:
    """The signed-in user of a request, or None for an anonymous visitor."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def audit_event(
    *,
    actor: models.Model | None,
    ip: str | None,
    action: AuditAction,
    target: models.Model | str,
    object_id: str = "",
    summary: str = "",
    anonymous: bool = False,
) -> AuditEvent:
    """Append one audit event: who, the action, the object, the address.

    `actor` is the signed-in user; None means the command line (an import run by cron or an
    operator, named by its OS account), or an anonymous visitor when `anonymous` is set.
    `target` is a model instance (its type and public id are taken) or an object type name
    for reads of a list or a search.
    """
    if isinstance(target, models.Model):
        object_type = target._meta.label
        object_id = object_id or str(getattr(target, "public_id", None) or target.pk)
    else:
        object_type = target
    if actor is not None:
        actor_name = actor.get_username()
    elif anonymous:
        actor_name = "anonymous"
    else:
        actor_name = f"command line ({getpass.getuser()})"
    event = AuditEvent.objects.create(
        actor=actor,
        actor_name=actor_name,
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:300],
        ip_address=ip,
    )
    link_after_commit()
    return event


def record_access(
    request: HttpRequest | None,
    action: AuditAction,
    target: models.Model | str,
    *,
    object_id: str = "",
    summary: str = "",
) -> AuditEvent:
    """Audit what a view shows: the request's user and address. Services use `audit_event`.

    No request (a caller not yet moved to `audit_event`) is taken as the command line.
    """
    actor = request_actor(request)
    return audit_event(
        actor=actor,
        ip=client_address(request),
        action=action,
        target=target,
        object_id=object_id,
        summary=summary,
        anonymous=actor is None and request is not None,
    )
