"""The API's counterpart of `requires`: each JSON operation states the permission it needs.

Here, with the roles, rather than in the project's API module, so that an app's router can
use it without importing the project (which imports the routers).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError

from .roles import Permission


def api_requires(permission: Permission) -> Callable:
    """The operation needs a signed-in user (else 401) whose role has `permission` (else 403)."""

    def decorate(operation: Callable) -> Callable:
        @wraps(operation)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any):
            if not request.user.may(permission):
                raise HttpError(403, f"Your role may not use this ({permission}).")
            return operation(request, *args, **kwargs)

        guarded.access_rule = permission  # type: ignore[attr-defined]
        return guarded

    return decorate
