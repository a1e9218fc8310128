"""Writes for stage 5. Each is keyword-only, takes the acting user and the client address
(``actor=None`` is the command line), runs in a transaction and writes its own audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from engraft.access.roles import Permission
from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.donor_search.engine import PatientTypingTooAmbiguous, parse_min_grade
from engraft.core.donor_search.search import as_json_ready, search
from engraft.core.hla.dsa import Antibody
from engraft.core.hla.hla_typing import HlaTyping as ParsedTyping
from engraft.core.hla.hla_typing import HlaTypingError, parse_typing, reduce_token
from engraft.core.hla.match_grade import grade
from engraft.record.models import BodyMeasurement, Patient, Relative

from . import selectors
from .context import patient_context
from .models import (
    AntiHlaAntibody,
    ConfirmatoryTypingRequest,
    DonorSearch,
    DonorSelection,
    DonorSource,
    HlaTyping,
)
from .registry import nomenclature, open_registry

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


def _not_future(value: date, field: str, today: date | None) -> None:
    if value > (today or timezone.localdate()):
        raise ValidationError({field: f"{value:%d %b %Y} is in the future"})


@transaction.atomic
def record_typing(
    *,
    patient: Patient,
    actor,
    ip: str | None,
    gl_string: str,
    typed_on: date,
    method: str,
    laboratory: str,
    relative: Relative | None = None,
    today: date | None = None,
) -> HlaTyping:
    """Store a typing of the patient or a relative, validated and normalised by the core."""
    if relative is not None and relative.patient_id != patient.pk:
        raise ValidationError({"subject": "that relative belongs to another patient"})
    _not_future(typed_on, "typed_on", today)
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
        recorded_by=actor,
    )
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=typing,
                summary=f"HLA typing of {typing.subject_name} (IMGT {parsed.imgt_release})")  # fmt: skip  # noqa: E501
    return typing


@transaction.atomic
def record_antibody(
    *,
    patient: Patient,
    actor,
    ip: str | None,
    specificity: str,
    mfi: int,
    tested_on: date,
    laboratory: str,
    today: date | None = None,
) -> AntiHlaAntibody:
    """Store one anti-HLA antibody specificity; the specificity must be a valid HLA name."""
    specificity = specificity.strip().removeprefix("HLA-")
    _not_future(tested_on, "tested_on", today)
    try:
        reduce_token(nomenclature(), specificity)
    except HlaTypingError as error:
        raise ValidationError({"specificity": str(error)}) from error
    antibody = AntiHlaAntibody.objects.create(
        patient=patient, specificity=specificity, mfi=mfi, tested_on=tested_on,
        laboratory=laboratory, recorded_by=actor,
    )  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=antibody,
                summary=f"anti-HLA antibody {specificity} MFI {mfi}")  # fmt: skip
    return antibody


VOIDABLE = (HlaTyping, AntiHlaAntibody, BodyMeasurement)


@transaction.atomic
def void(*, fact: models.Model, actor, ip: str | None, reason: str) -> None:
    """Void an HLA typing, an antibody or a body measurement: it stays, marked, with the
    reason, and leaves the search; a correction is recorded as a new entry."""
    if not isinstance(fact, VOIDABLE):
        raise TypeError(f"{type(fact).__name__} is not voided here")
    if fact.voided_at is not None:
        raise ValidationError({"reason": "this entry is already void"})
    if not reason.strip():
        raise ValidationError({"reason": "Say why this is voided."})
    fact.voided_at = timezone.now()
    fact.voided_by = actor
    fact.void_reason = reason.strip()
    fact.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=fact,
                summary=f"voided {fact}: {reason.strip()}")  # fmt: skip


@transaction.atomic
def run_search(*, patient: Patient, actor, ip: str | None, min_grade: str = "") -> DonorSearch:
    """Search the family, the registry and cord units at once; keep a snapshot.

    Refused while two current typings of the patient conflict: any grade would be wrong.
    """
    typing = selectors.patient_typing(patient)
    if typing is None:
        raise ValidationError(
            {"min_grade": "Record the patient's HLA typing before searching for a donor."}
        )
    conflict = selectors.patient_typing_conflict(patient)
    if conflict is not None:
        raise ValidationError({"min_grade": conflict.text})
    try:
        of, _ = parse_min_grade(min_grade or None)
    except ValueError as error:
        raise ValidationError({"min_grade": str(error)}) from error
    if of == 12:
        raise ValidationError({"min_grade": "filter by x/8 or x/10"})
    nom = nomenclature()
    store = open_registry()
    antibodies = [Antibody(a.specificity, a.mfi) for a in selectors.current_antibodies(patient)]
    try:
        result = search(
            nom, store, parse_typing(nom, typing.gl_string), patient_context(patient),
            selectors.family_members(patient) or None, min_grade or None, SEARCH_TOP,
            antibodies,
        )  # fmt: skip
    except (HlaTypingError, PatientTypingTooAmbiguous, ValueError) as error:
        raise ValidationError({"min_grade": str(error)}) from error
    snapshot = result.to_json()
    snapshot["withheld"] = [
        {"relative": str(c.relative.public_id), "text": c.text}
        for c in selectors.typing_conflicts(patient)
        if c.relative is not None
    ]
    found = DonorSearch.objects.create(
        patient=patient, run_by=actor, patient_typing=typing,
        store_path=str(store.path) if store else "", store_count=store.count if store else 0,
        imgt_release=result.imgt_release, min_grade=min_grade or "",
        results=_json_ready(snapshot),
    )  # fmt: skip
    counts = {"family": len(result.family)}
    for source in ("registry", "cord"):
        counts[source] = sum(h.source == source for h in result.unrelated)
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=found,
                summary=f"donor search min grade {min_grade or 'none'}: {counts}")  # fmt: skip
    return found


def _json_ready(value):
    """numpy scalars and tuples to plain JSON values, for the JSONField."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return as_json_ready(value)


