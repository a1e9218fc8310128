"""State changes of the assessment stage. Each runs in a transaction and audits itself.

Services take the acting user and the client address (`actor=None` is the command line), so
the web, the work-up and the command line call the same code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.assessment import Assessment, assess
from engraft.core.assessment.case_json import case_to_dict, fingerprint
from engraft.core.assessment.from_record import case_from_record
from engraft.core.assessment.result import Candidacy, Urgency
from engraft.record.mapping import load_patient, to_record
from engraft.record.models import Patient

from .changes import decision
from .in_force import InForce, in_force
from .models import MeetingDecision, SignOff, StoredAssessment
from .rules_version import rules_version


def compute(patient: Patient, as_of: date) -> tuple[dict[str, Any], Assessment]:
    """The case JSON of a patient's record (fetched in full) and the core's assessment of it."""
    case = case_from_record(to_record(patient), timezone.get_current_timezone())
    return case_to_dict(case), assess(case, as_of)


def latest_assessment(patient: Patient) -> StoredAssessment | None:
    return patient.assessments.order_by("-computed_at", "-id").first()


def _same_as(latest: StoredAssessment, digest: str, result: dict[str, Any]) -> bool:
    """True when today's computation is what the latest row says: same data, rules, decision."""
    return (
        latest.input_fingerprint == digest
        and latest.knowledge_base_version == result["knowledge_base_version"]
        and latest.rules_version == rules_version(result)
        and decision(latest.result) == decision(result)
    )


def store_if_changed(
    *, patient: Patient, actor: models.Model | None, ip: str | None, as_of: date
) -> tuple[StoredAssessment, dict[str, Any], bool]:
    """The latest stored assessment and the result computed for `as_of`; stored anew if changed.

    "Changed" is the record (case fingerprint), the rules (knowledge base and code version)
    or the computed decision itself: the date alone can change the answer (a birthday, a
    currency window), and the row the work-up reads must be the answer for `as_of`. The
    record app never calls this stage (data flows one way), so a change is noticed here.
    """
    case_json, assessment = compute(patient, as_of)
    result = assessment.to_dict()
    digest = fingerprint(case_json)
    with transaction.atomic():
        # Serialises two readers of the same changed record, so only one stores it.
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        latest = latest_assessment(patient)
        if latest is not None and _same_as(latest, digest, result):
            return latest, result, False
        stored = StoredAssessment.objects.create(
            patient=patient,
            computed_for=actor,
            as_of=as_of,
            knowledge_base_version=assessment.knowledge_base_version,
            rules_version=rules_version(result),
            input_fingerprint=digest,
            case=case_json,
            result=result,
            subtype=assessment.subtype.value[:80],
            candidacy=assessment.candidacy.value,
            urgency=assessment.urgency.value,
        )
        audit_event(
            actor=actor,
            ip=ip,
            action=AuditAction.CREATE,
            target=stored,
            summary=f"assessment of {patient.public_id} as of {as_of}: "
            f"{stored.candidacy}/{stored.urgency} ({stored.rules_version})",
        )
    return stored, result, True


def current_assessment(*, patient: Patient, actor: models.Model | None, ip: str | None) -> InForce:
    """The assessment for today and the decision in force (stored anew if today's differs)."""
    stored, result, _ = store_if_changed(
        patient=load_patient(patient.public_id), actor=actor, ip=ip, as_of=timezone.localdate()
    )
    return in_force(stored, result)


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


def sign_off(
    *,
    assessment: StoredAssessment,
    actor: models.Model,
    ip: str | None,
    decision: str,
    candidacy: str = "",
    urgency: str = "",
    reason: str = "",
) -> SignOff:
    """A physician agrees with, or overrides with a reason, the assessment computed for today.

    Refused when the assessment shown is no longer today's (the record, the rules or the date
    changed what is computed): the physician reviews the new one and signs that.
    """
    current = current_assessment(patient=assessment.patient, actor=actor, ip=ip)
    with transaction.atomic():
        if current.stored.pk != assessment.pk:
            raise ValidationError(
                "The record changed since this assessment was computed: review the new "
                "assessment and sign that one."
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
            physician=actor,
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
        audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=signed, summary=summary)
    return signed


def record_meeting_decision(
    *,
    patient: Patient,
    actor: models.Model,
    ip: str | None,
    meeting_on: date,
    outcome: str,
    attendees: str,
    details: str = "",
) -> MeetingDecision:
    """Record what the multidisciplinary meeting decided, against today's assessment."""
    errors = {}
    if meeting_on > timezone.localdate():
        errors["meeting_on"] = "The meeting date is in the future: record a decision once made."
    elif meeting_on < patient.birth_date:
        errors["meeting_on"] = "The meeting date is before the date of birth."
    if not attendees.strip():
        errors["attendees"] = "Say who attended the meeting."
    if errors:
        raise ValidationError(errors)
    # The meeting saw the assessment for today, not a row the date has overtaken.
    current = current_assessment(patient=patient, actor=actor, ip=ip)
    with transaction.atomic():
        decided = MeetingDecision.objects.create(
            patient=patient,
            assessment=current.stored,
            meeting_on=meeting_on,
            outcome=outcome,
            details=details.strip(),
            attendees=attendees.strip(),
            recorded_by=actor,
        )
        audit_event(
            actor=actor,
            ip=ip,
            action=AuditAction.CREATE,
            target=decided,
            summary=f"meeting decision for {patient.public_id}: {decided.outcome} "
            f"(in force: {current.candidacy}/{current.urgency}, {current.state})",
        )
    return decided


def awaiting_sign_off(*, actor: models.Model | None, ip: str | None) -> list[InForce]:
    """Every assessed patient whose assessment for today is unsigned or superseded.

    Each is computed for today (and stored anew if the date or the record changed it), so
    the list never trusts a row the date has overtaken. Superseded ones come first: a
    decision was signed and no longer holds.
    """
    patients = Patient.objects.filter(assessments__isnull=False).distinct().order_by("pk")
    waiting = [
        current
        for patient in patients
        if not (current := current_assessment(patient=patient, actor=actor, ip=ip)).is_signed
    ]
    return sorted(waiting, key=lambda c: (not c.is_superseded, c.stored.patient.family_name))
