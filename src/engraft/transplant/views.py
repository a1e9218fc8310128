"""Pages of the transplant episode, the flowsheet and the ward (thin: the core computes)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import client_address, record_access
from engraft.core.record.lab_value import canonical_ucum, get_analyte
from engraft.core.transplant.days import day_label, day_label_of
from engraft.core.transplant.knowledge import load_transplant_knowledge
from engraft.record.locking import ConcurrentEditError
from engraft.record.models import BodyMeasurement, LabResult
from engraft.record.pages import apply_errors, patient_for

from . import forms, selectors, services
from .models import ChimerismResult, GrowthFactorDose, Transfusion, TransplantEpisode
from .ward import episode_panels

# The flowsheet shows this many days by default (the most recent); "all days" shows the rest.
FLOWSHEET_DAYS = 45


def _who(request: HttpRequest) -> dict:
    """The acting user and the client address, as every service takes them."""
    return {"actor": request.user, "ip": client_address(request)}


def _episode_for(request: HttpRequest, episode_id, *, audit: bool = True) -> TransplantEpisode:
    """The episode named in the URL; opening it is an audited read of the patient."""
    episode = get_object_or_404(
        TransplantEpisode.objects.select_related("patient"), public_id=episode_id
    )
    if audit:
        record_access(request, AuditAction.VIEW, episode.patient, summary=request.path)
    return episode


def _to_page(episode: TransplantEpisode, anchor: str = "") -> HttpResponse:
    response = redirect("transplant:patient", public_id=episode.patient.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _agent_rows(episode: TransplantEpisode) -> list[dict]:
    return [
        {
            "agent": a.agent, "dose": a.dose, "unit": a.unit,
            "days": day_label(a.first_day) if a.first_day == a.last_day
            else f"{day_label(a.first_day)} to {a.last_day:+d}",
        }
        for a in episode.conditioning_agents.all()
    ]  # fmt: skip


@requires(Permission.TRANSPLANT_VIEW)
def transplant_page(request: HttpRequest, public_id) -> HttpResponse:
    """The patient's transplant: the episode, conditioning, graft and what is computed."""
    patient = patient_for(request, public_id)
    today = timezone.localdate()
    episodes = list(selectors.episodes(patient).select_related("previous", "donor_selection"))
    current = selectors.open_episode(patient) or (episodes[-1] if episodes else None)
    context = {"patient": patient, "episodes": episodes, "episode": current, "today": today,
               "problems": services.readiness_problems(patient)}  # fmt: skip
    if current is not None:
        kb_agents = load_transplant_knowledge().agents
        # The first load after the data that raise an alert stores and shows it.
        panels = episode_panels(episode=current, actor=request.user,
                                ip=client_address(request), as_of=today)  # fmt: skip
        evaluation = panels["evaluation"]
        context |= {
            "evaluation": evaluation,
            "today_label": day_label_of(current.day0, today),
            "agents": [
                {
                    **row,
                    "name": kb_agents[row["agent"]].name
                    if row["agent"] in kb_agents
                    else row["agent"],
                }
                for row in _agent_rows(current)
            ],
            "regimen": load_transplant_knowledge().regimens.get(current.regimen),
            "transfusions": current.transfusions.select_related("voided_by"),
            "growth_factors": current.growth_factors.select_related("voided_by"),
            "chimerism": current.chimerism_results.select_related("voided_by"),
            "citations": _citations(evaluation),
            **panels,
        }
        if context["regimen"] is not None:
            context["regimen_intensity"] = context["regimen"].intensity.replace("_", " ")
    return render(request, "transplant/patient.html", context)


def _citations(evaluation) -> list:
    """Every source of the results shown, once, in order."""
    seen: dict[str, object] = {}
    for group in (evaluation.neutrophil.citations, evaluation.platelet.citations,
                  evaluation.graft.citations, evaluation.chimerism.citations):  # fmt: skip
        for c in group:
            seen.setdefault(c.source_id, c)
    return list(seen.values())


