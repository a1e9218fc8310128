"""Writes for stage 5. Each runs in a transaction and writes its own audit entry."""

from __future__ import annotations

import json
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import record_access
from engraft.core.donor_search.engine import PatientTypingTooAmbiguous, parse_min_grade
from engraft.core.donor_search.search import TCE_NAMES, as_json_ready, search
from engraft.core.hla.dsa import DSA_MFI_THRESHOLD, DSA_THRESHOLD_SOURCE, Antibody, dsa_hits
from engraft.core.hla.hla_typing import HlaTyping as ParsedTyping
from engraft.core.hla.hla_typing import HlaTypingError, parse_typing, reduce_token
from engraft.core.hla.match_grade import grade
from engraft.core.hla.ranking import PatientContext, unpack_key
from engraft.record.models import Patient, Relative

from . import selectors
from .models import (
    AntiHlaAntibody,
    ConfirmatoryTypingRequest,
    DonorSearch,
    DonorSelection,
    DonorSource,
    HlaTyping,
)
from .registry import donor_alleles, nomenclature, open_registry, slots_gl

SEARCH_TOP = 100


def _parse(gl_string: str, field: str = "gl_string") -> ParsedTyping:
    """Parse with the core; a bad typing is refused with the core's message naming the token."""
    try:
        parsed = parse_typing(nomenclature(), gl_string)
    except HlaTypingError as error:
        raise ValidationError({field: f"{error}. Nothing was saved."}) from error
    if not parsed.loci:
        raise ValidationError({field: "no graded locus (A, B, C, DRB1, DQB1, DPB1) in this typing"})
    return parsed


@transaction.atomic
def record_typing(
    request: HttpRequest,
    patient: Patient,
    *,
    gl_string: str,
    typed_on: date,
    method: str,
    laboratory: str,
    relative: Relative | None = None,
) -> HlaTyping:
    """Store a typing of the patient or a relative, validated and normalised by the core."""
    if relative is not None and relative.patient_id != patient.pk:
        raise ValidationError({"subject": "that relative belongs to another patient"})
    parsed = _parse(gl_string)
    typing = HlaTyping.objects.create(
        patient=patient,
        relative=relative,
        gl_string=gl_string.strip(),
        normalised=parsed.gl(),
        typed_on=typed_on,
        method=method,
        laboratory=laboratory,
        imgt_release=parsed.imgt_release,
        recorded_by=request.user,
    )
    record_access(request, AuditAction.CREATE, typing,
                  summary=f"HLA typing of {typing.subject_name} (IMGT {parsed.imgt_release})")  # fmt: skip  # noqa: E501
    return typing


@transaction.atomic
def record_antibody(
    request: HttpRequest,
    patient: Patient,
    *,
    specificity: str,
    mfi: int,
    tested_on: date,
    laboratory: str,
) -> AntiHlaAntibody:
    """Store one anti-HLA antibody specificity; the specificity must be a valid HLA name."""
    specificity = specificity.strip().removeprefix("HLA-")
    try:
        reduce_token(nomenclature(), specificity)
    except HlaTypingError as error:
        raise ValidationError({"specificity": str(error)}) from error
    antibody = AntiHlaAntibody.objects.create(
        patient=patient, specificity=specificity, mfi=mfi, tested_on=tested_on,
        laboratory=laboratory, recorded_by=request.user,
    )  # fmt: skip
    record_access(request, AuditAction.CREATE, antibody,
                  summary=f"anti-HLA antibody {specificity} MFI {mfi}")  # fmt: skip
    return antibody


def _best_matched(label: str) -> int:
    """``"7-8/8"`` -> 8 (best case), ``"6/8"`` -> 6."""
    return int(label.split("/")[0].split("-")[-1])


def _direction(gvh: int, hvg: int, mm_min: int) -> str:
    if mm_min == 0:
        return "none"
    if gvh and hvg:
        return "bidirectional"
    return "gvh" if gvh else "hvg" if hvg else "undetermined"


