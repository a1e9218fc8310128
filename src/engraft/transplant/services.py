"""State changes of the transplant episode. Each runs in a transaction and audits itself.

Services take the acting user (`actor`, None for the command line) and the client address
(`ip`) as keyword arguments. Daily counts are written through the record's lab service and the
weight through the donors' body measurement service, so the flowsheet, the record's forms and
`engraft import-labs` apply the same checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.cohort.shares import PathwayStage
from engraft.core.record.findings import fact_date_error
from engraft.core.transplant.conditioning import (
    RecordedAgent,
    RecordedConditioning,
    validate_conditioning,
)
from engraft.core.transplant.days import day_label_of
from engraft.core.transplant.knowledge import load_transplant_knowledge
from engraft.donors.models import DonorSelection, DonorSource
from engraft.donors.selectors import search_hits
from engraft.record.locking import save_and_advance, save_if_unchanged
from engraft.record.models import BodyMeasurement, LabResult, Patient
from engraft.record.services import record_body_measurement, record_lab_result, void_fact

from .models import (
    ChimerismLineage,
    ChimerismResult,
    ConditioningAgent,
    DonorType,
    EpisodeStatus,
    GraftManipulation,
    GraftSourceChoice,
    GrowthFactorDose,
    RetransplantReason,
    Transfusion,
    TransfusionProduct,
    TransplantEpisode,
)
from .selectors import open_episode as episode_in_progress

Actor = Any  # the signed-in user, or None for the command line

# The flowsheet's analytes: key -> (record analyte key, unit typed on the ward, label).
# Values are typed in the units a European ward reads from its analyser; the record's lab
# service converts them to its canonical units and checks them (the same as import-labs).
FLOWSHEET_ANALYTES: dict[str, tuple[str, str, str]] = {
    "anc": ("anc", "10*9/L", "ANC"),
    "wbc": ("white_cells", "10*9/L", "WBC"),
    "hb": ("haemoglobin", "g/L", "Hb"),
    "platelets": ("platelets", "10*9/L", "Platelets"),
    "calcium": ("calcium", "mmol/L", "Calcium"),
    "bilirubin": ("bilirubin", "umol/L", "Bilirubin"),
    "alt": ("alt", "U/L", "ALT"),
    "creatinine": ("creatinine", "umol/L", "Creatinine"),
}
WEIGHT = "weight"
# The donor types a selection of each source may have.
DONOR_TYPES_OF_SOURCE = {
    DonorSource.FAMILY: {
        DonorType.MATCHED_SIBLING,
        DonorType.MATCHED_RELATED,
        DonorType.HAPLOIDENTICAL,
    },
    DonorSource.REGISTRY: {DonorType.MATCHED_UNRELATED, DonorType.MISMATCHED_UNRELATED},
    DonorSource.CORD: {DonorType.CORD},
}


def collection_time(day: date) -> datetime:
    """The time a flowsheet value of ``day`` is stored at: the morning round, local time."""
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def _check_date(patient: Patient, field: str, on: date | None, *, future_ok: bool = False):
    if on is None:
        return
    if on < patient.birth_date:
        raise ValidationError({field: f"{on:%d %b %Y} is before the date of birth."})
    if not future_ok:
        problem = fact_date_error(on, birth_date=patient.birth_date, today=timezone.localdate())
        if problem:
            raise ValidationError({field: problem})


def readiness_problems(patient: Patient) -> list[str]:
    """Why an episode may not be opened yet (empty when the gate is open and a donor chosen)."""
    problems = []
    plan = getattr(patient, "workup_plan", None)
    if plan is None or plan.ready_at is None:
        problems.append(
            "The work-up readiness gate is not open: the work-up plan must be marked ready."
        )
    if primary_selection(patient) is None:
        problems.append("No primary donor is selected on the donor page.")
    return problems


def primary_selection(patient: Patient) -> DonorSelection | None:
    """The active primary donor selection (the latest if several)."""
    return (
        patient.donor_selections.filter(role=DonorSelection.Role.PRIMARY, withdrawn_at=None)
        .order_by("-chosen_at", "-id")
        .first()
    )


def donor_fields(selection: DonorSelection) -> dict[str, str]:
    """Donor label, match grade, CMV and ABO from the selection and its search snapshot."""
    fields = {"donor_label": selection.donor_label, "match_grade": "", "donor_cmv": "",
              "donor_abo": ""}  # fmt: skip
    if selection.search is not None:
        for hit in search_hits(selection.search):
            if hit.get("source") == selection.source and hit.get("donor_id") == selection.donor_id:
                grade = hit.get("grade_10") or hit.get("grade_8") or {}
                fields["match_grade"] = str(grade.get("label", ""))[:40]
                attributes = hit.get("attributes") or {}
                fields["donor_cmv"] = str(attributes.get("cmv", "") or "")[:10]
                fields["donor_abo"] = str(attributes.get("abo", "") or "")[:10]
                break
    return fields


def _check_choice(field: str, value: str, choices) -> None:
    if value not in choices.values:
        raise ValidationError({field: f"{value!r} is not one of {', '.join(choices.values)}."})


def _check_episode_dates(patient: Patient, fields: Mapping[str, Any], history: bool) -> None:
    day0, admitted = fields.get("day0"), fields.get("admitted_on")
    if day0 is None:
        raise ValidationError({"day0": "Give day 0, the infusion date (planned or actual)."})
    # A planned admission and day 0 may lie ahead; a transplant entered as history may not.
    _check_date(patient, "day0", day0, future_ok=not history)
    _check_date(patient, "admitted_on", admitted, future_ok=not history)
    if admitted and admitted > day0:
        raise ValidationError({"admitted_on": "The admission is after day 0 (the infusion)."})


def _create_episode(
    *, patient: Patient, actor: Actor, ip: str | None, fields: Mapping[str, Any],
    entered_as_history: bool, previous: TransplantEpisode | None = None, reason: str = "",
) -> TransplantEpisode:  # fmt: skip
    if episode_in_progress(patient) is not None:
        raise ValidationError(
            "This child already has a transplant episode in progress; close it (with a "
            "reason) before opening another."
        )
    selection = None
    if not entered_as_history:
        problems = readiness_problems(patient)
        if problems:
            raise ValidationError(["The episode cannot be opened yet.", *problems])
        selection = primary_selection(patient)
    _check_episode_dates(patient, fields, entered_as_history)
    graft_source = fields.get("graft_source", "")
    _check_choice("graft_source", graft_source, GraftSourceChoice)
    donor_type = fields.get("donor_type", "")
    _check_choice("donor_type", donor_type, DonorType)
    manipulation = fields.get("manipulation") or GraftManipulation.NONE
    _check_choice("manipulation", manipulation, GraftManipulation)
    regimen = fields.get("regimen", "")
    if regimen and regimen not in load_transplant_knowledge().regimens:
        raise ValidationError({"regimen": f"{regimen!r} is not a regimen of the list."})
    donor = {
        "donor_label": fields.get("donor_label", ""), "match_grade": fields.get("match_grade", ""),
        "donor_cmv": fields.get("donor_cmv", ""), "donor_abo": fields.get("donor_abo", ""),
    }  # fmt: skip
    if selection is not None:
        if donor_type not in DONOR_TYPES_OF_SOURCE[selection.source]:
            raise ValidationError(
                {"donor_type": f"The selected donor is a {selection.get_source_display()} "
                 f"donor; {DonorType(donor_type).label} does not fit."}
            )  # fmt: skip
        if (selection.source == DonorSource.CORD) != (graft_source == GraftSourceChoice.CORD_BLOOD):
            raise ValidationError(
                {"graft_source": "A cord blood unit is the graft source exactly when the "
                 "selected donor is a cord blood unit."}
            )  # fmt: skip
        donor = donor_fields(selection)
    elif not donor["donor_label"]:
        raise ValidationError({"donor_label": "Name the donor of this past transplant."})
    number = (patient.transplant_episodes.aggregate(n=Max("number"))["n"] or 0) + 1
    today = timezone.localdate()
    status = EpisodeStatus.PLANNED
    if entered_as_history or (fields.get("admitted_on") and fields["admitted_on"] <= today):
        status = EpisodeStatus.ACTIVE
    try:
        with transaction.atomic():
            episode = TransplantEpisode.objects.create(
                patient=patient, number=number, previous=previous, retransplant_reason=reason,
                entered_as_history=entered_as_history, status=status,
                admitted_on=fields.get("admitted_on"), day0=fields["day0"], regimen=regimen,
                gvhd_prophylaxis=fields.get("gvhd_prophylaxis", ""),
                defibrotide_prophylaxis=bool(fields.get("defibrotide_prophylaxis")),
                graft_source=graft_source, donor_selection=selection, donor_type=donor_type,
                manipulation=manipulation, opened_by=actor, updated_by=actor, **donor,
            )  # fmt: skip
    except IntegrityError:
        # Another user opened one at the same moment; the database constraint decided.
        raise ValidationError(
            "Another transplant episode of this child was opened at the same moment; "
            "reload the page to see it."
        ) from None
    audit_event(
        actor=actor, ip=ip, action=AuditAction.CREATE, target=episode,
        summary=f"transplant {number} opened ({status}), day 0 {episode.day0}"
        + (" entered as history" if entered_as_history else "")
        + (f", re-transplant after {previous.number}: {reason}" if previous else ""),
    )  # fmt: skip
    return episode


@transaction.atomic
def open_episode(
    *, patient: Patient, actor: Actor, ip: str | None, fields: Mapping[str, Any],
    entered_as_history: bool = False,
) -> TransplantEpisode:  # fmt: skip
    """Open the child's first (or next) transplant episode.

    Refused unless the work-up readiness gate is open and a primary donor is selected, or the
    episode is entered as history (the view lets only TRANSPLANT_HISTORY holders say so).
    The donor's label, match grade, CMV and ABO come from the selection, never retyped.
    """
    return _create_episode(patient=patient, actor=actor, ip=ip, fields=fields,
                           entered_as_history=entered_as_history)  # fmt: skip


@transaction.atomic
def open_retransplant(
    *, previous: TransplantEpisode, actor: Actor, ip: str | None, fields: Mapping[str, Any],
    reason: str, entered_as_history: bool = False,
) -> TransplantEpisode:  # fmt: skip
    """Open a second (third...) transplant linked to ``previous``, with its reason.

    The previous episode must already be closed with a reason: nothing is closed silently.
    """
    if previous.status != EpisodeStatus.CLOSED:
        raise ValidationError(
            f"Transplant {previous.number} is still in progress; close it with a reason first."
        )
    if not reason:
        raise ValidationError({"retransplant_reason": "Say why the child is transplanted again."})
    _check_choice("retransplant_reason", reason, RetransplantReason)
    return _create_episode(patient=previous.patient, actor=actor, ip=ip, fields=fields,
                           entered_as_history=entered_as_history, previous=previous,
                           reason=reason)  # fmt: skip


@transaction.atomic
def reschedule_episode(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None, version: int,
    admitted_on: date | None, day0: date, discharged_on: date | None = None,
) -> TransplantEpisode:  # fmt: skip
    """Move the admission or day 0 (a planned date may lie ahead; an admission that took
    place may not), and record the discharge. Refused with who saved when the episode changed
    since it was opened. A discharge (on or after day 0, not in the future) ends the episode:
    the child's pathway stage moves to follow-up (see `_enter_follow_up`)."""
    if episode.status == EpisodeStatus.CLOSED:
        raise ValidationError("A closed episode's dates are not changed; open a new one.")
    fields = {"admitted_on": admitted_on, "day0": day0, "discharged_on": discharged_on}
    _check_episode_dates(episode.patient, fields, episode.entered_as_history)
    if episode.status == EpisodeStatus.ACTIVE and admitted_on is None:
        raise ValidationError({"admitted_on": "The child is admitted: give the admission date."})
    if episode.status == EpisodeStatus.ACTIVE:
        _check_date(episode.patient, "admitted_on", admitted_on)
    if discharged_on is not None:
        if episode.status != EpisodeStatus.ACTIVE:
            raise ValidationError({"discharged_on": "The child is not admitted yet."})
        _check_date(episode.patient, "discharged_on", discharged_on)
        if discharged_on < day0:
            raise ValidationError({"discharged_on": "The discharge is before day 0."})
    before = f"admission {episode.admitted_on}, day 0 {episode.day0}"
    save_if_unchanged(episode, version=version, actor=actor, noun="episode", **fields)
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=episode,
                summary=f"dates {before} -> admission {admitted_on}, day 0 {day0}"
                        f", discharge {discharged_on}")  # fmt: skip
    if discharged_on is not None:
        _enter_follow_up(episode, actor=actor, ip=ip, why=f"discharged on {discharged_on}")
    return episode


