"""State changes of the assessment stage. Each runs in a transaction and audits itself."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import record_access
from engraft.core.assessment import Assessment, assess
from engraft.core.assessment.case_json import case_to_dict, fingerprint
from engraft.core.assessment.from_record import case_from_record
from engraft.core.assessment.result import Candidacy, Urgency
from engraft.record.mapping import load_patient, to_record
from engraft.record.models import Patient

from .models import MeetingDecision, SignOff, StoredAssessment


def compute(patient: Patient, as_of: date) -> tuple[dict[str, Any], Assessment]:
    """The case JSON of a patient's record (fetched in full) and the core's assessment of it."""
    case = case_from_record(to_record(patient), timezone.get_current_timezone())
    return case_to_dict(case), assess(case, as_of)


def latest_assessment(patient: Patient) -> StoredAssessment | None:
    return patient.assessments.order_by("-computed_at", "-id").first()


def store_if_changed(
    request: HttpRequest | None, patient: Patient, as_of: date
) -> tuple[StoredAssessment, bool]:
    """The latest stored assessment, after storing a new one if the record or KB changed.

    The record app never calls this stage (data flows one way), so a change is noticed here,
    when the assessment is next read: same case fingerprint and knowledge-base version as the
    latest stored row means nothing to store.
    """
    case_json, result = compute(patient, as_of)
    digest = fingerprint(case_json)
    with transaction.atomic():
        # Serialises two readers of the same changed record, so only one stores it.
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        latest = latest_assessment(patient)
        if (
            latest is not None
            and latest.input_fingerprint == digest
            and latest.knowledge_base_version == result.knowledge_base_version
        ):
            return latest, False
        user = getattr(request, "user", None)
        stored = StoredAssessment.objects.create(
            patient=patient,
            computed_for=user if user is not None and user.is_authenticated else None,
            as_of=as_of,
            knowledge_base_version=result.knowledge_base_version,
            input_fingerprint=digest,
            case=case_json,
            result=result.to_dict(),
            subtype=result.subtype.value[:80],
            candidacy=result.candidacy.value,
            urgency=result.urgency.value,
        )
        record_access(
            request,
            AuditAction.CREATE,
            stored,
            summary=f"assessment of {patient.public_id}: {stored.candidacy}/{stored.urgency} "
            f"(knowledge base {stored.knowledge_base_version})",
        )
    return stored, True


def current_assessment(request: HttpRequest | None, patient: Patient) -> StoredAssessment:
    """The assessment of the record as it is now, as of today (stored anew if it changed)."""
    stored, _ = store_if_changed(request, load_patient(patient.public_id), timezone.localdate())
    return stored


def _override_errors(
    assessment: StoredAssessment, candidacy: str, urgency: str, reason: str
) -> dict[str, str]:
    errors = {}
    if candidacy not in set(Candidacy):
        errors["candidacy"] = "Choose the candidacy you judge right."
    if urgency not in set(Urgency):
        errors["urgency"] = "Choose the urgency you judge right."
    if not reason.strip():
        errors["reason"] = "An override needs a reason: say why you disagree with the assessment."
    if not errors and (candidacy, urgency) == (assessment.candidacy, assessment.urgency):
        errors["candidacy"] = (
            "This is the computed candidacy and urgency: change one of them to override, "
            "or choose 'Agree'."
        )
    return errors


@transaction.atomic
def sign_off(
    request: HttpRequest,
    assessment: StoredAssessment,
    *,
    decision: str,
    candidacy: str = "",
    urgency: str = "",
    reason: str = "",
) -> SignOff:
    """A physician agrees with, or overrides with a reason, the latest stored assessment."""
    latest = latest_assessment(assessment.patient)
    if latest is None or latest.pk != assessment.pk:
        raise ValidationError(
            "The record changed since this assessment was computed: review the new assessment "
            "and sign that one."
        )
    if decision == SignOff.Decision.OVERRIDE:
        # A value left blank keeps the computed one; the row stores both values in full.
        candidacy = candidacy or assessment.candidacy
        urgency = urgency or assessment.urgency
        errors = _override_errors(assessment, candidacy, urgency, reason)
        if errors:
            raise ValidationError(errors)
    elif decision == SignOff.Decision.AGREE:
        candidacy = urgency = ""  # agreeing takes the computed values, recorded on the row
    else:
        raise ValidationError({"decision": "Choose agree or override."})
    signed = SignOff.objects.create(
        assessment=assessment,
        physician=request.user,
        decision=decision,
        candidacy=candidacy,
        urgency=urgency,
        reason=reason.strip(),
    )
    summary = (
        f"override to {candidacy}/{urgency}: {reason.strip()}"
        if signed.is_override
        else f"agree with {assessment.candidacy}/{assessment.urgency}"
    )
    record_access(request, AuditAction.CREATE, signed, summary=summary[:300])
    return signed


@transaction.atomic
def record_meeting_decision(
    request: HttpRequest, patient: Patient, fields: dict[str, Any]
) -> MeetingDecision:
    """Record what the multidisciplinary meeting decided, against the assessment it saw."""
    errors = {}
    meeting_on: date = fields["meeting_on"]
    if meeting_on > timezone.localdate():
        errors["meeting_on"] = "The meeting date is in the future: record a decision once made."
    elif meeting_on < patient.birth_date:
        errors["meeting_on"] = "The meeting date is before the date of birth."
    if not str(fields.get("attendees", "")).strip():
        errors["attendees"] = "Say who attended the meeting."
    if errors:
        raise ValidationError(errors)
    decision = MeetingDecision.objects.create(
        patient=patient,
        assessment=latest_assessment(patient),
        meeting_on=meeting_on,
        outcome=fields["outcome"],
        details=str(fields.get("details", "")).strip(),
        attendees=str(fields["attendees"]).strip(),
        recorded_by=request.user,
    )
    record_access(
        request,
        AuditAction.CREATE,
        decision,
        summary=f"meeting decision for {patient.public_id}: {decision.outcome}",
    )
    return decision