def _find_hit(found: DonorSearch, source: str, donor_id: str) -> dict:
    for hit in selectors.search_hits(found):
        if hit["source"] == source and hit["donor_id"] == donor_id:
            return hit
    raise ValidationError({"donor_id": f"donor {donor_id} is not among this search's results"})


@transaction.atomic
def select_donor(
    *,
    patient: Patient,
    actor,
    ip: str | None,
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
    if actor is None or not actor.may(Permission.DONOR_SELECT):
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
        relative = Relative.objects.filter(patient=patient, public_id=donor_id).first()
        if relative is None:
            raise ValidationError({"donor_id": "that relative is not in this patient's family"})
    now = timezone.now()
    active = DonorSelection.objects.filter(patient=patient, withdrawn_at__isnull=True)
    if role == DonorSelection.Role.PRIMARY:
        active.filter(role=role).update(withdrawn_at=now)
    active.filter(source=source, donor_id=donor_id).update(withdrawn_at=now)
    selection = DonorSelection.objects.create(
        patient=patient, source=source, donor_id=donor_id, relative=relative,
        donor_label=hit.get("label", donor_id), role=role, search=search,
        chosen_by=actor, reason=reason.strip(),
    )  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=selection,
                summary=f"{role} donor {selection.donor_label} selected")  # fmt: skip
    return selection


@transaction.atomic
def request_confirmatory_typing(
    *, patient: Patient, actor, ip: str | None, search: DonorSearch, source: str, donor_id: str
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
        donor_label=hit.get("label", donor_id), requested_by=actor,
    )  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=ask,
                summary=f"confirmatory typing requested for {ask.donor_label}")  # fmt: skip
    return ask


@transaction.atomic
def record_confirmatory_result(
    *,
    ask: ConfirmatoryTypingRequest,
    actor,
    ip: str | None,
    result_gl: str,
    received_on: date,
    today: date | None = None,
) -> ConfirmatoryTypingRequest:
    """Store the confirmatory typing and its grade against the patient's current typing."""
    _not_future(received_on, "received_on", today)
    parsed = _parse(result_gl, "result_gl")
    ask.result_gl = result_gl.strip()
    ask.result_normalised = parsed.gl()
    ask.result_imgt_release = parsed.imgt_release
    ask.received_on = received_on
    ask.status = ConfirmatoryTypingRequest.Status.RECEIVED
    typing = selectors.patient_typing(ask.patient)
    if typing is not None and selectors.patient_typing_conflict(ask.patient) is None:
        mg = grade(nomenclature(), parse_typing(nomenclature(), typing.gl_string), parsed)
        ask.result_grade = f"{mg.summary(8).label}, {mg.summary(10).label}"
    ask.save()
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=ask,
                summary=f"confirmatory typing of {ask.donor_label} received: {ask.result_grade}")  # fmt: skip  # noqa: E501
    return ask