def _enter_follow_up(episode: TransplantEpisode, *, actor: Actor, ip: str | None, why: str):
    """Move the child to the follow-up stage of the pathway: the transplant episode has ended.

    An episode ends when the discharge is recorded (on or before today) or when it is closed
    for any reason but a re-transplant (the child then stays in the transplant stage). The
    stage moves through `save_and_advance`, so an open form of the record sees the change.
    """
    patient = episode.patient
    if patient.pathway_stage == PathwayStage.FOLLOW_UP:
        return
    before = patient.pathway_stage
    save_and_advance(patient, actor=actor, pathway_stage=PathwayStage.FOLLOW_UP.value)
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient,
                summary=f"pathway stage {before} -> follow_up: transplant {episode.number} "
                        f"{why}")  # fmt: skip


@transaction.atomic
def start_episode(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None, admitted_on: date
) -> TransplantEpisode:
    """Admit the child: the episode is in progress and followed on the ward."""
    if episode.status != EpisodeStatus.PLANNED:
        raise ValidationError(f"This episode is {episode.get_status_display().lower()}.")
    _check_date(episode.patient, "admitted_on", admitted_on)
    if admitted_on > episode.day0:
        raise ValidationError({"admitted_on": "The admission is after day 0 (the infusion)."})
    episode.status, episode.admitted_on = EpisodeStatus.ACTIVE, admitted_on
    episode.updated_by = actor
    episode.version += 1
    episode.save(update_fields=["status", "admitted_on", "updated_by", "version", "updated_at"])
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=episode,
                summary=f"admitted on {admitted_on}")  # fmt: skip
    return episode


