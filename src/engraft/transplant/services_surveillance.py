"""Services of the surveillance entries: record and void observations, GVHD, adverse events.

Each is keyword-only, runs in a transaction, writes its audit event and raises
ValidationError naming the field; the GVHD values are checked by the core's staging, so the
form refuses what the rules could not read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.gvhd import AcuteGvhdInput, GvhdInputError, chronic_gvhd, stage_acute_gvhd
from engraft.core.gvhd.daily import GvhdAssessment as CoreGvhdAssessment
from engraft.core.record.findings import fact_date_error

from .models import (
    AdverseEvent,
    AdverseEventKind,
    ChronicGvhdDiagnosis,
    GvhdAssessment,
    TransplantEpisode,
    WardObservation,
)
from .selectors import data_window
from .selectors_surveillance import core_gvhd_assessment

Actor = Any  # the signed-in user, or None for the command line
SPO2_RANGE = (Decimal(0), Decimal(100))
HEART_RATE_RANGE = (20, 300)  # plausibility only (in-house): a rate outside is a typing error
GRADES = range(1, 6)


def _check_day(episode: TransplantEpisode, field: str, on: date | None) -> None:
    """A date of this episode's data: not in the future, not outside the episode's window."""
    if on is None:
        raise ValidationError({field: "Give the date."})
    problem = fact_date_error(on, birth_date=episode.patient.birth_date, today=timezone.localdate())
    if problem:
        raise ValidationError({field: problem})
    start, end = data_window(episode)
    if on < start or on > end:
        last = "today" if end == date.max else f"{end:%d %b %Y}"
        raise ValidationError(
            {
                field: f"{on:%d %b %Y} is outside this transplant's data "
                f"({start:%d %b %Y} to {last})."
            }
        )


def _audit(actor: Actor, ip: str | None, episode: TransplantEpisode, what: str) -> None:
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=episode,
                summary=f"{what} for transplant {episode.number} of patient "
                f"{episode.patient.public_id}")  # fmt: skip


@transaction.atomic
def record_observation(
    *,
    episode: TransplantEpisode,
    actor: Actor,
    ip: str | None,
    observed_on: date,
    spo2_percent: Decimal | None = None,
    heart_rate: int | None = None,
    acute_dyspnoea: bool = False,
    heart_rate_abnormal: bool = False,
    note: str = "",
) -> WardObservation:
    """A ward observation; refused without any value or sign, or with an implausible value."""
    _check_day(episode, "observed_on", observed_on)
    if spo2_percent is not None and not SPO2_RANGE[0] <= spo2_percent <= SPO2_RANGE[1]:
        raise ValidationError({"spo2_percent": f"SpO2 {spo2_percent} % is not between 0 and 100."})
    if heart_rate is not None and not HEART_RATE_RANGE[0] <= heart_rate <= HEART_RATE_RANGE[1]:
        low, high = HEART_RATE_RANGE
        raise ValidationError(
            {"heart_rate": f"A heart rate of {heart_rate}/min is not plausible ({low}-{high})."}
        )
    if spo2_percent is None and heart_rate is None and not (acute_dyspnoea or heart_rate_abnormal):
        raise ValidationError("Record at least one value or sign: SpO2, heart rate, dyspnoea.")
    row = WardObservation.objects.create(
        episode=episode, observed_on=observed_on, spo2_percent=spo2_percent,
        heart_rate=heart_rate, acute_dyspnoea=acute_dyspnoea,
        heart_rate_abnormal=heart_rate_abnormal, note=note.strip()[:300], recorded_by=actor,
    )  # fmt: skip
    _audit(actor, ip, episode, f"observation of {observed_on}")
    return row


def _check_gvhd(assessment: CoreGvhdAssessment) -> None:
    """The core's staging checks each value; its message names the field first."""
    if (
        assessment.rash_bsa_percent is None
        and assessment.persistent_upper_gi_symptoms is None
        and assessment.stool_ml is None
        and assessment.stool_episodes is None
        and not assessment.severe_abdominal_pain_or_ileus
        and not assessment.grossly_bloody_stool
    ):
        raise ValidationError("Assess at least one organ: skin, upper GI or lower GI.")
    try:
        stage_acute_gvhd(
            AcuteGvhdInput(
                rash_bsa_percent=assessment.rash_bsa_percent,
                bullae_bsa_percent=assessment.bullae_bsa_percent,
                persistent_upper_gi_symptoms=assessment.persistent_upper_gi_symptoms,
                stool_episodes=(assessment.stool_episodes,)
                if assessment.stool_episodes is not None
                else (),
            )
        )
    except GvhdInputError as error:
        field, _, message = str(error).partition(": ")
        raise ValidationError({field.split("[")[0]: message.capitalize()}) from None


