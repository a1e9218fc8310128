"""The patient record as trial matching sees it: the one place that knows both shapes.

Mapping only. The record gives demographics, the diagnosis, the genotype, labs and Lansky
(through the assessment's own case mapping, so both stages read the record alike); the
shell adds what later stages hold: the stored assessment's subtype and candidacy, and the
transplant episodes. How the transplant status is read from the episodes is in-house
(docs/trials.md, "The record as a trial patient"):

- a planned episode makes the child a candidate, with its day 0 as the planned day;
- else the latest episode given (day 0 passed) makes them transplanted, unless it was
  closed for a re-transplant (graft failure): then a candidate again;
- with no episode, the candidacy in force decides: indicated or expert review is a
  candidate; not indicated, not curative or contraindicated is not a candidate; none is
  unknown (matching says "cannot determine").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo

from engraft.core.assessment.case import Case, DonorType
from engraft.core.assessment.from_record import case_from_record, local_day
from engraft.core.assessment.result import Candidacy
from engraft.core.fhir.codes import ICD10_OSTEOPETROSIS
from engraft.core.record import patient as record
from engraft.core.record.lab_value import LabValueError, normalise_lab_value
from engraft.core.transplant.episode import GraftSource
from engraft.core.trials.patient import (
    CandidacyStatement,
    Diagnosis,
    GeneFinding,
    LabReading,
    LanskyReading,
    TransplantStatus,
    TrialPatient,
)
from engraft.core.vocabulary import ClinicalForm

# The transplant episode's donor types -> the assessment's (clinical.md section 3 counts a
# haploidentical relative as a mismatched related donor, MMRD).
EPISODE_DONOR_TYPES: dict[str, DonorType] = {
    "matched_sibling": DonorType.MSD,
    "matched_related": DonorType.MRD,
    "haploidentical": DonorType.MMRD,
    "matched_unrelated": DonorType.MUD,
    "mismatched_unrelated": DonorType.MMUD,
    "cord": DonorType.UCB,
}
CANDIDATE_CANDIDACIES = frozenset({Candidacy.INDICATED, Candidacy.EXPERT_REVIEW})
# The assessment's subtype values that settle nothing (core/assessment/subtype.py): they, and
# two diagnoses at once ("A+B"), are no subtype for a trial's diagnosis criterion.
UNSETTLED_SUBTYPES = frozenset(
    {"", "unresolved", "vus_only", "pending", "not_sent", "no_genetic_diagnosis"}
)


@dataclass(frozen=True)
class EpisodeFacts:
    """One transplant episode as matching needs it (planned, given, or closed)."""

    day0: date
    planned: bool  # not yet given: a booked day 0
    donor_type: DonorType | None
    graft_source: GraftSource | None
    closed_for_retransplant: bool = False


@dataclass(frozen=True)
class AssessmentFacts:
    """The stored assessment in force: its subtype and candidacy, and the day it is for."""

    subtype: str | None
    candidacy: Candidacy
    as_of: date


def _transplant(
    episodes: Sequence[EpisodeFacts], candidacy: Candidacy | None, today: date
) -> tuple[TransplantStatus | None, date | None, EpisodeFacts | None, int]:
    given = sorted((e for e in episodes if not e.planned and e.day0 <= today), key=lambda e: e.day0)
    planned = sorted((e for e in episodes if e.planned), key=lambda e: e.day0)
    if planned:
        return TransplantStatus.CANDIDATE, planned[0].day0, planned[0], len(given)
    if given:
        latest = given[-1]
        if latest.closed_for_retransplant:
            return TransplantStatus.CANDIDATE, None, None, len(given)
        return TransplantStatus.TRANSPLANTED, latest.day0, latest, len(given)
    if candidacy is None:
        return None, None, None, 0
    if candidacy in CANDIDATE_CANDIDACIES:
        return TransplantStatus.CANDIDATE, None, None, 0
    return TransplantStatus.NOT_A_CANDIDATE, None, None, 0


def _labs(labs: Sequence[record.LabResult], zone: tzinfo | None) -> tuple[LabReading, ...]:
    out = []
    for lab in labs:
        try:
            value = normalise_lab_value(lab.analyte, lab.value, lab.unit)
        except LabValueError:
            continue  # the record validated it on entry; a catalogue change is not a value
        out.append(
            LabReading(
                value.analyte.key, value.value, value.unit, local_day(lab.collected_at, zone)
            )
        )
    return tuple(out)


def trial_patient_from_record(
    rec: record.PatientRecord,
    *,
    assessment: AssessmentFacts | None,
    episodes: Sequence[EpisodeFacts],
    today: date,
    zone: tzinfo | None = None,
    case: Case | None = None,
) -> TrialPatient:
    """The matcher's view of one child's record on ``today`` (voided facts already left out).

    ``case`` is the assessment's case of the same record when the caller has it already.
    """
    case = case or case_from_record(rec, zone)
    candidacy = assessment.candidacy if assessment else None
    status, day0, episode, prior = _transplant(episodes, candidacy, today)
    testing = case.genetic_testing
    diagnosed = rec.diagnosis.diagnosed_on is not None or (
        rec.diagnosis.clinical_form is not ClinicalForm.UNKNOWN
    )
    subtype = (assessment.subtype or "") if assessment else ""
    return TrialPatient(
        patient_id=rec.id,
        birth_date=rec.demographics.birth_date,
        sex=rec.demographics.sex,
        diagnosis=Diagnosis(
            icd10=ICD10_OSTEOPETROSIS[0] if diagnosed else None,
            clinical_form=rec.diagnosis.clinical_form,
            subtype=None if subtype in UNSETTLED_SUBTYPES or "+" in subtype else subtype,
            date=rec.diagnosis.diagnosed_on,
        ),
        genes=tuple(
            GeneFinding(g.gene, g.zygosity, g.classification, g.reported_on or testing.reported_on)
            for g in case.genetics
        ),
        genetics_reported_on=testing.reported_on if testing.status.value == "reported" else None,
        transplant_status=status,
        day0=day0,
        donor_type=episode.donor_type if episode else case.donor_type,
        graft_source=episode.graft_source if episode else None,
        prior_transplants=prior,
        lansky=LanskyReading(case.lansky.score, case.lansky.date) if case.lansky else None,
        labs=_labs(rec.labs, zone),
        candidacy=CandidacyStatement(assessment.candidacy, assessment.as_of)
        if assessment
        else None,
    )