@transaction.atomic
def close_episode(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None, closed_on: date, reason: str,
    for_retransplant: bool = False,
) -> TransplantEpisode:  # fmt: skip
    """Close the episode with a reason (end of follow-up, graft failure before a re-transplant).

    Unless it is closed for a re-transplant, the episode has ended: the child's pathway stage
    moves to follow-up."""
    if episode.status == EpisodeStatus.CLOSED:
        raise ValidationError("This episode is already closed.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the episode is closed."})
    _check_date(episode.patient, "closed_on", closed_on)
    if episode.admitted_on and closed_on < episode.admitted_on:
        raise ValidationError({"closed_on": "The episode cannot close before the admission."})
    episode.status, episode.closed_on = EpisodeStatus.CLOSED, closed_on
    episode.close_reason = reason.strip()[:300]
    episode.updated_by = actor
    episode.version += 1
    episode.save(update_fields=["status", "closed_on", "close_reason", "updated_by", "version",
                                "updated_at"])  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=episode,
                summary=f"closed on {closed_on}: {episode.close_reason}"
                        + (" (for a re-transplant)" if for_retransplant else ""))  # fmt: skip
    if not for_retransplant:
        _enter_follow_up(episode, actor=actor, ip=ip, why=f"closed on {closed_on}")
    return episode


