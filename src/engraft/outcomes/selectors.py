"""From the database to the outcomes core: every transplant episode as a ``TransplantOutcome``.

Nothing is typed twice. Each event is read from where the record already holds it:

- **neutrophil engraftment** and **graft failure**: the core's evaluation of the episode's
  daily counts (``core.transplant.evaluate_episode``) on the last day of its data (the day
  before the next transplant, the day the episode closed, the death or today). Engrafted:
  the engraftment day. Primary graft failure: the event on the limit day (+30, cord +42) and
  no engraftment. Secondary graft failure: the first low count of the qualifying run. Not
  engrafted yet when the child died: no engraftment and no graft failure (death competes).
  Anything else (no counts, a run still pending, counts lost without support recorded, or
  the next episode opened for a graft failure the counts do not show): unknown.
- **second transplant**: the next episode's day 0; none without one (transplants are opened
  here, so a later one elsewhere would not be known: see docs/outcomes.md).
- **acute GVHD grade II-IV**, **VOD/SOS**, **hypercalcaemia**: the surveillance rules of the
  core on the episode's ward entries and labs (MAGIC grade of the GVHD assessments, the EBMT
  paediatric VOD criteria, calcium above 11.0 mg/dL), up to day 180. The first day a rule is
  met is the event; "none" only when the entries reach the endpoint's reporting day (day 100)
  or the end of follow-up if earlier (and, for VOD, the baselines are recorded); otherwise
  unknown.
- **chronic GVHD**: the physician's diagnosis (its onset); none when no diagnosis is
  recorded for an episode run here, unknown for a past transplant entered as history.
- **death** and **last contact**: the child's current ``VitalStatus``; without one, death is
  unknown and the last contact is the latest day the record shows the child alive (the last
  dated data of the episode, or the next transplant).

A transplant whose data do not hold together (``core.outcomes.records.consistency_problems``)
is left out and reported, never silently mended.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from engraft.core.assessment.case import DonorType as CoreDonorType
from engraft.core.gvhd.magic import GvhdInputError
from engraft.core.outcomes.quality import ProgrammeDates
from engraft.core.outcomes.records import (
    DeathCause,
    Event,
    Problem,
    TransplantOutcome,
    consistency_problems,
)
from engraft.core.surveillance.evaluate import evaluate_surveillance
from engraft.core.transplant.engraftment import EngraftmentStatus
from engraft.core.transplant.episode import GraftSource
from engraft.core.transplant.evaluate import evaluate_episode
from engraft.core.transplant.graft_failure import GraftStatus
from engraft.core.vocabulary import Zygosity
from engraft.record.models import Patient
from engraft.transplant.models import RetransplantReason, TransplantEpisode
from engraft.transplant.selectors import core_episode, data_window
from engraft.transplant.selectors_surveillance import surveillance_inputs

from .models import Vital, VitalStatus

# The transplant app's donor types -> the analytics' (Orchard 2015, Driessen 2003).
DONOR_TYPES = {
    "matched_sibling": CoreDonorType.MSD,
    "matched_related": CoreDonorType.MRD,
    "matched_unrelated": CoreDonorType.MUD,
    "haploidentical": CoreDonorType.MMRD,
    "mismatched_unrelated": CoreDonorType.MMUD,
    "cord": CoreDonorType.UCB,
}
GRAFT_FAILURE_REASONS = {
    RetransplantReason.PRIMARY_GRAFT_FAILURE,
    RetransplantReason.SECONDARY_GRAFT_FAILURE,
    RetransplantReason.REJECTION,
}
SURVEILLANCE_UNTIL_DAY = 180  # the horizon of acute GVHD and hypercalcaemia in the core
COVERED_TO_DAY = 100  # "none" needs entries reaching the reporting day (or the follow-up end)
ACUTE_GVHD_GRADE = 2  # grade II-IV


@dataclass(frozen=True)
class LeftOut:
    """A transplant left out of the cohort, and why."""

    episode: TransplantEpisode
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        reasons = "; ".join(f"{p.field} {p.message}" for p in self.problems)
        who = self.episode.patient.public_id
        return f"transplant {self.episode.number} of patient {who}: {reasons}"


@dataclass(frozen=True)
class Cohort:
    """Every transplant that could be read, and those left out with their problems."""

    outcomes: tuple[TransplantOutcome, ...]
    left_out: tuple[LeftOut, ...] = ()
    episodes: dict[str, TransplantEpisode] = field(default_factory=dict)


def current_vital_status(patient: Patient) -> VitalStatus | None:
    """The latest vital status recorded for the child, if any."""
    return patient.vital_statuses.order_by("-recorded_at", "-id").first()


def _day(day0: date, on: date) -> int:
    return (on - day0).days


def _gene(patient: Patient) -> str | None:
    genes = {
        r.gene.upper()
        for r in patient.genetic_results.filter(voided_at__isnull=True)
        if Zygosity(r.zygosity).is_biallelic
    }
    return genes.pop() if len(genes) == 1 else None


def _last_data_day(core, day0: date) -> int:
    dated = [v.date for v in core.values if v.date >= day0]
    return _day(day0, max(dated)) if dated else 0


def _covered(days: Iterable[int], follow_to: int) -> bool:
    """Whether entries reach the reporting day, or the end of follow-up if that is earlier."""
    return max(days, default=-1) >= min(COVERED_TO_DAY, follow_to)


def episode_outcome(
    episode: TransplantEpisode,
    *,
    vital: VitalStatus | None,
    today: date,
    gene: str | None = None,
) -> TransplantOutcome:
    """One episode as the outcomes core reads it (see the module's docstring for each event)."""
    day0 = episode.day0
    following = sorted(episode.next_episodes.all(), key=lambda e: e.day0)
    next_episode = following[0] if following else None
    dead = vital is not None and vital.status == Vital.DEAD and vital.died_on is not None
    _, window_end = data_window(episode)
    as_of = min(today, window_end, vital.died_on if dead else date.max)  # type: ignore[union-attr]
    as_of = max(as_of, day0)
    core = core_episode(episode, as_of)
    evaluation = evaluate_episode(core, as_of)

    # Death and the end of follow-up.
    if vital is None:
        death = Event.unknown()
        follow_to = _last_data_day(core, day0)
        if next_episode is not None:
            follow_to = max(follow_to, _day(day0, next_episode.day0))
    elif dead:
        death = Event.on(_day(day0, vital.died_on))  # type: ignore[arg-type]
        follow_to = death.day  # type: ignore[assignment]
    else:
        death = Event.none()
        follow_to = _day(day0, vital.last_contact_on)
        if next_episode is not None:
            follow_to = max(follow_to, _day(day0, next_episode.day0))
        follow_to = max(follow_to, _last_data_day(core, day0))

    # Engraftment and graft failure, as the core computed them from the daily counts.
    neutrophil, graft = evaluation.neutrophil, evaluation.graft
    engraftment, failure = Event.unknown(), Event.unknown()
    if neutrophil.status is EngraftmentStatus.ENGRAFTED and neutrophil.day is not None:
        engraftment = Event.on(neutrophil.day)
    if graft.status is GraftStatus.PRIMARY_GRAFT_FAILURE:
        engraftment, failure = Event.none(), Event.on(graft.limit_day)
    elif graft.status is GraftStatus.SECONDARY_GRAFT_FAILURE and graft.qualifying:
        failure = Event.on(graft.qualifying[0].day)
    elif graft.status in (GraftStatus.ENGRAFTED, GraftStatus.LATE_ENGRAFTMENT):
        failure = Event.none()
    elif graft.status is GraftStatus.NOT_YET and dead and neutrophil.measurements:
        engraftment, failure = Event.none(), Event.none()  # died before: the competing event
    if (
        next_episode is not None
        and next_episode.retransplant_reason in GRAFT_FAILURE_REASONS
        and not failure.occurred
    ):
        failure = Event.unknown()  # the next transplant was for a failure the counts do not show

    second = Event.on(_day(day0, next_episode.day0)) if next_episode else Event.none()

    # The surveillance rules on the ward's entries, up to day 180.
    agvhd = vod = calcium = Event.unknown()
    until = min(as_of, day0 + timedelta(days=SURVEILLANCE_UNTIL_DAY))
    try:
        surveillance = evaluate_surveillance(core, surveillance_inputs(episode, until), as_of=until)
    except GvhdInputError:
        surveillance = None
    if surveillance is not None:
        grades = [g for g in surveillance.acute_gvhd if g.date >= day0]
        severe = [g for g in grades if g.grade.grade >= ACUTE_GVHD_GRADE]
        if severe:
            agvhd = Event.on(_day(day0, severe[0].date))
        elif grades and _covered((_day(day0, g.date) for g in grades), follow_to):
            agvhd = Event.none()
        vod_days = sorted(a.day for a in surveillance.vod.alerts if a.day >= 0)
        bilirubin = [_day(day0, on) for on, _ in core.series("bilirubin") if on >= day0]
        if vod_days:
            vod = Event.on(vod_days[0])
        elif not surveillance.vod.missing and _covered(bilirubin, follow_to):
            vod = Event.none()
        high = sorted(a.day for a in surveillance.hypercalcaemia.alerts if a.day >= 0)
        measured = [_day(day0, on) for on, _ in core.series("calcium") if on >= day0]
        if high:
            calcium = Event.on(high[0])
        elif _covered(measured, follow_to):
            calcium = Event.none()

    diagnoses = sorted(
        d.onset for d in episode.chronic_gvhd.filter(voided_at__isnull=True) if d.onset >= day0
    )
    if diagnoses:
        cgvhd = Event.on(_day(day0, diagnoses[0]))
    else:
        cgvhd = Event.unknown() if episode.entered_as_history else Event.none()

    return TransplantOutcome(
        transplant_id=str(episode.public_id),
        transplant_date=day0,
        last_contact_day=follow_to,
        age_at_transplant_days=_day(episode.patient.birth_date, day0),
        donor_type=DONOR_TYPES.get(episode.donor_type),
        graft_source=GraftSource(episode.graft_source) if episode.graft_source else None,
        conditioning=episode.regimen or None,
        gene=gene,
        neutrophil_engraftment=engraftment,
        graft_failure=failure,
        second_transplant=second,
        agvhd_2_4=agvhd,
        cgvhd=cgvhd,
        vod=vod,
        hypercalcaemia=calcium,
        death=death,
        death_cause=DeathCause(vital.cause) if dead and vital and vital.cause else None,
    )


def transplant_cohort(today: date | None = None) -> Cohort:
    """Every episode with day 0 on or before today, as the outcomes core reads it."""
    today = today or timezone.localdate()
    episodes = (
        TransplantEpisode.objects.filter(day0__lte=today)
        .select_related("patient")
        .prefetch_related("next_episodes", "conditioning_agents")
        .order_by("day0", "id")
    )
    outcomes, left_out, by_id = [], [], {}
    vitals: dict[int, VitalStatus | None] = {}
    genes: dict[int, str | None] = {}
    for episode in episodes:
        patient = episode.patient
        if patient.pk not in vitals:
            vitals[patient.pk] = current_vital_status(patient)
            genes[patient.pk] = _gene(patient)
        outcome = episode_outcome(
            episode, vital=vitals[patient.pk], today=today, gene=genes[patient.pk]
        )
        problems = consistency_problems(outcome)
        if problems:
            left_out.append(LeftOut(episode, problems))
            continue
        outcomes.append(outcome)
        by_id[outcome.transplant_id] = episode
    return Cohort(tuple(outcomes), tuple(left_out), by_id)


def programme_dates(today: date | None = None) -> tuple[list[ProgrammeDates], int]:
    """Each referred child's milestones for the quality measures, and how many were left out.

    Referral: the first referral received; assessment: the first physician sign-off of an
    assessment; donor identified: the first primary donor chosen; transplant: the first day 0
    reached. A child whose dates contradict each other is left out and counted.
    """
    today = today or timezone.localdate()
    children, skipped = [], 0
    patients = Patient.objects.prefetch_related(
        "referrals", "assessments__sign_offs", "transplant_episodes"
    )
    from engraft.donors.models import DonorSelection

    primary: dict[int, date] = {}
    for selection in DonorSelection.objects.filter(role="primary").order_by("chosen_at"):
        primary.setdefault(selection.patient_id, timezone.localtime(selection.chosen_at).date())
    for patient in patients:
        referrals = sorted(r.received_on for r in patient.referrals.all())
        if not referrals:
            continue
        signed = sorted(
            timezone.localtime(s.signed_at).date()
            for a in patient.assessments.all()
            for s in a.sign_offs.all()
        )
        days0 = sorted(e.day0 for e in patient.transplant_episodes.all() if e.day0 <= today)
        try:
            children.append(
                ProgrammeDates(
                    child_id=str(patient.public_id),
                    birth_date=patient.birth_date,
                    referral_date=referrals[0],
                    assessment_date=signed[0] if signed else None,
                    donor_identified_date=primary.get(patient.pk),
                    transplant_date=days0[0] if days0 else None,
                )
            )
        except ValueError:
            skipped += 1
    return children, skipped
