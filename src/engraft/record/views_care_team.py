"""Breaking the glass, the care team of a child, and the administrator's review (thin)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from django import forms
from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import client_address, record_access

from . import care_team
from .models import BreakGlassAccess, CareTeamMember, Patient
from .pages import apply_errors, patient_for


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Why do you need this child's record?", max_length=300,
                             widget=forms.Textarea({"rows": 3}))  # fmt: skip


@requires(Permission.PATIENT_VIEW)
@require_POST
def break_glass(request: HttpRequest, public_id) -> HttpResponse:
    child = get_object_or_404(Patient, public_id=public_id)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = f"/staff/patients/{child.public_id}/"
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            care_team.break_glass(patient=child, reason=form.cleaned_data["reason"],
                                  actor=request.user, ip=client_address(request))  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(target)
    return render(request, "record/break_glass.html",
                  {"child": child, "next": target, "form": form}, status=400)  # fmt: skip


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label="Member of staff", queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = (
            get_user_model().objects.filter(is_active=True).exclude(role__in=["", "administrator"])
        )
        self.fields["user"].queryset = staff.order_by("first_name", "last_name", "username")
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.display_name} ({u.get_role_display()})"
        )


@requires(Permission.PATIENT_VIEW)
def team(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id)
    may_edit = request.user.may(Permission.PATIENT_EDIT)
    form = MemberForm(request.POST or None) if may_edit else None
    if request.method == "POST" and may_edit:
        ip = client_address(request)
        if "remove" in request.POST:
            user = get_object_or_404(get_user_model(), pk=request.POST["remove"])
            care_team.remove_member(patient=patient, user=user, actor=request.user, ip=ip)
            messages.success(request, f"{user.display_name} is no longer on the care team.")
            return redirect("record:care_team", public_id=patient.public_id)
        if form.is_valid():
            user = form.cleaned_data["user"]
            care_team.add_member(patient=patient, user=user, actor=request.user, ip=ip)
            messages.success(request, f"{user.display_name} is on the care team.")
            return redirect("record:care_team", public_id=patient.public_id)
    members = CareTeamMember.objects.filter(patient=patient).select_related("user", "added_by")
    accesses = BreakGlassAccess.objects.filter(patient=patient).select_related("user")[:20]
    return render(request, "record/care_team.html", {
        "patient": patient, "members": members, "form": form, "accesses": accesses,
        "care_teams_on": care_team.care_teams_on(),
    }, status=400 if form is not None and form.errors else 200)  # fmt: skip


@requires(Permission.AUDIT_VIEW)
def break_glass_review(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            wanted = uuid.UUID(request.POST.get("access", ""))
        except ValueError:
            messages.error(request, "Choose an access to mark as reviewed.")
            return redirect("record:break_glass_review")
        access = get_object_or_404(BreakGlassAccess, public_id=wanted)
        care_team.review_access(access=access, actor=request.user, ip=client_address(request))
        messages.success(request, "Marked as reviewed.")
        return redirect("record:break_glass_review")
    accesses = BreakGlassAccess.objects.select_related("user", "reviewed_by", "patient")[:200]
    record_access(request, AuditAction.VIEW, "record.BreakGlassAccess",
                  summary=f"break-glass review: {len(accesses)} access(es)")  # fmt: skip
    return render(request, "record/break_glass_review.html", {"accesses": accesses})