def _agent_errors(problems) -> dict[str, list[str]]:
    """The core's paths ("conditioning.agents[2].unit") as the form rows' field names."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        if problem.severity != "error":
            continue
        path = problem.path.removeprefix("conditioning.")
        if path.startswith("agents["):
            index, _, field = path.removeprefix("agents[").partition("].")
            key = f"agents-{index}-{field if field != 'days' else 'first_day'}"
        else:
            key = path
        errors.setdefault(key, []).append(problem.message)
    return errors


@transaction.atomic
def update_conditioning(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None, version: int, regimen: str,
    gvhd_prophylaxis: str, defibrotide_prophylaxis: bool, agents: list[Mapping[str, Any]],
) -> TransplantEpisode:  # fmt: skip
    """Record the regimen and the agents given, checked by the core's conditioning validator.

    Each agent is {agent, dose, unit, first_day, last_day}; errors name the agent's row
    (``agents-N-field``). Refused with who saved when the episode changed since it was opened.
    """
    recorded = []
    errors: dict[str, list[str]] = {}
    for i, row in enumerate(agents):
        first, last = row.get("first_day"), row.get("last_day")
        if first is None or last is None:
            errors.setdefault(f"agents-{i}-first_day", []).append("Give the first and last day.")
            continue
        if last < first:
            errors.setdefault(f"agents-{i}-last_day", []).append(
                f"The last day ({last:+d}) is before the first ({first:+d})."
            )
            continue
        days = tuple(range(first, last + 1))
        dose = float(row.get("dose") or 0)
        recorded.append(RecordedAgent(row.get("agent", ""), dose, row.get("unit", ""), days))
    if errors:
        raise ValidationError(errors)
    problems = validate_conditioning(RecordedConditioning(regimen, tuple(recorded)))
    errors = _agent_errors(problems)
    if errors:
        raise ValidationError(errors)
    save_if_unchanged(episode, version=version, actor=actor, noun="conditioning",
                      regimen=regimen, gvhd_prophylaxis=gvhd_prophylaxis,
                      defibrotide_prophylaxis=defibrotide_prophylaxis)  # fmt: skip
    # The agents are the plan of this version of the form; the audit event keeps what changed.
    before = "; ".join(str(a) for a in episode.conditioning_agents.all()) or "none"
    episode.conditioning_agents.all().delete()
    ConditioningAgent.objects.bulk_create(
        ConditioningAgent(episode=episode, agent=a["agent"], dose=Decimal(str(a["dose"])),
                          unit=a["unit"], first_day=a["first_day"], last_day=a["last_day"])
        for a in agents
    )  # fmt: skip
    after = "; ".join(str(a) for a in episode.conditioning_agents.all()) or "none"
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=episode,
                summary=f"conditioning {regimen}: {before} -> {after}")  # fmt: skip
    return episode


@transaction.atomic
def update_graft(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None, version: int,
    graft_source: str, manipulation: str, tnc_total: float | None, cd34_total: float | None,
    cd3_total: float | None,
) -> TransplantEpisode:  # fmt: skip
    """Record the graft: source, manipulation and the product's cell totals (absolute cells)."""
    _check_choice("graft_source", graft_source, GraftSourceChoice)
    _check_choice("manipulation", manipulation, GraftManipulation)
    for field, value in (("tnc_total", tnc_total), ("cd34_total", cd34_total),
                         ("cd3_total", cd3_total)):  # fmt: skip
        if value is not None and not value >= 0:
            raise ValidationError({field: "A cell count cannot be negative."})
    if episode.donor_selection is not None and (
        (episode.donor_selection.source == DonorSource.CORD)
        != (graft_source == GraftSourceChoice.CORD_BLOOD)
    ):
        raise ValidationError(
            {"graft_source": "A cord blood unit is the graft source exactly when the selected "
             "donor is a cord blood unit."}
        )  # fmt: skip
    save_if_unchanged(episode, version=version, actor=actor, noun="graft",
                      graft_source=graft_source, manipulation=manipulation, tnc_total=tnc_total,
                      cd34_total=cd34_total, cd3_total=cd3_total)  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=episode,
                summary=f"graft {graft_source}, {manipulation}, TNC {tnc_total}, "
                        f"CD34 {cd34_total}, CD3 {cd3_total}")  # fmt: skip
    return episode


