"""The JSON API (django-ninja, OpenAPI from type hints). Each app adds its router here.

Every operation states its permission with `api_requires`, like views do with `requires`,
and the role test walks the API's URLs as it walks the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import SessionAuth

from engraft.access.decorators import requires
from engraft.access.roles import Permission


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


class EngraftAPI(NinjaAPI):
    def _get_urls(self):
        urls = super()._get_urls()
        # Ninja's root page carries no rule of its own; every URL of the project states one.
        for url in urls:
            if getattr(url, "name", "") == "api-root":
                url.callback = requires(Permission.STAFF_HOME)(url.callback)
        return urls


api = EngraftAPI(
    title="Engraft API",
    version="1",
    description="Patients, findings and observations of the osteopetrosis programme. "
    "Session login required; every call is role-checked and audited.",
    auth=SessionAuth(),
    urls_namespace="api",
    docs_decorator=requires(Permission.STAFF_HOME),
)


def register_routers() -> None:
    from engraft.record.api import router as record_router

    api.add_router("/patients", record_router)


register_routers()
