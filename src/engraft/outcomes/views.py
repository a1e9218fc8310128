"""The outcomes pages (thin): a child's vital status, the cohort's outcomes, what is published."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import client_address, record_access
from engraft.record.pages import apply_errors, patient_for

from . import services
from .forms import CohortFilter, PublishForm, VitalStatusForm
from .models import PublishedFigure
from .page import cohort_context
from .publishing import PUBLISHABLE, figure_values, suppress_below
from .selectors import transplant_cohort


def _patient_page(request, patient, *, form=None, status=200) -> HttpResponse:
    may_record = request.user.may(Permission.VITAL_STATUS_RECORD)
    if may_record and form is None:
        form = VitalStatusForm()
    context = {
        "patient": patient,
        "history": list(patient.vital_statuses.select_related("recorded_by")),
        "form": form if may_record else None,
    }
    return render(request, "outcomes/patient.html", context, status=status)


@requires(Permission.PATIENT_VIEW)
def patient_outcomes(request: HttpRequest, public_id) -> HttpResponse:
    return _patient_page(request, patient_for(request, public_id))


@requires(Permission.VITAL_STATUS_RECORD)
@require_POST
def record_vital_status(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=False)
    form = VitalStatusForm(request.POST)
    if not form.is_valid():
        return _patient_page(request, patient, form=form, status=400)
    try:
        services.record_vital_status(
            patient=patient, **form.cleaned_data, actor=request.user, ip=client_address(request)
        )
    except ValidationError as error:
        apply_errors(form, error)
        return _patient_page(request, patient, form=form, status=400)
    messages.success(request, "Vital status recorded.")
    return redirect("outcomes:patient", public_id=patient.public_id)


@requires(Permission.OUTCOMES_VIEW)
def cohort(request: HttpRequest) -> HttpResponse:
    filters = CohortFilter(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    today = timezone.localdate()
    threshold = 0 if wanted.get("small_cells") else suppress_below()
    data = transplant_cohort(today)
    context = cohort_context(data, wanted, threshold=threshold, today=today)
    shown = {k: v for k, v in wanted.items() if v not in (None, "", False)}
    record_access(
        request, AuditAction.VIEW, "transplant.TransplantEpisode",
        summary=f"outcomes page: {context['n_transplants']} of {context['n_all']} transplant(s), "
        f"filters {shown or 'none'}, small-cell rule {threshold or 'off'}",
    )  # fmt: skip
    context["filters"] = filters
    context["may_publish"] = request.user.may(Permission.OUTCOMES_PUBLISH)
    return render(request, "outcomes/cohort.html", context)


@requires(Permission.OUTCOMES_PUBLISH)
def publish(request: HttpRequest) -> HttpResponse:
    current = sorted(PublishedFigure.objects.values_list("key", flat=True))
    form = PublishForm(request.POST or None, initial={"keys": current})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.set_published_figures(
                    keys=form.cleaned_data["keys"], actor=request.user, ip=client_address(request)
                )
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                messages.success(request, "Saved the figures published on the results page.")
                return redirect("outcomes:publish")
        else:
            status = 400
    today = timezone.localdate()
    data = transplant_cohort(today)
    values = figure_values(data.outcomes, PUBLISHABLE.values(), threshold=suppress_below())
    record_access(
        request, AuditAction.VIEW, "transplant.TransplantEpisode",
        summary=f"outcomes publishing page: {len(data.outcomes)} transplant(s)",
    )  # fmt: skip
    chosen = set(form["keys"].value() or [])
    rows = [(v, v.figure.key in chosen) for v in values]
    context = {"form": form, "rows": rows, "threshold": suppress_below()}
    return render(request, "outcomes/publish.html", context, status=status)