def _cell(day: date, key: str) -> str:
    return f"{day.isoformat()}-{key}"


def _label(key: str) -> str:
    return "Weight" if key == WEIGHT else FLOWSHEET_ANALYTES[key][2]


def _replace_flowsheet_row(actor, ip, rows) -> None:
    """A changed cell replaces the value the flowsheet stored for that day: voided, kept."""
    for row in rows:
        void_fact(fact=row, actor=actor, ip=ip, reason="replaced in the transplant flowsheet")


def value_and_unit(text: str, column_unit: str) -> tuple[str, str]:
    """Split "11.4 mg/dL" into ("11.4", "mg/dL"); a bare number takes the column's unit.

    A laboratory may report in another unit than the column's: the record converts it (and
    refuses a unit it does not know, naming it), so the nurse types what the report says.
    """
    number, _, unit = text.partition(" ")
    return (number, unit.strip()) if unit.strip() else (text, column_unit)


def _write_day(episode, actor, ip, day: date, values: Mapping[str, str]) -> dict[str, list[str]]:
    """Write one day's values, each in its own savepoint; the errors by cell (none written)."""
    errors: dict[str, list[str]] = {}
    where = f"{day:%d %b %Y} ({day_label_of(episode.day0, day)})"
    for key, raw in values.items():
        text = (raw or "").strip()
        if not text:
            continue
        if key != WEIGHT and key not in FLOWSHEET_ANALYTES:
            errors[_cell(day, key)] = [f"{key!r} is not a column of the flowsheet."]
            continue
        try:
            with transaction.atomic():
                if key == WEIGHT:
                    try:
                        weight = Decimal(text.replace(",", "."))
                    except InvalidOperation:
                        raise ValidationError({"weight_kg": f"{text!r} is not a number"}) from None
                    _replace_flowsheet_row(actor, ip, BodyMeasurement.objects.filter(
                        patient=episode.patient, measured_on=day, weight_kg__isnull=False,
                        height_cm__isnull=True, voided_at__isnull=True))  # fmt: skip
                    record_body_measurement(
                        patient=episode.patient, actor=actor, ip=ip, measured_on=day,
                        weight_kg=weight, height_cm=None,
                    )  # fmt: skip
                else:
                    analyte, unit, _ = FLOWSHEET_ANALYTES[key]
                    text, unit = value_and_unit(text, unit)
                    _replace_flowsheet_row(actor, ip, LabResult.objects.filter(
                        patient=episode.patient, analyte=analyte,
                        collected_at=collection_time(day), voided_at__isnull=True))  # fmt: skip
                    record_lab_result(patient=episode.patient, actor=actor, ip=ip,
                                      analyte=analyte, value=text, unit=unit,
                                      collected_at=collection_time(day))  # fmt: skip
        except ValidationError as error:
            errors[_cell(day, key)] = [f"{_label(key)} on {where}: {m}" for m in error.messages]
    return errors