def _decorate(hit: dict, alleles: dict, antibodies: list[Antibody], labels: dict) -> dict:
    """Add what the page shows beyond the core's result: label, typing, direction, TCE, DSA."""
    nom = nomenclature()
    hit["label"] = labels.get(hit["donor_id"], hit["donor_id"])
    hit["donor_gl"] = slots_gl(alleles) if alleles else ""
    for locus in hit["loci"].values():
        if "direction" not in locus:
            locus["direction"] = _direction(locus["gvh"], locus["hvg"], locus["mismatches"][0])
    hit["tce"] = TCE_NAMES[unpack_key(int(hit["rank_key"]))["tce"]]
    every = {a for slots in alleles.values() for slot in slots for a in slot}
    hit["dsa"] = dsa_hits(nom, every, antibodies)
    for found in hit["dsa"]:
        hit["why"].append(
            f"donor-specific antibody anti-{found['specificity']} (MFI {found['mfi']}) against "
            f"{', '.join(found['donor_alleles'])}: avoid if another donor exists (hla.md)"
        )
    return hit


def _min_grade_passes(hit: dict, of: int, matched: int) -> bool:
    if not matched:
        return True
    label = hit["grade_8"] if of == 8 else hit["grade_10"]
    return _best_matched(label) >= matched


@transaction.atomic
def run_search(request: HttpRequest, patient: Patient, *, min_grade: str = "") -> DonorSearch:
    """Search the family, the registry and cord units at once; keep a snapshot."""
    typing = selectors.patient_typing(patient)
    if typing is None:
        raise ValidationError(
            {"min_grade": "Record the patient's HLA typing before searching for a donor."}
        )
    try:
        of, matched = parse_min_grade(min_grade or None)
    except ValueError as error:
        raise ValidationError({"min_grade": str(error)}) from error
    if of == 12:
        raise ValidationError({"min_grade": "filter by x/8 or x/10"})
    nom = nomenclature()
    store = open_registry()
    family_rows = selectors.family_typings(patient)
    try:
        result = search(
            nom, store, parse_typing(nom, typing.gl_string), PatientContext(),
            selectors.family_members(patient) or None, min_grade or None, SEARCH_TOP,
        )  # fmt: skip
    except (HlaTypingError, PatientTypingTooAmbiguous, ValueError) as error:
        raise ValidationError({"min_grade": str(error)}) from error
    result = json.loads(json.dumps(result, default=as_json_ready))
    antibodies = [Antibody(a.specificity, a.mfi) for a in selectors.antibodies(patient)]
    family_alleles = {
        str(rel.public_id): {
            name: [set(s) for s in lt.slots]
            for name, lt in parse_typing(nom, t.gl_string).loci.items()
        }
        for rel, t in family_rows
    }
    labels = {str(rel.public_id): str(rel) for rel, _ in family_rows}
    hits = []
    for hit in result["results"]:
        if hit["source"] == "family":
            if not _min_grade_passes(hit, of, matched):
                continue  # the core filters registry and cord hits itself
            alleles = family_alleles.get(hit["donor_id"], {})
        else:
            alleles = donor_alleles(store, hit["donor_id"]) or {}
        hits.append(_decorate(hit, alleles, antibodies, labels))
    for rank, hit in enumerate(hits, start=1):
        hit["rank"] = rank
    result["results"] = hits
    result["dsa_threshold"] = {"mfi": DSA_MFI_THRESHOLD, "source": DSA_THRESHOLD_SOURCE}
    found = DonorSearch.objects.create(
        patient=patient, run_by=request.user, patient_typing=typing,
        store_path=str(store.path) if store else "", store_count=store.count if store else 0,
        imgt_release=result["imgt_release"], min_grade=min_grade or "", results=result,
    )  # fmt: skip
    counts = {s: sum(h["source"] == s for h in hits) for s in ("family", "registry", "cord")}
    record_access(request, AuditAction.CREATE, found,
                  summary=f"donor search min grade {min_grade or 'none'}: {counts}")  # fmt: skip
    return found


