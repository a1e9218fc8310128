"""The JSON API (django-ninja, OpenAPI from type hints). Each app adds its router here.

Every operation states its permission with `engraft.access.api.api_requires`, like views do
with `requires`, and the role test walks the API's URLs as it walks the pages. The project
imports the apps' routers; an app never imports this module.

Input is bounded before any operation runs: a body larger than ENGRAFT_FHIR_MAX_BYTES or
nested deeper than ENGRAFT_JSON_MAX_DEPTH is refused (ninja answers 400 "Cannot parse
request body"), and a NUL character in a query string (no database text column can hold
one) is refused with a 422 naming it. Bodies' texts are checked by their schemas.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.security import SessionAuth

from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.core.fhir.bundle_import import json_depth_exceeds


def _refuse_nul(data: dict[str, Any]) -> None:
    for name, value in data.items():
        values = value if isinstance(value, list) else [value]
        if any("\x00" in str(v) for v in [name, *values]):
            raise HttpError(422, f"A NUL character is not accepted in the query ({name!r}).")


class BoundedParser(Parser):
    """Ninja's JSON parser with limits on size and depth, and no NUL in a query."""

    def parse_body(self, request: HttpRequest) -> Any:
        limit = settings.ENGRAFT_FHIR_MAX_BYTES
        if int(request.headers.get("Content-Length") or 0) > limit or len(request.body) > limit:
            raise HttpError(413, f"The request body is larger than {limit} bytes.")
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "The request body is not UTF-8 text.") from None
        depth = settings.ENGRAFT_JSON_MAX_DEPTH
        if json_depth_exceeds(text, depth):
            raise HttpError(400, f"The JSON nests deeper than {depth} levels.")
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise HttpError(400, f"The request body is not valid JSON: {error}") from None

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        _refuse_nul(parsed)
        return parsed


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
    parser=BoundedParser(),
)


def register_routers() -> None:
    from engraft.record.api import router as record_router

    api.add_router("/patients", record_router)


register_routers()
