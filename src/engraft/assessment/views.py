"""Pages of the assessment stage: thin, typed, each stating who may call it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import client_address, record_access
from engraft.record.models import Patient

from . import selectors, services
from .forms import MeetingDecisionForm, SignOffForm
from .in_force import InForce, in_force
from .models import StoredAssessment
from .pdf import assessment_pdf
from .reasons_shown import reasons_shown


def patient_for(request: HttpRequest, public_id: UUID, *, audit: bool = True) -> Patient:
    """The patient named in the URL; opening their assessment is an audited read."""
    patient = get_object_or_404(Patient, public_id=public_id)
    if audit:
        record_access(request, AuditAction.VIEW, patient, summary=request.path)
    return patient


def apply_errors(form: Any, error: ValidationError) -> None:
    """Show a service's validation errors on the form's fields (or above it)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def assessment_context(patient: Patient, current: InForce) -> dict[str, Any]:
    """What the page and the PDF show of one assessment and the decision in force."""
    stored = current.stored
    return {
        "patient": patient,
        "stored": stored,
        "current": current,
        "result": current.result,
        "rules_version": stored.rules_version or "not recorded (stored before it was kept)",
        "latest": services.latest_assessment(patient),
        "sign_offs": list(stored.sign_offs.select_related("physician")),
        "missing": selectors.missing_items(current.result),
        "shown": reasons_shown(
            current.result, stored.case, selectors.conflict_entries(patient, current.result)
        ),
        "meetings": list(selectors.meeting_decisions(patient)),
    }


def _assessment_page(
    request: HttpRequest, patient: Patient, current: InForce, form: SignOffForm | None
) -> HttpResponse:
    context = assessment_context(patient, current)
    if form is None and request.user.may(Permission.ASSESSMENT_SIGN):
        form = SignOffForm(initial={"assessment": current.stored.public_id})
    context["form"] = form
    return render(request, "assessment/assessment.html", context)


def _current(request: HttpRequest, patient: Patient) -> InForce:
    return services.current_assessment(
        patient=patient, actor=request.user, ip=client_address(request)
    )


@requires(Permission.ASSESSMENT_VIEW)
def patient_assessment(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The assessment for today and the decision in force (stored anew when it changed)."""
    patient = patient_for(request, public_id)
    return _assessment_page(request, patient, _current(request, patient), None)


@requires(Permission.ASSESSMENT_VIEW)
def stored_assessment(request: HttpRequest, public_id: UUID, assessment_id: UUID) -> HttpResponse:
    """One past stored assessment, exactly as it was computed."""
    patient = patient_for(request, public_id)
    stored = get_object_or_404(StoredAssessment, patient=patient, public_id=assessment_id)
    context = assessment_context(patient, in_force(stored, stored.result))
    return render(request, "assessment/assessment.html", context)


@requires(Permission.ASSESSMENT_SIGN)
def sign_off(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A physician agrees with the assessment for today, or overrides it with a reason."""
    if request.method != "POST":
        return redirect("assessment:current", public_id=public_id)
    patient = patient_for(request, public_id, audit=False)
    form = SignOffForm(request.POST)
    stored = None
    if form.is_valid():
        stored = get_object_or_404(
            StoredAssessment, patient=patient, public_id=form.cleaned_data["assessment"]
        )
        try:
            services.sign_off(
                assessment=stored,
                actor=request.user,
                ip=client_address(request),
                decision=form.cleaned_data["decision"],
                candidacy=form.cleaned_data["candidacy"],
                urgency=form.cleaned_data["urgency"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Your sign-off is recorded.")
            return redirect("assessment:current", public_id=patient.public_id)
    current = _current(request, patient)
    if stored is not None and stored.pk != current.stored.pk:
        # Show the version the physician tried to sign, with the message that it was overtaken.
        current = in_force(stored, stored.result)
    return _assessment_page(request, patient, current, form)


@requires(Permission.ASSESSMENT_VIEW)
def assessment_history(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Every stored assessment with its knowledge-base version, sign-offs and overrides."""
    patient = patient_for(request, public_id)
    return render(
        request,
        "assessment/history.html",
        {
            "patient": patient,
            "assessments": selectors.history(patient),
            "meetings": selectors.meeting_decisions(patient),
        },
    )


@requires(Permission.MDT_RECORD)
def record_meeting(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Record the multidisciplinary meeting's decision for this patient."""
    patient = patient_for(request, public_id, audit=request.method == "GET")
    form = MeetingDecisionForm(request.POST or None, initial={"meeting_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_meeting_decision(
                patient=patient, actor=request.user, ip=client_address(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The meeting's decision is recorded.")
            return redirect("assessment:current", public_id=patient.public_id)
    return render(
        request,
        "assessment/meeting_form.html",
        {"patient": patient, "form": form, "current": _current(request, patient)},
    )


@requires(Permission.ASSESSMENT_VIEW)
def assessment_pdf_download(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The current assessment as a PDF for the meeting (an audited export)."""
    patient = patient_for(request, public_id, audit=False)
    current = _current(request, patient)
    stored = current.stored
    pdf = assessment_pdf(assessment_context(patient, current))
    record_access(
        request,
        AuditAction.EXPORT,
        stored,
        summary=f"assessment PDF of {patient.public_id} as of {current.result['as_of']}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-{patient.public_id}-{current.result["as_of"]}.pdf"'
    )
    return response


@requires(Permission.ASSESSMENT_SIGN)
def awaiting_sign_off(request: HttpRequest) -> HttpResponse:
    """Physicians' list: assessments for today that are unsigned or whose sign-off is superseded."""
    waiting = services.awaiting_sign_off(actor=request.user, ip=client_address(request))
    record_access(
        request,
        AuditAction.VIEW,
        "assessment.StoredAssessment",
        summary=f"assessments awaiting sign-off ({len(waiting)})",
    )
    return render(request, "assessment/awaiting_sign_off.html", {"waiting": waiting})
