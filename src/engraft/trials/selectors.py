"""Reads of the trials stage: the catalogue, the record as trial patients, and the matches.

Matches are computed on every read, for today, from the record as it is now: a new lab,
genotype, sign-off or transplant changes the next page shown, and nothing stale is stored.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from engraft.assessment.in_force import in_force
from engraft.assessment.models import SignOff, StoredAssessment
from engraft.core.assessment import assess
from engraft.core.assessment.case import Case
from engraft.core.assessment.from_record import case_from_record
from engraft.core.assessment.result import Candidacy
from engraft.core.transplant.episode import GraftSource
from engraft.core.trials import Rule, TrialMatch, TrialRecord, match_patient, parse_study
from engraft.core.trials.from_record import (
    EPISODE_DONOR_TYPES,
    AssessmentFacts,
    EpisodeFacts,
    trial_patient_from_record,
)
from engraft.core.trials.matching import Overall
from engraft.core.trials.patient import TrialPatient
from engraft.core.trials.rules import rule_from_dict
from engraft.record.mapping import full_records, to_record
from engraft.record.models import Patient
from engraft.transplant.models import EpisodeStatus, TransplantEpisode

from .models import Enrolment, SiteStatus, Trial

# Overall results in the order a list shows them: who may join first.
OVERALL_ORDER = {Overall.ELIGIBLE: 0, Overall.POSSIBLY_ELIGIBLE: 1, Overall.NOT_ELIGIBLE: 2}


@dataclass(frozen=True)
class ParsedTrial:
    """A catalogue row with its record and curated rule read by the core."""

    trial: Trial
    record: TrialRecord
    rule: Rule | None


# Parsing is pure: a row's parse holds while its stored record and rule are the ones parsed.
# The JSON itself is compared, not only (pk, version): a save that skips the version (a direct
# update) or a reused id (a rolled-back test, a re-created trial) must not get another parse.
_parsed: dict[int, tuple[object, object, TrialRecord, Rule | None]] = {}


def parsed(trial: Trial) -> ParsedTrial:
    """The trial's stored record and rule, parsed once while they stay the same."""
    hit = _parsed.get(trial.pk)
    if hit is None or hit[0] != trial.record or hit[1] != trial.rule:
        rule = rule_from_dict(trial.rule) if trial.rule else None
        # Copies: a caller changing the row's dicts in place must not change the cache's.
        hit = (copy.deepcopy(trial.record), copy.deepcopy(trial.rule),
               parse_study(trial.record), rule)  # fmt: skip
        _parsed[trial.pk] = hit
    return ParsedTrial(trial, hit[2], hit[3])


def open_trials() -> QuerySet[Trial]:
    """Trials open to accrual at this centre."""
    return Trial.objects.filter(site_status=SiteStatus.OPEN).order_by("nct_id")


def _episode_facts(patient: Patient) -> list[EpisodeFacts]:
    out = []
    for episode in patient.transplant_episodes.all():
        closed = episode.status == EpisodeStatus.CLOSED
        # The transplant stage records no "closed for a re-transplant" flag: a closed episode
        # with no later one, while the child has not moved on to follow-up, is awaiting one.
        awaiting_next = (
            closed
            and not any(e.previous_id == episode.pk for e in patient.transplant_episodes.all())
            and patient.pathway_stage != "follow_up"
        )
        out.append(
            EpisodeFacts(
                day0=episode.day0,
                planned=episode.status == EpisodeStatus.PLANNED,
                donor_type=EPISODE_DONOR_TYPES.get(episode.donor_type),
                graft_source=GraftSource(episode.graft_source) if episode.graft_source else None,
                closed_for_retransplant=awaiting_next,
            )
        )
    return out


def _assessment_facts(
    case: Case, stored: StoredAssessment | None, signed: SignOff | None, today: date
) -> AssessmentFacts:
    """Today's assessment of the record, and the candidacy in force: a physician's sign-off
    while today's computed decision is still the one signed, else the computed value (the
    assessment page's rule, ``assessment.in_force``). Nothing is stored here."""
    result = assess(case, today).to_dict()
    candidacy = (
        in_force(stored, result, signed=signed).candidacy
        if stored
        else result["candidacy"]["value"]
    )
    return AssessmentFacts(
        subtype=result["subtype"]["value"], candidacy=Candidacy(candidacy), as_of=today
    )


