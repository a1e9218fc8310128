"""Pages of the ward: "Today on the ward" and acknowledging an alert (thin: the core computes)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from django import forms
from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import client_address, record_access
from engraft.record.pages import apply_errors

from . import ward
from .alerts import NOTE_MAX_LENGTH, acknowledge_alert
from .models import TransplantAlert


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX_LENGTH,
        help_text="What was done or decided: e.g. marrow aspirate booked, re-transplant "
        "discussed with the family. Kept with the alert and in the audit trail.",
        error_messages={"required": "Write a note: what was done or decided about this alert."},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


@requires(Permission.TRANSPLANT_VIEW)
def ward_today(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "day")
    sort = sort if sort in ward.SORTS else "day"
    open_only = request.GET.get("alerts") == "open"
    today = timezone.localdate()
    rows = ward.today_on_the_ward(
        actor=request.user,
        ip=client_address(request),
        as_of=today,
        sort=sort,
        open_alerts_only=open_only,
    )
    record_access(
        request,
        AuditAction.VIEW,
        "transplant.TransplantEpisode",
        summary=f"ward on {today.isoformat()}: {len(rows)} patient(s) "
        + ", ".join(str(r.patient.public_id) for r in rows),
    )
    return render(
        request,
        "transplant/ward.html",
        {
            "rows": rows,
            "today": today,
            "sort": sort,
            "sorts": ward.SORTS,
            "open_only": open_only,
            "counts": ward.LATEST_COUNTS,
        },
    )


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("transplant:ward")


@requires(Permission.ALERT_ACKNOWLEDGE)
def acknowledge(request: HttpRequest, public_id) -> HttpResponse:
    alert = get_object_or_404(
        TransplantAlert.objects.select_related("episode__patient", "acknowledged_by"),
        public_id=public_id,
    )
    patient = alert.episode.patient
    form = AcknowledgeForm(
        request.POST if request.method == "POST" else None,
        initial={"next": request.GET.get("next", "")},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                acknowledge_alert(
                    alert=alert,
                    actor=request.user,
                    ip=client_address(request),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"Alert acknowledged: {alert.title}.")
                return redirect(_safe_next(request, form.cleaned_data.get("next", "")))
        status = 400
    else:
        record_access(request, AuditAction.VIEW, patient, summary=f"alert {alert.public_id}")
    return render(
        request,
        "transplant/acknowledge.html",
        {"alert": alert, "patient": patient, "form": form},
        status=status,
    )