@transaction.atomic
def record_daily_values(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None, day: date,
    values: Mapping[str, str],
) -> int:  # fmt: skip
    """Write one day's flowsheet values (as typed, in the flowsheet's units): all or nothing.

    Keys are FLOWSHEET_ANALYTES keys and "weight". Each value goes through the record's
    service (the same checks as import-labs); a ValidationError keyed "YYYY-MM-DD-key" names
    the analyte and the day of every wrong value, and nothing of the day is saved.
    """
    return record_flowsheet(episode=episode, actor=actor, ip=ip, days={day: values})


@transaction.atomic
def record_flowsheet(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None,
    days: Mapping[date, Mapping[str, str]],
) -> int:  # fmt: skip
    """Write the flowsheet form's days in one transaction: every value or none of them."""
    errors: dict[str, list[str]] = {}
    written = 0
    for day, values in sorted(days.items()):
        day_errors = _write_day(episode, actor, ip, day, values)
        errors.update(day_errors)
        written += sum(1 for v in values.values() if (v or "").strip())
    if errors:
        raise ValidationError(errors)
    if written:
        dated = ", ".join(d.isoformat() for d in sorted(days) if any(days[d].values()))
        audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=episode,
                    summary=f"flowsheet: {written} value(s) for {dated}")  # fmt: skip
    return written