def trial_patients(
    patients: Iterable[Patient] | QuerySet[Patient], today: date
) -> list[tuple[Patient, TrialPatient]]:
    """Each patient with the matcher's view of their record, in a fixed number of queries."""
    ids = [p.pk for p in patients]
    rows = list(
        full_records()
        .filter(pk__in=ids)
        .prefetch_related(
            Prefetch("transplant_episodes", queryset=TransplantEpisode.objects.order_by("day0"))
        )
        .order_by("family_name", "given_names", "pk")
    )
    latest: dict[int, StoredAssessment] = {}
    for stored in StoredAssessment.objects.filter(patient_id__in=ids).order_by(
        "patient_id", "-computed_at", "-id"
    ):
        latest.setdefault(stored.patient_id, stored)
    # The latest sign-off of each patient (what in_force would look up one by one).
    signed: dict[int, SignOff] = {}
    for sign_off in (
        SignOff.objects.filter(assessment__patient_id__in=ids)
        .select_related("assessment", "physician")
        .order_by("-signed_at", "-id")
    ):
        signed.setdefault(sign_off.assessment.patient_id, sign_off)
    zone = timezone.get_current_timezone()
    out = []
    for patient in rows:
        rec = to_record(patient)
        case = case_from_record(rec, zone)
        seen = trial_patient_from_record(
            rec,
            assessment=_assessment_facts(
                case, latest.get(patient.pk), signed.get(patient.pk), today
            ),
            episodes=_episode_facts(patient),
            today=today,
            zone=zone,
            case=case,
        )
        out.append((patient, seen))
    return out


def trial_patient(patient: Patient, today: date) -> TrialPatient:
    """One patient as the matcher sees them today."""
    return trial_patients([patient], today)[0][1]


@dataclass(frozen=True)
class PatientMatch:
    """One trial's result for one patient, with the enrolment if there is one."""

    trial: ParsedTrial
    match: TrialMatch
    enrolment: Enrolment | None


def matches_for_patient(patient: Patient, today: date) -> list[PatientMatch]:
    """Every open trial's result for ``patient`` today, who may join first; plus any trial the
    child is enrolled in or screened for, open or not."""
    enrolments = {e.trial_id: e for e in Enrolment.objects.filter(patient=patient)}
    trials = Trial.objects.filter(site_status=SiteStatus.OPEN) | Trial.objects.filter(
        pk__in=list(enrolments)
    )
    seen = trial_patient(patient, today)
    out = []
    for trial in trials.distinct().order_by("nct_id"):
        p = parsed(trial)
        out.append(
            PatientMatch(p, match_patient(seen, p.record, p.rule, today=today),
                         enrolments.get(trial.pk))
        )  # fmt: skip
    return sorted(out, key=lambda m: (OVERALL_ORDER[m.match.overall], m.trial.trial.nct_id))


@dataclass(frozen=True)
class TrialCandidate:
    """One patient's result for a trial, with their enrolment in it if there is one."""

    patient: Patient
    match: TrialMatch
    enrolment: Enrolment | None


def candidates_for_trial(trial: Trial, today: date) -> list[TrialCandidate]:
    """Every patient of the centre matched against ``trial`` today, who may join first."""
    p = parsed(trial)
    enrolments = {e.patient_id: e for e in Enrolment.objects.filter(trial=trial)}
    out = [
        TrialCandidate(patient, match_patient(seen, p.record, p.rule, today=today),
                       enrolments.get(patient.pk))
        for patient, seen in trial_patients(Patient.objects.all(), today)
    ]  # fmt: skip
    return sorted(out, key=lambda c: OVERALL_ORDER[c.match.overall])


def overall_counts(results: Sequence[TrialCandidate]) -> dict[str, int]:
    """How many patients fall in each overall result."""
    counts = {o.value: 0 for o in Overall}
    for result in results:
        counts[result.match.overall.value] += 1
    return counts
