"""The surveillance entries of an episode: the list, the four entry forms, voiding."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.record.pages import apply_errors

from . import forms_surveillance as entry_forms
from . import services, services_surveillance
from .forms import VoidForm
from .views import _episode_for, _who


def _to_entries(episode) -> HttpResponse:
    return redirect("transplant:surveillance", episode_id=episode.public_id)


@requires(Permission.TRANSPLANT_VIEW)
def surveillance_entries(request: HttpRequest, episode_id) -> HttpResponse:
    """Every observation, GVHD assessment, chronic GVHD and adverse event, voided ones kept."""
    episode = _episode_for(request, episode_id)
    return render(request, "transplant/surveillance_entries.html", {
        "patient": episode.patient, "episode": episode,
        "observations": episode.observations.select_related("recorded_by", "voided_by"),
        "gvhd": episode.gvhd_assessments.select_related("recorded_by", "voided_by"),
        "chronic": episode.chronic_gvhd.select_related("recorded_by", "voided_by"),
        "events": episode.adverse_events.select_related("recorded_by", "voided_by"),
    })  # fmt: skip


def _entry(request, episode_id, form_class, record) -> HttpResponse:
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record(episode, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Saved: {form.title[len('Record ') :]}.")
            return _to_entries(episode)
    return render(request, "transplant/form_page.html", {
        "patient": episode.patient, "form": form, "title": form.title, "episode": episode,
    })  # fmt: skip


@requires(Permission.DAILY_RECORD)
def add_observation(request: HttpRequest, episode_id) -> HttpResponse:
    return _entry(request, episode_id, entry_forms.ObservationForm,
                  lambda episode, data: services_surveillance.record_observation(
                      episode=episode, **_who(request), **data))  # fmt: skip


@requires(Permission.DAILY_RECORD)
def add_gvhd_assessment(request: HttpRequest, episode_id) -> HttpResponse:
    return _entry(request, episode_id, entry_forms.GvhdAssessmentForm,
                  lambda episode, data: services_surveillance.record_gvhd_assessment(
                      episode=episode, **_who(request), **data))  # fmt: skip


@requires(Permission.GVHD_DIAGNOSE)
def add_chronic_gvhd(request: HttpRequest, episode_id) -> HttpResponse:
    return _entry(request, episode_id, entry_forms.ChronicGvhdForm,
                  lambda episode, data: services_surveillance.record_chronic_gvhd(
                      episode=episode, **_who(request), **data))  # fmt: skip


@requires(Permission.DAILY_RECORD)
def add_adverse_event(request: HttpRequest, episode_id) -> HttpResponse:
    return _entry(request, episode_id, entry_forms.AdverseEventForm,
                  lambda episode, data: services_surveillance.record_adverse_event(
                      episode=episode, **_who(request), **data))  # fmt: skip


@requires(Permission.DAILY_RECORD)
def void_surveillance_entry(request: HttpRequest, episode_id, kind: str, entry_id) -> HttpResponse:
    """Void an entry with a reason; a chronic GVHD diagnosis only by a physician."""
    episode = _episode_for(request, episode_id, audit=request.method == "GET")
    model = services_surveillance.SURVEILLANCE_KINDS.get(kind)
    if model is None:
        return HttpResponse("Unknown kind of entry.", status=404)
    if kind == "chronic_gvhd" and not request.user.may(Permission.GVHD_DIAGNOSE):
        raise PermissionDenied
    entry = get_object_or_404(model, episode=episode, public_id=entry_id, voided_at__isnull=True)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void_entry(entry=entry, **_who(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The entry is marked void; it stays, struck through.")
            return _to_entries(episode)
    return render(request, "transplant/void.html",
                  {"patient": episode.patient, "episode": episode, "form": form,
                   "entry": entry})  # fmt: skip
