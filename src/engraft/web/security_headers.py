"""Two headers on every response: a Content-Security-Policy, and no-store on staff pages.

The policy is one fixed header with no nonces: Engraft has no inline script (the API docs'
scripts are django-ninja's own static files, served by the app), so django-csp's nonce and
per-view machinery would add a dependency for nothing. Inline styles stay allowed: the SVG
charts matplotlib writes carry their styles inline.

Everything under the staff, API and admin prefixes may show patient data (pages, PDFs, FHIR
Bundles, iCalendar files, CSV, JSON), so none of it may be kept by a browser or a proxy
(Django's own ``add_never_cache_headers``: no-store, no-cache, private).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PRIVATE_PREFIXES = ("/staff/", "/api/", "/admin/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if request.path.startswith(PRIVATE_PREFIXES):
            add_never_cache_headers(response)
        return response
