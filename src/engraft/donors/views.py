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
from engraft.audit.services import client_address
from engraft.core.hla.dsa import DSA_THRESHOLD_SOURCE
from engraft.record import services as record_services
from engraft.record.models import BodyMeasurement, Relative
from engraft.record.pages import apply_errors, patient_for

from . import context, forms, selectors, services
from .models import AntiHlaAntibody, ConfirmatoryTypingRequest, DonorSearch, HlaTyping
from .registry import open_registry
from .selectors import RELATIONSHIP_TEXT


def _who(request: HttpRequest) -> dict:
    """The acting user and the client address, as every service takes them."""
    return {"actor": request.user, "ip": client_address(request)}


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
        "conflicts": selectors.typing_conflicts(patient),
        "family": selectors.family_analysis(patient),
        "antibodies": selectors.antibodies(patient),
        "selections": selectors.active_selections(patient),
        "dsa_source": DSA_THRESHOLD_SOURCE,
        "measurements": patient.body_measurements.select_related("voided_by"),
        "context": context.patient_context(patient),
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
        services.record_typing(patient=patient, **_who(request), relative=relative,
                               gl_string=data["gl_string"], typed_on=data["typed_on"],
                               method=data["method"], laboratory=data["laboratory"])  # fmt: skip

    return _form_page(request, patient, form, save, "Add an HLA typing")


@requires(Permission.DONOR_MANAGE)
def add_antibody(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=request.method == "GET")
    form = forms.AntibodyForm(request.POST or None)
    return _form_page(request, patient, form,
                      lambda data: services.record_antibody(patient=patient, **_who(request),
                                                            **data),
                      "Add an anti-HLA antibody")  # fmt: skip


def _void_page(request, patient, fact) -> HttpResponse:
    form = forms.VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void(fact=fact, **_who(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The entry is marked void; it stays, struck through.")
            return _back(patient.public_id)
    return render(request, "donors/void.html", {"patient": patient, "form": form, "entry": fact})


@requires(Permission.DONOR_MANAGE)
def void_typing(request: HttpRequest, public_id, typing_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=request.method == "GET")
    typing = get_object_or_404(HlaTyping, patient=patient, public_id=typing_id,
                               voided_at__isnull=True)  # fmt: skip
    return _void_page(request, patient, typing)


@requires(Permission.DONOR_MANAGE)
def void_antibody(request: HttpRequest, public_id, antibody_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=request.method == "GET")
    antibody = get_object_or_404(AntiHlaAntibody, patient=patient, public_id=antibody_id,
                                 voided_at__isnull=True)  # fmt: skip
    return _void_page(request, patient, antibody)


@requires(Permission.DONOR_MANAGE)
def void_measurement(request: HttpRequest, public_id, measurement_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=request.method == "GET")
    measurement = get_object_or_404(BodyMeasurement, patient=patient, public_id=measurement_id,
                                    voided_at__isnull=True)  # fmt: skip
    return _void_page(request, patient, measurement)


@requires(Permission.DONOR_MANAGE)
def transplant_context(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=request.method == "GET")
    initial = {"cmv_serostatus": patient.cmv_serostatus, "abo_group": patient.abo_group,
               "rh_d": patient.rh_d}  # fmt: skip
    form = forms.TransplantContextForm(request.POST or None, initial=initial)

    def save(data):
        return record_services.set_transplant_context(patient=patient, **_who(request), **data)

    return _form_page(request, patient, form, save, form.title)


@requires(Permission.DONOR_MANAGE)
def add_measurement(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=request.method == "GET")
    form = forms.MeasurementForm(request.POST or None)

    def save(data):
        return record_services.record_body_measurement(patient=patient, **_who(request), **data)

    return _form_page(request, patient, form, save, form.title)


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
    family, unrelated = [], []
    for hit in selectors.search_hits(found) if found else []:
        key = (hit["source"], hit["donor_id"])
        relationship = hit["attributes"].get("relationship", "")
        row = {**hit, "cells": _cells(hit), "selection": selected.get(key),
               "request": pending.get(key), "grade_8": _label(hit["grade_8"]),
               "grade_10": _label(hit["grade_10"]),
               "relationship_text": RELATIONSHIP_TEXT.get(relationship, "")}  # fmt: skip
        (family if hit["source"] == "family" else unrelated).append(row)
    return render(request, "donors/search.html", {
        "patient": patient,
        "form": form or forms.SearchForm(initial=initial),
        "search": found,
        "family_results": family,
        "unrelated_results": unrelated,
        "withheld": found.results.get("withheld", []) if found else [],
        "store": store,
        "patient_typing": selectors.patient_typing(patient),
        "ambiguous_loci": selectors.patient_ambiguous_loci(patient),
        "conflict": selectors.patient_typing_conflict(patient),
        "context": context.patient_context(patient),
        "roles": forms.SelectionForm.base_fields["role"].choices,
    })  # fmt: skip


def _label(grade) -> str:
    """A grade's label; snapshots before typed results stored the label itself."""
    return grade["label"] if isinstance(grade, dict) else grade


@requires(Permission.DONOR_MANAGE)
def run_search(request: HttpRequest, public_id) -> HttpResponse:
    if request.method != "POST":
        return _back(public_id, "donors:search")
    patient = patient_for(request, public_id, audit=False)
    form = forms.SearchForm(request.POST)
    if form.is_valid():
        try:
            found = services.run_search(patient=patient, **_who(request),
                                        min_grade=form.cleaned_data["min_grade"])  # fmt: skip
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
        chosen = services.select_donor(patient=patient, **_who(request), search=found, **data)
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
        ask = services.request_confirmatory_typing(patient=patient, **_who(request),
                                                   search=found, **data)  # fmt: skip
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
            services.record_confirmatory_result(ask=ask, **_who(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Result recorded for {ask.donor_label}.")
            return _back(public_id, "donors:confirmatory")
    return render(request, "donors/form_page.html", {
        "patient": patient, "form": form,
        "title": f"Confirmatory typing result: {ask.donor_label}",
    })  # fmt: skip