def _form_page(request, patient, form, save, title: str, episode=None, extra=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except ConcurrentEditError as error:
            form.add_error(None, str(error))
            return render(request, "transplant/form_page.html",
                          {"patient": patient, "form": form, "title": title, "episode": episode,
                           **(extra or {})}, status=409)  # fmt: skip
        else:
            messages.success(request, "Saved.")
            return _to_page(saved if isinstance(saved, TransplantEpisode) else episode)
    return render(request, "transplant/form_page.html",
                  {"patient": patient, "form": form, "title": title, "episode": episode,
                   **(extra or {})})  # fmt: skip


def _episode_fields(data: dict) -> dict:
    keys = ("admitted_on", "day0", "graft_source", "donor_type", "regimen", "manipulation",
            "gvhd_prophylaxis", "defibrotide_prophylaxis", "donor_label", "match_grade",
            "donor_cmv", "donor_abo")  # fmt: skip
    return {k: data[k] for k in keys if k in data}


@requires(Permission.TRANSPLANT_MANAGE)
def open_episode(request: HttpRequest, public_id) -> HttpResponse:
    """Open the episode of a child whose gate is open and who has a selected primary donor."""
    patient = patient_for(request, public_id, audit=request.method == "GET")
    form = forms.EpisodeForm(request.POST or None)

    def save(data):
        return services.open_episode(patient=patient, **_who(request),
                                     fields=_episode_fields(data))  # fmt: skip

    extra = {"problems": services.readiness_problems(patient),
             "selection": services.primary_selection(patient)}  # fmt: skip
    return _form_page(request, patient, form, save, form.title, extra=extra)


@requires(Permission.TRANSPLANT_HISTORY)
def open_history(request: HttpRequest, public_id) -> HttpResponse:
    """A centre entering its past transplants: no gate or selection (physician, data manager)."""
    patient = patient_for(request, public_id, audit=request.method == "GET")
    form = forms.EpisodeForm(request.POST or None, history=True)
    form.fields.pop("entered_as_history")

    def save(data):
        fields = _episode_fields(data)
        return services.open_episode(
            patient=patient, **_who(request), fields=fields, entered_as_history=True
        )

    return _form_page(request, patient, form, save, "Enter a past transplant as history",
                      extra={"history": True})  # fmt: skip


@requires(Permission.TRANSPLANT_MANAGE)
def open_retransplant(request: HttpRequest, episode_id) -> HttpResponse:
    """A new transplant linked to a closed one, with its reason."""
    previous = _episode_for(request, episode_id, audit=request.method == "GET")
    form = forms.EpisodeForm(request.POST or None, retransplant=True)

    def save(data):
        return services.open_retransplant(previous=previous, **_who(request),
                                          fields=_episode_fields(data),
                                          reason=data["retransplant_reason"])  # fmt: skip

    return _form_page(request, previous.patient, form, save,
                      f"Open a new transplant after transplant {previous.number}",
                      extra={"problems": services.readiness_problems(previous.patient),
                             "selection": services.primary_selection(previous.patient)},
                      )  # fmt: skip


@requires(Permission.TRANSPLANT_MANAGE)
def admit(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    form = forms.AdmitForm(request.POST or None, initial={"admitted_on": episode.admitted_on})
    return _form_page(request, episode.patient, form,
                      lambda d: services.start_episode(episode=episode, **_who(request),
                                                       admitted_on=d["admitted_on"]),
                      form.title, episode)  # fmt: skip


@requires(Permission.TRANSPLANT_MANAGE)
def dates(request: HttpRequest, episode_id) -> HttpResponse:
    """Move a planned admission or day 0 (with the optimistic lock)."""
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    initial = {"version": episode.version, "admitted_on": episode.admitted_on,
               "day0": episode.day0, "discharged_on": episode.discharged_on}  # fmt: skip
    form = forms.DatesForm(request.POST or None, initial=initial)
    return _form_page(request, episode.patient, form,
                      lambda d: services.reschedule_episode(episode=episode, **_who(request), **d),
                      form.title, episode)  # fmt: skip


@requires(Permission.TRANSPLANT_MANAGE)
def close(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    form = forms.CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    return _form_page(request, episode.patient, form,
                      lambda d: services.close_episode(episode=episode, **_who(request), **d),
                      form.title, episode)  # fmt: skip


@requires(Permission.TRANSPLANT_MANAGE)
def conditioning(request: HttpRequest, episode_id) -> HttpResponse:
    """The regimen and its agents (one row each), checked by the core on save."""
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    initial = {"version": episode.version, "regimen": episode.regimen,
               "gvhd_prophylaxis": episode.gvhd_prophylaxis,
               "defibrotide_prophylaxis": episode.defibrotide_prophylaxis}  # fmt: skip
    rows = [{"agent": a.agent, "dose": a.dose, "unit": a.unit, "first_day": a.first_day,
             "last_day": a.last_day} for a in episode.conditioning_agents.all()]  # fmt: skip
    form = forms.ConditioningForm(request.POST or None, initial=initial)
    agents = forms.AgentFormSet(request.POST or None, initial=rows, prefix="agents")
    status = 200
    if request.method == "POST" and form.is_valid() and agents.is_valid():
        kept = [f.cleaned_data for f in agents.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")]  # fmt: skip
        try:
            services.update_conditioning(
                episode=episode, **_who(request), version=form.cleaned_data["version"],
                regimen=form.cleaned_data["regimen"],
                gvhd_prophylaxis=form.cleaned_data["gvhd_prophylaxis"],
                defibrotide_prophylaxis=form.cleaned_data["defibrotide_prophylaxis"],
                agents=kept,
            )  # fmt: skip
        except ValidationError as error:
            _agent_errors(form, agents, kept, error)
        except ConcurrentEditError as error:
            form.add_error(None, str(error))
            status = 409
        else:
            messages.success(request, "Conditioning saved.")
            return _to_page(episode, "conditioning")
    return render(request, "transplant/conditioning.html",
                  {"patient": episode.patient, "episode": episode, "form": form,
                   "agents": agents}, status=status)  # fmt: skip


def _agent_errors(form, agents, kept, error: ValidationError) -> None:
    """Put "agents-N-field" errors on the Nth kept row's field; the rest on the form."""
    rows = [f for f in agents.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    for key, texts in error.message_dict.items():
        if key.startswith("agents-"):
            _, index, field = key.split("-", 2)
            if int(index) < len(rows) and field in rows[int(index)].fields:
                rows[int(index)].add_error(field, texts)
                continue
        form.add_error(key if key in form.fields else None, texts)


@requires(Permission.TRANSPLANT_MANAGE)
def graft(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    initial = {"version": episode.version, "graft_source": episode.graft_source,
               "manipulation": episode.manipulation, "tnc_total": episode.tnc_total,
               "cd34_total": episode.cd34_total, "cd3_total": episode.cd3_total}  # fmt: skip
    form = forms.GraftForm(request.POST or None, initial=initial)
    return _form_page(request, episode.patient, form,
                      lambda d: services.update_graft(episode=episode, **_who(request), **d),
                      form.title, episode)  # fmt: skip


def _entry_page(request, episode, form, save, anchor: str):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return _to_page(episode, anchor)
    return render(request, "transplant/form_page.html",
                  {"patient": episode.patient, "form": form, "title": form.title,
                   "episode": episode})  # fmt: skip


@requires(Permission.DAILY_RECORD)
def add_transfusion(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    form = forms.TransfusionForm(request.POST or None)
    return _entry_page(request, episode, form,
                       lambda d: services.record_transfusion(episode=episode, **_who(request),
                                                             **d), "support")  # fmt: skip


@requires(Permission.DAILY_RECORD)
def add_growth_factor(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    form = forms.GrowthFactorForm(request.POST or None)
    return _entry_page(request, episode, form,
                       lambda d: services.record_growth_factor(episode=episode, **_who(request),
                                                               **d), "support")  # fmt: skip


@requires(Permission.TRANSPLANT_MANAGE)
def add_chimerism(request: HttpRequest, episode_id) -> HttpResponse:
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    form = forms.ChimerismForm(request.POST or None)
    return _entry_page(request, episode, form,
                       lambda d: services.record_chimerism(episode=episode, **_who(request),
                                                           **d), "chimerism")  # fmt: skip


SUPPORT_KINDS = {"transfusion": Transfusion, "growth_factor": GrowthFactorDose}


def _void_page(request, episode, entry, anchor: str) -> HttpResponse:
    form = forms.VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void_entry(entry=entry, **_who(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The entry is marked void; it stays, struck through.")
            return _to_page(episode, anchor)
    return render(request, "transplant/void.html",
                  {"patient": episode.patient, "episode": episode, "form": form,
                   "entry": entry})  # fmt: skip


@requires(Permission.DAILY_RECORD)
def void_support(request: HttpRequest, episode_id, kind: str, entry_id) -> HttpResponse:
    """Void a transfusion or a growth factor dose (the ward's entries)."""
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    model = SUPPORT_KINDS.get(kind)
    if model is None:
        return HttpResponse("Unknown kind of entry.", status=404)
    entry = get_object_or_404(model, episode=episode, public_id=entry_id, voided_at__isnull=True)
    return _void_page(request, episode, entry, "support")


@requires(Permission.TRANSPLANT_MANAGE)
def void_chimerism(request: HttpRequest, episode_id, entry_id) -> HttpResponse:
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    entry = get_object_or_404(ChimerismResult, episode=episode, public_id=entry_id,
                              voided_at__isnull=True)  # fmt: skip
    return _void_page(request, episode, entry, "chimerism")


# The flowsheet -------------------------------------------------------------------------------


def flowsheet_days(episode: TransplantEpisode, today: date, show_all: bool) -> list[date]:
    """Days from the admission (or day 0) to today or the closing day, latest last."""
    start = episode.admitted_on or episode.day0
    end = min(today, episode.closed_on or today)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return days if show_all else days[-FLOWSHEET_DAYS:]


def _shown(value: float, analyte: str, unit: str) -> str:
    """A stored canonical value in the flowsheet column's unit, as typed."""
    factor = get_analyte(analyte).factor_for(canonical_ucum(unit))
    # Four significant figures: a converted value (calcium mg/dL -> mmol/L) reads as measured;
    # an untouched cell is compared as shown, so it is never saved again.
    shown = value / factor
    return f"{shown:.4g}" if abs(shown) < 1000 else f"{shown:.0f}"


def existing_values(episode: TransplantEpisode, days: list[date]) -> dict[str, str]:
    """The current value of each cell (the day's latest), in the column's unit: two queries."""
    if not days:
        return {}
    zone = timezone.get_current_timezone()
    by_record = {v[0]: (k, v[1]) for k, v in services.FLOWSHEET_ANALYTES.items()}
    cells: dict[str, str] = {}
    labs = LabResult.objects.filter(
        patient=episode.patient, voided_at__isnull=True, analyte__in=by_record,
        collected_at__date__gte=days[0], collected_at__date__lte=days[-1],
    ).order_by("collected_at", "id")  # fmt: skip
    for lab in labs:
        key, unit = by_record[lab.analyte]
        day = lab.collected_at.astimezone(zone).date()
        cells[f"{day.isoformat()}-{key}"] = _shown(lab.value, lab.analyte, unit)
    weights = BodyMeasurement.objects.filter(
        patient=episode.patient, voided_at__isnull=True, weight_kg__isnull=False,
        measured_on__gte=days[0], measured_on__lte=days[-1],
    ).order_by("measured_on", "id")  # fmt: skip
    for m in weights:
        cells[f"{m.measured_on.isoformat()}-{services.WEIGHT}"] = f"{m.weight_kg.normalize():f}"
    return cells


def _columns() -> list[dict[str, str]]:
    columns = [{"key": k, "label": label, "unit": unit}
               for k, (_, unit, label) in services.FLOWSHEET_ANALYTES.items()]  # fmt: skip
    return [*columns, {"key": services.WEIGHT, "label": "Weight", "unit": "kg"}]


@requires(Permission.DAILY_RECORD)
def flowsheet(request: HttpRequest, episode_id) -> HttpResponse:
    """The ward's grid: days down, analytes across, one form; all saved or none."""
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    today = timezone.localdate()
    show_all = request.GET.get("all") == "1" or request.POST.get("all") == "1"
    days = flowsheet_days(episode, today, show_all)
    existing = existing_values(episode, days)
    columns = _columns()
    typed = dict(existing)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        changed: dict[date, dict[str, str]] = {}
        for day in days:
            for column in columns:
                name = f"{day.isoformat()}-{column['key']}"
                text = request.POST.get(name, "").strip()
                typed[name] = text
                # Only a changed cell is written: an unchanged one would duplicate the value.
                if text and text != existing.get(name, ""):
                    changed.setdefault(day, {})[column["key"]] = text
        try:
            written = services.record_flowsheet(episode=episode, **_who(request), days=changed)
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, f"{written} value(s) saved." if written else
                             "Nothing changed.")  # fmt: skip
            url = request.path + ("?all=1" if show_all else "")
            return redirect(url)
    rows = [
        {
            "date": day, "label": day_label_of(episode.day0, day),
            "cells": [
                {"name": f"{day.isoformat()}-{c['key']}", "column": c,
                 "value": typed.get(f"{day.isoformat()}-{c['key']}", ""),
                 "errors": errors.get(f"{day.isoformat()}-{c['key']}", [])}
                for c in columns
            ],
        }
        for day in days
    ]  # fmt: skip
    summary = [(name, text) for name, texts in errors.items() for text in texts]
    return render(request, "transplant/flowsheet.html",
                  {"patient": episode.patient, "episode": episode, "columns": columns,
                   "rows": rows, "error_summary": summary, "show_all": show_all,
                   "hidden_days": not show_all and len(days) == FLOWSHEET_DAYS})  # fmt: skip
