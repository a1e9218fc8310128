import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from engraft.access.decorators import requires
from engraft.access.disciplines import (
    GENETICS,
    LABORATORY,
    finding_disciplines,
    finding_kinds_of,
    study_codes_of,
    study_disciplines,
)
from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import client_address, record_access
from engraft.core.fhir.bundle_import import BundleImportError, read_bundle
from engraft.core.fhir.export import export_bundle
from engraft.core.record.analytes import get_analyte
from engraft.core.record.lab_chart import lab_trend_svg
from engraft.information.models import InformationRequest

from . import bundle_extensions, forms, selectors, services
from .locking import ConcurrentEditError
from .mapping import to_record
from .models import Document, Finding, LabResult, Patient, Study
from .pages import apply_errors, patient_for
from .record_import import import_record


@requires(Permission.PATIENT_VIEW)
def patient_list(request: HttpRequest) -> HttpResponse:
    filters = forms.PatientFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    found = selectors.patients(
        criteria.get("stage", ""),
        criteria.get("form", ""),
        criteria.get("q", ""),
        criteria.get("sort") or "name",
    )
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    record_access(
        request,
        AuditAction.VIEW,
        "record.Patient",
        summary=f"patient list {request.GET.urlencode()}",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "record/patient_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@requires(Permission.PATIENT_EDIT)
def referral_intake(request: HttpRequest) -> HttpResponse:
    """Record a referral; warn of likely duplicates before creating a new patient."""
    info = None
    if request.GET.get("request") or request.POST.get("information_request"):
        info = get_object_or_404(
            InformationRequest,
            public_id=request.GET.get("request") or request.POST.get("information_request"),
        )
        record_access(request, AuditAction.VIEW, info, summary="opened for referral")
    patient_form = forms.PatientForm(request.POST or None, prefix="child")
    referral_form = forms.ReferralForm(
        request.POST or None,
        request.FILES or None,
        prefix="referral",
        initial={
            "received_on": timezone.localdate(),
            "reason": info.question if info else "",
        },
    )
    duplicates = []
    if request.method == "POST" and patient_form.is_valid() and referral_form.is_valid():
        child = patient_form.cleaned_data
        use_existing = request.POST.get("use_existing")
        existing = get_object_or_404(Patient, public_id=use_existing) if use_existing else None
        duplicates = services.likely_duplicates(
            child["family_name"],
            child["birth_date"],
            child["hospital_number"],
            child.get("issuing_hospital", ""),
        )
        if existing or not duplicates or request.POST.get("confirm_new") == "yes":
            try:
                referral = services.register_referral(
                    actor=request.user,
                    ip=client_address(request),
                    patient_fields=None if existing else child,
                    referral_fields={**referral_form.cleaned_data, "information_request": info},
                    existing=existing,
                )
            except ValidationError as error:
                apply_errors(patient_form, error)
            else:
                messages.success(request, "The referral is recorded.")
                return redirect("record:patient", public_id=referral.patient.public_id)
    return render(
        request,
        "record/referral_intake.html",
        {
            "patient_form": patient_form,
            "referral_form": referral_form,
            "info": info,
            "duplicates": duplicates,
        },
    )


@requires(Permission.PATIENT_VIEW)
def patient_detail(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, full=True)
    series = selectors.lab_series(patient)
    latest_labs = [
        (get_analyte(key), values[-1], len(values)) for key, values in sorted(series.items())
    ]
    return render(
        request,
        "record/patient_detail.html",
        {
            "patient": patient,
            "referrals": patient.referrals.select_related("recorded_by"),
            "latest_labs": latest_labs,
            "findings": [(f, selectors.finding_summary(f)) for f in patient.findings.all()],
            "may_record_genetics": request.user.may_act(Permission.GENETICS_RECORD, {GENETICS}),
            # Void links only where the user may void (a specialist: their discipline's).
            "voidable": {
                entry.public_id
                for entry in [*patient.findings.all(), *patient.studies.all()]
                if may_void(request.user, entry)
            },
        },
    )


def _edit_page(request, public_id, form_class, template, save, *, prepare=None):
    patient = patient_for(request, public_id, audit=request.method == "GET")
    form = form_class(request.POST or None, request.FILES or None)
    if prepare is not None:
        prepare(form)
    if request.method == "POST" and form.is_valid():
        try:
            save(patient, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("record:patient", public_id=patient.public_id)
    return render(request, template, {"patient": patient, "form": form})


def _diagnosis_form(patient: Patient, data=None) -> forms.DiagnosisForm:
    return forms.DiagnosisForm(data, instance=patient, initial={"version": patient.version})


@requires(Permission.PATIENT_EDIT)
def edit_diagnosis(request: HttpRequest, public_id) -> HttpResponse:
    """The diagnosis, saved only over the version the user opened (else 409, who and when)."""
    patient = patient_for(request, public_id, audit=request.method == "GET")
    form = _diagnosis_form(patient, request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_diagnosis(
                patient=patient, actor=request.user, ip=client_address(request),
                version=form.cleaned_data["version"], fields=fields,
            )  # fmt: skip
        except ConcurrentEditError as error:
            # Show the record as the other person left it, with why nothing was saved.
            messages.error(request, str(error))
            current = patient_for(request, public_id, audit=False)
            context = {"patient": current, "form": _diagnosis_form(current)}
            return render(request, "record/form_page.html", context, status=409)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("record:patient", public_id=patient.public_id)
    return render(request, "record/form_page.html", {"patient": patient, "form": form})


@requires(Permission.PATIENT_EDIT)
def add_relative(request: HttpRequest, public_id) -> HttpResponse:
    def save(patient, data):
        services.add_relative(
            patient=patient, actor=request.user, ip=client_address(request), fields=data
        )

    return _edit_page(request, public_id, forms.RelativeForm, "record/form_page.html", save)


@requires(Permission.GENETICS_RECORD)
def add_genetic_result(request: HttpRequest, public_id) -> HttpResponse:
    if not request.user.may_act(Permission.GENETICS_RECORD, {GENETICS}):
        raise PermissionDenied("Genetic results are recorded by physicians, coordinators and "
                               "genetics specialists.")  # fmt: skip

    def save(patient, data):
        variants = [
            services.VariantInput(
                data[f"variant_{n}_hgvs"].strip(),
                data[f"variant_{n}_protein_hgvs"].strip(),
                data[f"variant_{n}_classification"],
            )
            for n in (1, 2)
            if data.get(f"variant_{n}_hgvs")
        ]
        fields = {k: data[k] for k in ("gene", "zygosity", "testing_lab", "reported_on")}
        services.record_genetic_result(
            patient=patient,
            actor=request.user,
            ip=client_address(request),
            fields=fields,
            variants=variants,
        )

    return _edit_page(request, public_id, forms.GeneticResultForm, "record/form_page.html", save)


def _only_within_discipline(request, field: str, codes_of, what: str):
    """For a specialist, narrow the form's choices to what their discipline reports."""
    if not request.user.scoped(Permission.RESULT_RECORD):
        return None
    allowed = codes_of(request.user.discipline)
    if not allowed:
        raise PermissionDenied(f"Your discipline records no {what}.")

    def prepare(form):
        choices = form.fields[field].choices
        form.fields[field].choices = [(c, label) for c, label in choices if c in allowed]

    return prepare


@requires(Permission.RESULT_RECORD)
def add_finding(request: HttpRequest, public_id) -> HttpResponse:
    def save(patient, data):
        services.record_finding(
            patient=patient, actor=request.user, ip=client_address(request), fields=data
        )

    prepare = _only_within_discipline(request, "kind", finding_kinds_of, "findings")
    return _edit_page(
        request, public_id, forms.FindingForm, "record/form_page.html", save, prepare=prepare
    )


@requires(Permission.RESULT_RECORD)
def add_lab_result(request: HttpRequest, public_id) -> HttpResponse:
    def save(patient, data):
        services.record_lab_result(
            patient=patient, actor=request.user, ip=client_address(request), **data
        )

    return _edit_page(request, public_id, forms.LabResultForm, "record/form_page.html", save)


@requires(Permission.RESULT_RECORD)
def add_document(request: HttpRequest, public_id) -> HttpResponse:
    def save(patient, data):
        services.attach_document(
            patient=patient,
            actor=request.user,
            ip=client_address(request),
            title=data["title"],
            kind=data["kind"],
            upload=data["file"],
            content_type=data["content_type"],
        )

    return _edit_page(request, public_id, forms.DocumentForm, "record/form_page.html", save)


@requires(Permission.RESULT_RECORD)
def add_study(request: HttpRequest, public_id) -> HttpResponse:
    def save(patient, data):
        services.record_study(
            patient=patient,
            actor=request.user,
            ip=client_address(request),
            fields={
                **{k: data[k] for k in ("code", "performed_on", "performed_by", "conclusion")},
                "result": data.get("result") or "",
                "result_findings": list(data.get("result_findings") or ()),
            },
            report=data.get("report_file"),
            report_content_type=data.get("report_content_type", ""),
        )

    prepare = _only_within_discipline(request, "code", study_codes_of, "studies")
    return _edit_page(
        request, public_id, forms.StudyForm, "record/form_page.html", save, prepare=prepare
    )


@requires(Permission.PATIENT_VIEW)
def document_file(request: HttpRequest, public_id, document_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=False)
    document = get_object_or_404(Document, patient=patient, public_id=document_id)
    record_access(request, AuditAction.VIEW, document, summary=f"document of {patient.public_id}")
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.public_id}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


VOIDABLE = {"findings": Finding, "labs": LabResult, "documents": Document, "studies": Study}


def entry_disciplines(entry) -> frozenset[str]:
    """The disciplines whose specialists may void this entry."""
    if isinstance(entry, Finding):
        return finding_disciplines(entry.kind)
    if isinstance(entry, Study):
        return study_disciplines(entry.code)
    if isinstance(entry, LabResult):
        return frozenset({LABORATORY})
    return frozenset()


def may_void(user, entry) -> bool:
    """Record keepers void any entry; a specialist their discipline's, or their own."""
    if entry.recorded_by_id is not None and entry.recorded_by_id == user.pk:
        return user.may(Permission.RESULT_VOID)
    return user.may_act(Permission.RESULT_VOID, entry_disciplines(entry))


@requires(Permission.RESULT_VOID)
def void_entry(request: HttpRequest, public_id, kind: str, entry_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=request.method == "GET")
    model = VOIDABLE.get(kind)
    if model is None:
        return HttpResponse(status=404)
    entry = get_object_or_404(model, patient=patient, public_id=entry_id, voided_at__isnull=True)
    if not may_void(request.user, entry):
        raise PermissionDenied("A specialist voids only their own discipline's entries.")
    form = forms.VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.void_fact(
            fact=entry,
            actor=request.user,
            ip=client_address(request),
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "The entry is marked void; it stays in the record.")
        return redirect("record:patient", public_id=patient.public_id)
    return render(request, "record/void.html", {"patient": patient, "form": form, "entry": entry})


@requires(Permission.PATIENT_VIEW)
def patient_timeline(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, full=True)
    return render(
        request,
        "record/timeline.html",
        {"patient": patient, "events": selectors.timeline(patient)},
    )


@requires(Permission.PATIENT_VIEW)
def lab_charts(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, full=True)
    series = selectors.lab_series(patient)
    record = to_record(patient)
    charts = [
        {
            "analyte": get_analyte(key),
            "svg": lab_trend_svg([lab for lab in record.labs if lab.analyte == key], key),
            "values": values,
        }
        for key, values in sorted(series.items())
    ]
    return render(request, "record/lab_charts.html", {"patient": patient, "charts": charts})


@requires(Permission.PATIENT_EXPORT)
def fhir_export(request: HttpRequest, public_id) -> HttpResponse:
    patient = patient_for(request, public_id, audit=False, full=True)
    record = to_record(patient, base_url=request.build_absolute_uri("/")[:-1])
    bundle = export_bundle(
        record,
        generated_at=timezone.now(),
        extra_resources=bundle_extensions.extra_resources(patient),
    )
    record_access(request, AuditAction.EXPORT, patient, summary="FHIR R4 Bundle")
    response = JsonResponse(bundle, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="patient-{patient.public_id}.json"'
    return response


@requires(Permission.PATIENT_IMPORT)
def fhir_import(request: HttpRequest) -> HttpResponse:
    form = forms.BundleUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["bundle"].read()
        try:
            bundle = read_bundle(raw.decode("utf-8"), today=timezone.localdate())
            patient, created, changes = import_record(
                bundle=bundle, actor=request.user, ip=client_address(request)
            )
        except UnicodeDecodeError:
            form.add_error("bundle", "The file is not UTF-8 text.")
        except BundleImportError as error:
            errors = error.errors
        except json.JSONDecodeError as error:
            form.add_error("bundle", f"Not valid JSON: {error}")
        else:
            done = "Patient created from the Bundle" if created else "Patient updated"
            messages.success(request, f"{done}: {changes.summary().split(': ', 1)[1]}.")
            return redirect("record:patient", public_id=patient.public_id)
    return render(request, "record/fhir_import.html", {"form": form, "bundle_errors": errors})
