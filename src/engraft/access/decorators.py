"""The decorators every view wears: `public`, or `requires(permission)`.

Each one stamps the view with `access_rule`, so the role test can walk every URL of the
project and fail on a view that states no rule.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .roles import Permission

PUBLIC = "public"
View = Callable[..., HttpResponse]


def public(view: View) -> View:
    """Anyone may open this view, logged in or not."""
    view.access_rule = PUBLIC  # type: ignore[attr-defined]
    return view


def requires(permission: Permission) -> Callable[[View], View]:
    """Login is needed (else redirect to login), then the permission (else 403)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.may(permission):
                raise PermissionDenied(f"Your role may not use this page ({permission}).")
            return view(request, *args, **kwargs)

        guarded.access_rule = permission  # type: ignore[attr-defined]
        return guarded

    return decorate
