"""The trials pages (thin): catalogue, a trial, its rule, a child's trials, the screening log."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import client_address, record_access
from engraft.core.trials import RuleError
from engraft.core.trials.matching import NOT_ASSESSED, Overall
from engraft.core.trials.plain_words import status_words, who_may_join
from engraft.record.locking import ConcurrentEditError
from engraft.record.pages import apply_errors, patient_for

from . import screening_log, selectors, services
from .forms import CandidateFilter, CatalogueFilter, ImportForm, RuleForm, SiteForm, StepForm
from .models import Trial
from .rule_help import CRITERIA_HELP, rule_template


def _trial(nct_id: str) -> Trial:
    return get_object_or_404(Trial, nct_id=nct_id)


@requires(Permission.TRIAL_VIEW)
def catalogue(request: HttpRequest) -> HttpResponse:
    filters = CatalogueFilter(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    trials = Trial.objects.all()
    if wanted.get("q"):
        q = wanted["q"]
        trials = trials.filter(
            Q(nct_id__icontains=q) | Q(brief_title__icontains=q) | Q(sponsor__icontains=q)
            | Q(local_protocol_number__icontains=q)
        )  # fmt: skip
    if wanted.get("site_status"):
        trials = trials.filter(site_status=wanted["site_status"])
    trials = trials.order_by(wanted.get("sort") or "nct_id", "nct_id")
    rows = [(t, status_words(t.overall_status), bool(t.rule)) for t in trials]
    may_manage = request.user.may(Permission.TRIAL_MANAGE)
    return render(request, "trials/catalogue.html", {
        "rows": rows, "filters": filters, "import_form": ImportForm() if may_manage else None,
    })  # fmt: skip


@requires(Permission.TRIAL_MANAGE)
def import_records(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report, problems = None, []
    if request.method == "POST" and form.is_valid():
        documents, problems = form.documents()
        report = services.import_trial_records(
            documents=documents, actor=request.user, ip=client_address(request)
        )
    status = 400 if request.method == "POST" and (problems or not form.is_valid()) else 200
    context = {"form": form, "report": report, "problems": problems}
    return render(request, "trials/import.html", context, status=status)


def _candidates_context(request: HttpRequest, trial: Trial) -> dict[str, object]:
    today = timezone.localdate()
    results = selectors.candidates_for_trial(trial, today)
    filters = CandidateFilter(request.GET or None)
    wanted = (filters.cleaned_data.get("overall") if filters.is_valid() else "") or "may"
    shown = [
        r for r in results
        if wanted == "all" or r.match.overall.value == wanted
        or (wanted == "may" and r.match.overall is not Overall.NOT_ELIGIBLE)
    ]  # fmt: skip
    record_access(
        request, AuditAction.VIEW, "record.Patient",
        summary=f"trial {trial.nct_id} candidates on {today.isoformat()}: {len(results)} "
        "patient(s) matched",
    )  # fmt: skip
    return {
        "candidates": shown, "counts": selectors.overall_counts(results),
        "candidate_filter": filters, "today": today,
    }  # fmt: skip


@requires(Permission.TRIAL_VIEW)
def trial_detail(request: HttpRequest, nct_id: str) -> HttpResponse:
    trial = _trial(nct_id)
    return _trial_page(request, trial)


def _trial_page(request, trial, *, site_form=None, status=200) -> HttpResponse:
    p = selectors.parsed(trial)
    may_manage = request.user.may(Permission.TRIAL_MANAGE)
    if may_manage and site_form is None:
        site_form = SiteForm(instance=trial, initial={"version": trial.version})
    context = {
        "trial": trial, "record": p.record, "rule": p.rule,
        "status_words": status_words(trial.overall_status),
        "who_may_join": who_may_join(p.record.eligibility),
        "site_form": site_form if may_manage else None,
        "accrual": screening_log.accrual(Trial.objects.filter(pk=trial.pk))[0],
        **_candidates_context(request, trial),
    }  # fmt: skip
    return render(request, "trials/trial.html", context, status=status)


@requires(Permission.TRIAL_MANAGE)
@require_POST
def edit_site(request: HttpRequest, nct_id: str) -> HttpResponse:
    trial = _trial(nct_id)
    form = SiteForm(request.POST, instance=Trial.objects.get(pk=trial.pk))
    if not form.is_valid():
        return _trial_page(request, trial, site_form=form, status=400)
    fields = {name: form.cleaned_data[name] for name in SiteForm.Meta.fields}
    try:
        services.update_trial_at_site(
            trial=trial, version=form.cleaned_data["version"], actor=request.user,
            ip=client_address(request), **fields,
        )  # fmt: skip
    except ConcurrentEditError as error:
        # Show the trial as the other person left it, with why nothing was saved (an unbound
        # form cannot carry an error).
        messages.error(request, str(error))
        trial.refresh_from_db()
        return _trial_page(request, trial, status=409)
    except ValidationError as error:
        apply_errors(form, error)
        return _trial_page(request, trial, site_form=form, status=400)
    messages.success(request, f"Saved the centre's details of {trial.nct_id}.")
    return redirect("trials:trial", nct_id=trial.nct_id)


@requires(Permission.TRIAL_MANAGE)
def edit_rule(request: HttpRequest, nct_id: str) -> HttpResponse:
    trial = _trial(nct_id)
    p = selectors.parsed(trial)
    status = 200
    if request.method == "POST":
        form = RuleForm(request.POST)
        if form.is_valid():
            try:
                services.save_trial_rule(
                    trial=trial, rule_data=form.cleaned_data["rule"],
                    version=form.cleaned_data["version"], actor=request.user,
                    ip=client_address(request),
                )  # fmt: skip
            except RuleError as error:
                form.add_error("rule", str(error))
            except ConcurrentEditError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, f"Saved the curated rule of {trial.nct_id}.")
                return redirect("trials:trial", nct_id=trial.nct_id)
        status = status if status == 409 else 400
    else:
        text = json.dumps(trial.rule or rule_template(trial.nct_id), indent=2)
        form = RuleForm(initial={"rule": text, "version": trial.version})
    return render(request, "trials/rule.html", {
        "trial": trial, "form": form, "items": p.record.eligibility.criteria_items,
        "criteria_help": CRITERIA_HELP,
    }, status=status)  # fmt: skip


def _step_form(match, *, data=None) -> StepForm | None:
    enrolment = match.enrolment
    steps = services.NEXT_STEPS[enrolment.status] if enrolment else ("screened",)
    if not steps:
        return None
    arms = [a.label for a in match.trial.record.arms]
    prefix = match.trial.trial.nct_id
    initial = {"on": timezone.localdate(), "version": enrolment.version if enrolment else None}
    return StepForm(data, next_steps=steps, arms=arms, prefix=prefix, initial=initial)


def _detail_label(key: str) -> str:
    field = StepForm.base_fields.get(key)
    return str(field.label) if field else key.replace("_", " ")


@requires(Permission.TRIAL_VIEW)
def patient_trials(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id)
    return _patient_page(request, patient)


def _patient_page(request, patient, *, failed=None, status=200) -> HttpResponse:
    """``failed`` is (NCT number, bound form) of a step that was refused."""
    today = timezone.localdate()
    may_record = request.user.may(Permission.ENROLMENT_RECORD)
    rows = []
    for match in selectors.matches_for_patient(patient, today):
        form = None
        if may_record:
            if failed and failed[0] == match.trial.trial.nct_id:
                form = failed[1]
            else:
                form = _step_form(match)
        steps = [
            {"step": step, "details": [(_detail_label(k), v) for k, v in step.details.items()]}
            for step in (match.enrolment.steps.select_related("recorded_by")
                         if match.enrolment else ())
        ]  # fmt: skip
        rows.append({"m": match, "form": form, "steps": steps})
    return render(request, "trials/patient.html", {
        "patient": patient, "rows": rows, "today": today, "not_assessed_words": NOT_ASSESSED,
    }, status=status)  # fmt: skip


@requires(Permission.ENROLMENT_RECORD)
@require_POST
def record_step(request: HttpRequest, public_id, nct_id: str) -> HttpResponse:
    patient = patient_for(request, public_id, audit=False)
    trial = _trial(nct_id)
    match = next(
        (m for m in selectors.matches_for_patient(patient, timezone.localdate())
         if m.trial.trial.pk == trial.pk), None,
    )  # fmt: skip
    if match is None:  # a closed trial the child was never screened for
        messages.error(request, f"{trial.nct_id} is not open at this centre.")
        return redirect("trials:patient", public_id=patient.public_id)
    form = _step_form(match, data=request.POST)
    if form is None:
        messages.error(request, "This participation has ended; no further step can be recorded.")
        return redirect("trials:patient", public_id=patient.public_id)
    if not form.is_valid():
        return _patient_page(request, patient, failed=(trial.nct_id, form), status=400)
    data = form.cleaned_data
    try:
        services.record_enrolment_step(
            patient=patient, trial=trial, status=data["status"], on=data["on"],
            actor=request.user, ip=client_address(request), version=data.get("version"),
            note=data["note"], consent_version=data["consent_version"], arm=data["arm"],
            study_subject_id=data["study_subject_id"],
            not_enrolled_reason=data["not_enrolled_reason"], reason_text=data["reason_text"],
        )  # fmt: skip
    except ConcurrentEditError as error:
        messages.error(request, str(error))
        return _patient_page(request, patient, status=409)
    except ValidationError as error:
        apply_errors(form, error)
        return _patient_page(request, patient, failed=(trial.nct_id, form), status=400)
    step = dict(form.fields["status"].choices)[data["status"]].lower()
    messages.success(request, f"{trial.nct_id}: {step} recorded.")
    return redirect(reverse("trials:patient", args=[patient.public_id]) + f"#{trial.nct_id}")


@requires(Permission.TRIAL_REPORT)
def screening(request: HttpRequest) -> HttpResponse:
    counts = screening_log.accrual(Trial.objects.all())
    rows = screening_log.log_rows()
    record_access(request, AuditAction.VIEW, "trials.Enrolment",
                  summary=f"screening log: {len(rows)} screening(s)")  # fmt: skip
    return render(request, "trials/screening.html", {"counts": counts, "rows": rows})


@requires(Permission.TRIAL_REPORT)
def screening_csv(request: HttpRequest) -> HttpResponse:
    rows = screening_log.log_rows()
    record_access(request, AuditAction.EXPORT, "trials.Enrolment",
                  summary=f"screening log CSV: {len(rows)} screening(s)")  # fmt: skip
    response = HttpResponse(screening_log.log_csv(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="screening-log-{stamp}.csv"'
    return response