@transaction.atomic
def record_gvhd_assessment(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None, **fields: Any
) -> GvhdAssessment:
    """One day's acute GVHD organ findings (the fields of GvhdAssessment)."""
    _check_day(episode, "assessed_on", fields.get("assessed_on"))
    if fields.get("bullae_bsa_percent") is None:
        fields["bullae_bsa_percent"] = Decimal(0)
    row = GvhdAssessment(episode=episode, recorded_by=actor, **fields)
    _check_gvhd(core_gvhd_assessment(row))
    if row.rash_bsa_percent is not None and row.bullae_bsa_percent > row.rash_bsa_percent:
        raise ValidationError({"bullae_bsa_percent": "Bullae cannot cover more than the rash."})
    row.save()
    _audit(actor, ip, episode, f"acute GVHD assessment of {row.assessed_on}")
    return row


@transaction.atomic
def record_chronic_gvhd(
    *,
    episode: TransplantEpisode,
    actor: Actor,
    ip: str | None,
    onset: date,
    severity: str,
    note: str = "",
) -> ChronicGvhdDiagnosis:
    """A physician's chronic GVHD diagnosis: onset on or after day 0, NIH global severity."""
    if onset is None:
        raise ValidationError({"onset": "Give the onset date."})
    try:
        chronic_gvhd(onset=onset, severity=severity, day0=episode.day0,
                     today=timezone.localdate())  # fmt: skip
    except GvhdInputError as error:
        field, _, message = str(error).partition(": ")
        raise ValidationError({field: message.capitalize()}) from None
    row = ChronicGvhdDiagnosis.objects.create(
        episode=episode, onset=onset, severity=severity, note=note.strip()[:300],
        recorded_by=actor,
    )  # fmt: skip
    _audit(actor, ip, episode, f"chronic GVHD ({severity}) from {onset}")
    return row


@transaction.atomic
def record_adverse_event(
    *,
    episode: TransplantEpisode,
    actor: Actor,
    ip: str | None,
    onset_on: date,
    kind: str,
    grade: int,
    description: str = "",
    resolved_on: date | None = None,
) -> AdverseEvent:
    """A dated adverse event with its entered grade; "other" says what it was."""
    _check_day(episode, "onset_on", onset_on)
    if kind not in AdverseEventKind.values:
        raise ValidationError({"kind": f"{kind!r} is not a kind of event here."})
    if grade not in GRADES:
        raise ValidationError({"grade": "The grade is 1 to 5."})
    if kind == AdverseEventKind.OTHER and not description.strip():
        raise ValidationError({"description": "Say what the event was."})
    if resolved_on is not None:
        problem = fact_date_error(
            resolved_on, birth_date=episode.patient.birth_date, today=timezone.localdate()
        )
        if problem:
            raise ValidationError({"resolved_on": problem})
        if resolved_on < onset_on:
            raise ValidationError({"resolved_on": "The event cannot resolve before its onset."})
    row = AdverseEvent.objects.create(
        episode=episode, onset_on=onset_on, kind=kind, grade=grade,
        description=description.strip()[:300], resolved_on=resolved_on, recorded_by=actor,
    )  # fmt: skip
    _audit(actor, ip, episode, f"adverse event {row}")
    return row


SURVEILLANCE_KINDS = {
    "observation": WardObservation,
    "gvhd": GvhdAssessment,
    "chronic_gvhd": ChronicGvhdDiagnosis,
    "adverse_event": AdverseEvent,
}
