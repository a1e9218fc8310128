"""Views of stage 5: thin, each translating HTTP to a selector or a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from engraft.access.decorators import requires
from engraft.access.roles import Permission
from engraft.core.hla.dsa import DSA_THRESHOLD_SOURCE
from engraft.record.models import Relative
from engraft.record.pages import apply_errors, patient_for

from . import forms, selectors, services
from .models import ConfirmatoryTypingRequest, DonorSearch
from .registry import open_registry
from .selectors import RELATIONSHIP_TEXT


def _back(public_id, name: str = "donors:patient") -> HttpResponse:
    return redirect(name, public_id=public_id)


def _to_search(public_id, found: DonorSearch) -> HttpResponse:
    return redirect(f"{reverse('donors:search', args=[public_id])}?search={found.public_id}")


@requires(Permission.DONOR_VIEW)
def donor_page(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id)
    return render(request, "donors/patient.html", {
        "patient": patient,
        "typings": selectors.typings(patient),
        "patient_typing": selectors.patient_typing(patient),
        "family": selectors.family_analysis(patient),
        "antibodies": selectors.antibodies(patient),
        "selections": selectors.active_selections(patient),
        "dsa_source": DSA_THRESHOLD_SOURCE,
    })  # fmt: skip


def _form_page(request, patient, form, save, title: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return _back(patient.public_id)
    return render(request, "donors/form_page.html",
                  {"patient": patient, "form": form, "title": title})  # fmt: skip


@requires(Permission.DONOR_MANAGE)
def add_typing(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=request.method == "GET")
    form = forms.TypingForm(request.POST or None, patient=patient)

    def save(data):
        relative = None
        if data["subject"] != "patient":
            relative = get_object_or_404(Relative, patient=patient, public_id=data["subject"])
        services.record_typing(request, patient, relative=relative, gl_string=data["gl_string"],
                               typed_on=data["typed_on"], method=data["method"],
                               laboratory=data["laboratory"])  # fmt: skip

    return _form_page(request, patient, form, save, "Add an HLA typing")


@requires(Permission.DONOR_MANAGE)
def add_antibody(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=request.method == "GET")
    form = forms.AntibodyForm(request.POST or None)
    return _form_page(request, patient, form,
                      lambda data: services.record_antibody(request, patient, **data),
                      "Add an anti-HLA antibody")  # fmt: skip


STATUS_TEXT = {
    "match": "match",
    "allele_mismatch": "allele mismatch",
    "antigen_mismatch": "antigen mismatch",
    "potential_match": "potential match",
    "not_typed": "not typed",
}
DIRECTION_TEXT = {"gvh": "GvH", "hvg": "HvG", "bidirectional": "both directions",
                  "undetermined": "direction undetermined"}  # fmt: skip


def _cells(hit: dict) -> list[dict[str, str]]:
    """Per locus: the grade in words (colour is a second cue only) and the mismatch direction."""
    return [
        {"locus": name, "status": locus["status"], "text": STATUS_TEXT.get(locus["status"], ""),
         "direction": DIRECTION_TEXT.get(locus.get("direction", "none"), "")}
        for name, locus in hit["loci"].items()
    ]  # fmt: skip


@requires(Permission.DONOR_VIEW)
def search_page(request: HttpRequest, public_id, form=None) -> HttpResponse:
    patient = patient_for(request, public_id)
    found = selectors.latest_search(patient)
    if request.GET.get("search"):
        found = get_object_or_404(DonorSearch, patient=patient, public_id=request.GET["search"])
    store = open_registry()
    initial = {"min_grade": found.min_grade} if found else {}
    selected = {(s.source, s.donor_id): s for s in selectors.active_selections(patient)}
    pending = {(r.source, r.donor_id): r for r in selectors.confirmatory_requests(patient)}
    results = []
    for hit in found.results["results"] if found else []:
        key = (hit["source"], hit["donor_id"])
        relationship = hit["attributes"].get("relationship", "")
        results.append({**hit, "cells": _cells(hit), "selection": selected.get(key),
                        "request": pending.get(key),
                        "relationship_text": RELATIONSHIP_TEXT.get(relationship, "")})  # fmt: skip
    return render(request, "donors/search.html", {
        "patient": patient,
        "form": form or forms.SearchForm(initial=initial),
        "search": found,
        "results": results,
        "family_count": sum(h["source"] == "family" for h in results),
        "registry_count": sum(h["source"] != "family" for h in results),
        "store": store,
        "patient_typing": selectors.patient_typing(patient),
        "roles": forms.SelectionForm.base_fields["role"].choices,
    })  # fmt: skip


@requires(Permission.DONOR_MANAGE)
def run_search(request: HttpRequest, public_id) -> HttpResponse:
    if request.method != "POST":
        return _back(public_id, "donors:search")
    patient = patient_for(request, public_id, audit=False)
    form = forms.SearchForm(request.POST)
    if form.is_valid():
        try:
            found = services.run_search(request, patient, min_grade=form.cleaned_data["min_grade"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _to_search(public_id, found)
    return search_page(request, public_id, form=form)


def _chosen(request, patient, form_class):
    form = form_class(request.POST)
    if not form.is_valid():
        raise ValidationError("That choice was incomplete; run the search again.")
    data = form.cleaned_data
    found = get_object_or_404(DonorSearch, patient=patient, public_id=data.pop("search"))
    return found, data


@requires(Permission.DONOR_SELECT)
@require_POST
def select_donor(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=False)
    try:
        found, data = _chosen(request, patient, forms.SelectionForm)
        chosen = services.select_donor(request, patient, search=found, **data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(public_id, "donors:search")
    messages.success(request, f"{chosen.get_role_display()} donor: {chosen.donor_label}.")
    return _to_search(public_id, found)


@requires(Permission.DONOR_MANAGE)
@require_POST
def request_confirmatory(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=False)
    try:
        found, data = _chosen(request, patient, forms.DonorChoiceForm)
        ask = services.request_confirmatory_typing(request, patient, search=found, **data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(public_id, "donors:search")
    messages.success(request, f"Confirmatory typing requested for {ask.donor_label}.")
    return _back(public_id, "donors:confirmatory")


@requires(Permission.DONOR_VIEW)
def confirmatory(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id)
    return render(request, "donors/confirmatory.html",
                  {"patient": patient, "requests": selectors.confirmatory_requests(patient)})  # fmt: skip  # noqa: E501


@requires(Permission.DONOR_MANAGE)
def confirmatory_result(request: HttpRequest, public_id, request_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=request.method == "GET")
    ask = get_object_or_404(ConfirmatoryTypingRequest, patient=patient, public_id=request_id)
    form = forms.ConfirmatoryResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_confirmatory_result(request, ask, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Result recorded for {ask.donor_label}.")
            return _back(public_id, "donors:confirmatory")
    return render(request, "donors/form_page.html", {
        "patient": patient, "form": form,
        "title": f"Confirmatory typing result: {ask.donor_label}",
    })  # fmt: skip