def _find_hit(found: DonorSearch, source: str, donor_id: str) -> dict:
    for hit in found.results["results"]:
        if hit["source"] == source and hit["donor_id"] == donor_id:
            return hit
    raise ValidationError({"donor_id": f"donor {donor_id} is not among this search's results"})


@transaction.atomic
def select_donor(
    request: HttpRequest,
    patient: Patient,
    *,
    search: DonorSearch,
    source: str,
    donor_id: str,
    role: str,
    reason: str,
) -> DonorSelection:
    """Record the team's choice of a primary or backup donor from a search's results.

    One primary at a time: choosing a new primary withdraws the previous one; a donor chosen
    again in another role keeps only the new role.
    """
    if not request.user.may(Permission.DONOR_SELECT):
        raise PermissionDenied("Only physicians and coordinators record the donor choice.")
    if search.patient_id != patient.pk:
        raise ValidationError({"donor_id": "that search belongs to another patient"})
    if role not in DonorSelection.Role.values:
        raise ValidationError({"role": "choose primary or backup"})
    if not reason.strip():
        raise ValidationError({"reason": "give the reason for this choice"})
    hit = _find_hit(search, source, donor_id)
    relative = None
    if source == DonorSource.FAMILY:
        relative = Relative.objects.get(patient=patient, public_id=donor_id)
    now = timezone.now()
    active = DonorSelection.objects.filter(patient=patient, withdrawn_at__isnull=True)
    if role == DonorSelection.Role.PRIMARY:
        active.filter(role=role).update(withdrawn_at=now)
    active.filter(source=source, donor_id=donor_id).update(withdrawn_at=now)
    selection = DonorSelection.objects.create(
        patient=patient, source=source, donor_id=donor_id, relative=relative,
        donor_label=hit.get("label", donor_id), role=role, search=search,
        chosen_by=request.user, reason=reason.strip(),
    )  # fmt: skip
    record_access(request, AuditAction.CREATE, selection,
                  summary=f"{role} donor {selection.donor_label} selected")  # fmt: skip
    return selection


@transaction.atomic
def request_confirmatory_typing(
    request: HttpRequest, patient: Patient, *, search: DonorSearch, source: str, donor_id: str
) -> ConfirmatoryTypingRequest:
    """Ask for confirmatory typing of a donor found by a search (once while pending)."""
    if search.patient_id != patient.pk:
        raise ValidationError({"donor_id": "that search belongs to another patient"})
    hit = _find_hit(search, source, donor_id)
    pending = patient.confirmatory_requests.filter(
        source=source, donor_id=donor_id, status=ConfirmatoryTypingRequest.Status.REQUESTED
    ).first()
    if pending:
        return pending
    ask = ConfirmatoryTypingRequest.objects.create(
        patient=patient, source=source, donor_id=donor_id,
        donor_label=hit.get("label", donor_id), requested_by=request.user,
    )  # fmt: skip
    record_access(request, AuditAction.CREATE, ask,
                  summary=f"confirmatory typing requested for {ask.donor_label}")  # fmt: skip
    return ask


@transaction.atomic
def record_confirmatory_result(
    request: HttpRequest, ask: ConfirmatoryTypingRequest, *, result_gl: str, received_on: date
) -> ConfirmatoryTypingRequest:
    """Store the confirmatory typing and its grade against the patient's current typing."""
    parsed = _parse(result_gl, "result_gl")
    ask.result_gl = result_gl.strip()
    ask.result_normalised = parsed.gl()
    ask.result_imgt_release = parsed.imgt_release
    ask.received_on = received_on
    ask.status = ConfirmatoryTypingRequest.Status.RECEIVED
    typing = selectors.patient_typing(ask.patient)
    if typing is not None:
        mg = grade(nomenclature(), parse_typing(nomenclature(), typing.gl_string), parsed)
        ask.result_grade = f"{mg.summary(8).label}, {mg.summary(10).label}"
    ask.save()
    record_access(request, AuditAction.CHANGE, ask,
                  summary=f"confirmatory typing of {ask.donor_label} received: {ask.result_grade}")  # fmt: skip  # noqa: E501
    return ask
