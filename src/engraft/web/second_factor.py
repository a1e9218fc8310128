"""Enrolling and entering the second login factor (thin views over django-otp's devices).

Enrolment creates a TOTP device, shows its key for an authenticator app, and confirms it
with a first code; ten single-use recovery codes are then shown once. Verification takes a
code from the app or a recovery code. Each enrolment and each administrator's reset is
audited; the views live in the project shell because they write the audit trail, which sits
above the accounts in the layers.
"""

from __future__ import annotations

import base64

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event, client_address

RECOVERY_CODES = 10
# django-otp makes each wrong try double the wait before the next (its throttling).
TOO_SOON = "Too many tries in a row: wait a few seconds, then enter the code the app shows now."


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=16,
        widget=forms.TextInput({"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )  # fmt: skip


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/staff/"
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe else "/staff/"


@requires(Permission.STAFF_HOME)
def second_factor(request: HttpRequest) -> HttpResponse:
    """Enter a code from the authenticator app, or a recovery code."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "")
        devices = list(devices_for_user(request.user, confirmed=True))
        throttled = any(not d.verify_is_allowed()[0] for d in devices)
        for device in devices:
            if device.verify_token(code):
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    audit_event(actor=request.user, ip=client_address(request),
                                action=AuditAction.VIEW, target=request.user,
                                summary="signed in with a recovery code")  # fmt: skip
                return redirect(_next(request))
        form.add_error(
            "code",
            TOO_SOON if throttled else "That code is not right, or was used already.",
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "access/second_factor.html",
                  {"form": form, "next": _next(request)}, status=status)  # fmt: skip


@requires(Permission.STAFF_HOME)
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: its key, then a first code to confirm it."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app",
                                           confirmed=False)  # fmt: skip
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            codes = _confirm(request, device)
            return render(request, "access/second_factor_codes.html",
                          {"codes": codes, "next": _next(request)})  # fmt: skip
        form.add_error("code", "That code is not right. Check the phone's clock and try again."
                       if allowed else TOO_SOON)  # fmt: skip
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    status = 400 if request.method == "POST" else 200
    return render(request, "access/second_factor_setup.html", {
        "form": form, "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "config_url": device.config_url, "next": _next(request),
    }, status=status)  # fmt: skip


@transaction.atomic
def _confirm(request: HttpRequest, device: TOTPDevice) -> list[str]:
    """Confirm the app, replace any earlier factor and recovery codes, sign the session in."""
    user = request.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    otp_login(request, device)
    summary = f"enrolled a second factor with {RECOVERY_CODES} recovery codes"
    audit_event(actor=user, ip=client_address(request), action=AuditAction.CHANGE, target=user,
                summary=summary)  # fmt: skip
    return codes


def reset_second_factor(*, user, actor, ip: str | None) -> int:
    """An administrator removes a user's second factor (lost phone); they enrol again."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=user,
                    summary=f"reset the second factor of {user.get_username()}")  # fmt: skip
    return removed
