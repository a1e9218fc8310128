"""The second login factor (django-otp: TOTP with single-use recovery codes), required by a
setting that production turns on (``ENGRAFT_REQUIRE_SECOND_FACTOR``).

With the setting on, a signed-in account whose session is not verified by a second factor
reaches no staff page, API or admin: it is sent to enrol (first sign-in) or to enter a code.
The pages that enrol and verify, and signing out, stay open to it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user

PROTECTED = ("/staff/", "/api/", "/admin/")


def has_confirmed_device(user) -> bool:
    """Whether the account has enrolled a second factor."""
    return any(True for _ in devices_for_user(user, confirmed=True))


def second_factor_required() -> bool:
    return bool(getattr(settings, "ENGRAFT_REQUIRE_SECOND_FACTOR", False))


class SecondFactorMiddleware:
    """Send a signed-in, unverified session to the second factor before any staff page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            second_factor_required()
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and request.path.startswith(PROTECTED)
            and request.path not in self._open_paths()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "A second factor is required."}, status=401)
            target = "second_factor" if has_confirmed_device(user) else "second_factor_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> set[str]:
        names = ("second_factor", "second_factor_setup", "access:logout", "access:login")
        return {reverse(name) for name in names}