def _check_support_date(episode: TransplantEpisode, field: str, on: date) -> None:
    _check_date(episode.patient, field, on)


@transaction.atomic
def record_transfusion(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None, given_on: date, product: str,
    volume_ml: Decimal | None = None,
) -> Transfusion:  # fmt: skip
    """A platelet or red-cell transfusion (it blocks platelet engraftment for 7 days)."""
    _check_choice("product", product, TransfusionProduct)
    _check_support_date(episode, "given_on", given_on)
    if volume_ml is not None and not volume_ml > 0:
        raise ValidationError({"volume_ml": "The volume must be more than 0 mL."})
    row = Transfusion.objects.create(episode=episode, given_on=given_on, product=product,
                                     volume_ml=volume_ml, recorded_by=actor)  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=row,
                summary=f"transfusion {row} ({day_label_of(episode.day0, given_on)})")  # fmt: skip
    return row


@transaction.atomic
def record_growth_factor(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None, given_on: date, agent: str
) -> GrowthFactorDose:
    """A growth factor dose (e.g. G-CSF), support that counts for secondary graft failure."""
    _check_support_date(episode, "given_on", given_on)
    if not agent.strip():
        raise ValidationError({"agent": "Name the growth factor."})
    row = GrowthFactorDose.objects.create(episode=episode, given_on=given_on,
                                          agent=agent.strip()[:40], recorded_by=actor)  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=row,
                summary=f"growth factor {row.agent} on {given_on}")  # fmt: skip
    return row


@transaction.atomic
def record_chimerism(
    *, episode: TransplantEpisode, actor: Actor, ip: str | None, sampled_on: date,
    lineage: str, donor_percent: Decimal, method: str = "", laboratory: str = "",
) -> ChimerismResult:  # fmt: skip
    """A donor chimerism result of one lineage (% donor)."""
    _check_choice("lineage", lineage, ChimerismLineage)
    _check_support_date(episode, "sampled_on", sampled_on)
    if not Decimal(0) <= donor_percent <= Decimal(100):
        raise ValidationError({"donor_percent": f"{donor_percent} % is not between 0 and 100."})
    row = ChimerismResult.objects.create(
        episode=episode, sampled_on=sampled_on, lineage=lineage, donor_percent=donor_percent,
        method=method[:60], laboratory=laboratory[:160], recorded_by=actor,
    )  # fmt: skip
    audit_event(actor=actor, ip=ip, action=AuditAction.CREATE, target=row,
                summary=f"chimerism {row}")  # fmt: skip
    return row


@transaction.atomic
def void_entry(
    *, entry: Transfusion | GrowthFactorDose | ChimerismResult, actor: Actor, ip: str | None,
    reason: str,
) -> None:  # fmt: skip
    """Mark a transfusion, growth factor dose or chimerism result entered in error."""
    if entry.is_voided:
        raise ValidationError("This entry is already void.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this is voided."})
    entry.voided_at = timezone.now()
    entry.voided_by = actor
    entry.void_reason = reason.strip()[:300]
    entry.save(update_fields=["voided_at", "voided_by", "void_reason"])
    what = f"{entry._meta.model_name} {entry.public_id}"
    audit_event(actor=actor, ip=ip, action=AuditAction.CHANGE, target=entry.episode,
                summary=f"voided {what}: {reason.strip()}")  # fmt: skip


__all__ = [
    "FLOWSHEET_ANALYTES",
    "close_episode",
    "open_episode",
    "open_retransplant",
    "readiness_problems",
    "record_chimerism",
    "record_daily_values",
    "record_flowsheet",
    "record_growth_factor",
    "record_transfusion",
    "reschedule_episode",
    "start_episode",
    "update_conditioning",
    "update_graft",
    "void_entry",
]
