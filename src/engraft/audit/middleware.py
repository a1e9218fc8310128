"""Audit what a refused form shows again: the patient data on the page it redisplays.

A view handling a POST reads the patient without auditing (``patient_for(audit=False)``),
because the service it calls audits the change. When the service refuses and the page comes
back with the form and the record (status 200, 400 or 409, not a redirect), that page is a
read: this middleware audits it as a view, after the response is built.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.http import HttpRequest, HttpResponse

from .models import AuditAction
from .services import record_access

SHOWN_AGAIN = (200, 400, 409)
ATTRIBUTE = "audit_if_shown"


def audit_if_shown(request: HttpRequest, target: models.Model) -> None:
    """Audit ``target`` as viewed if this request's response shows a page (not a redirect)."""
    pending = getattr(request, ATTRIBUTE, None)
    if pending is None:
        pending = []
        setattr(request, ATTRIBUTE, pending)
    if target not in pending:
        pending.append(target)


class AuditShownAgainMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        pending = getattr(request, ATTRIBUTE, ())
        if pending and request.method == "POST" and response.status_code in SHOWN_AGAIN:
            summary = f"shown again with a refused form: {request.path}"
            for target in pending:
                record_access(request, AuditAction.VIEW, target, summary=summary)
        return response
