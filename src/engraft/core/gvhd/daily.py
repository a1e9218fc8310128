"""Acute GVHD staged for each day a clinician assessed it, from the ward's entries.

The skin and GI findings come from the day's assessment; the liver from the episode's
bilirubin (the latest of the day or the days before, as gvhd.json allows); the lower GI
volume is the day's stool output in mL divided by the latest weight, averaged over the
assessments of the last days as MAGIC asks (``average_days``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from engraft.core.gvhd.knowledge import GvhdKnowledge, load_gvhd_knowledge
from engraft.core.gvhd.magic import AcuteGvhdGrade, AcuteGvhdInput, stage_acute_gvhd


@dataclass(frozen=True)
class GvhdAssessment:
    """One day's acute GVHD organ findings as entered (None: not assessed that day).

    ``stool_ml`` is the day's total stool output in mL (divided by the weight for the
    paediatric mL/kg/day criterion); the liver is staged from the episode's bilirubin.
    """

    date: date
    rash_bsa_percent: float | None = None
    bullae_bsa_percent: float = 0.0
    stool_ml: float | None = None
    stool_episodes: float | None = None
    persistent_upper_gi_symptoms: bool | None = None
    severe_abdominal_pain_or_ileus: bool = False
    grossly_bloody_stool: bool = False


@dataclass(frozen=True)
class DatedGvhdGrade:
    """The MAGIC stages and grade of one assessment day, with the inputs it used."""

    date: date
    input: AcuteGvhdInput
    grade: AcuteGvhdGrade


def _latest(pairs: Sequence[tuple[date, float]], on: date, oldest: date) -> float | None:
    found = [(d, v) for d, v in pairs if oldest <= d <= on]
    return max(found, key=lambda pair: pair[0])[1] if found else None


def stage_gvhd_days(
    *,
    assessments: Sequence[GvhdAssessment],
    bilirubin: Sequence[tuple[date, float]],
    weights: Sequence[tuple[date, float]],
    as_of: date,
    kb: GvhdKnowledge | None = None,
) -> tuple[DatedGvhdGrade, ...]:
    """The grade of each assessment day up to ``as_of``, oldest first.

    Several assessments of one day: the last one given counts. Raises GvhdInputError (from
    the staging) naming an invalid value.
    """
    kb = kb or load_gvhd_knowledge()
    span = int(kb.average_days.value)
    bilirubin_age = int(kb.bilirubin_max_age_days.value)
    by_day = {a.date: a for a in assessments if a.date <= as_of}
    graded = []
    for on in sorted(by_day):
        today = by_day[on]
        weight = _latest(weights, on, date.min)
        window = [by_day[d] for d in sorted(by_day) if on - timedelta(days=span - 1) <= d <= on]
        # Without a weight the raw mL go through, so the staging names the missing weight.
        volumes = tuple(a.stool_ml / (weight or 1) for a in window if a.stool_ml is not None)
        data = AcuteGvhdInput(
            rash_bsa_percent=today.rash_bsa_percent,
            bullae_bsa_percent=today.bullae_bsa_percent,
            bilirubin_mg_dl=_latest(bilirubin, on, on - timedelta(days=bilirubin_age)),
            persistent_upper_gi_symptoms=today.persistent_upper_gi_symptoms,
            stool_ml_per_kg=volumes,
            stool_episodes=tuple(a.stool_episodes for a in window if a.stool_episodes is not None),
            severe_abdominal_pain_or_ileus=today.severe_abdominal_pain_or_ileus,
            grossly_bloody_stool=today.grossly_bloody_stool,
            weight_kg=weight,
        )
        graded.append(DatedGvhdGrade(on, data, stage_acute_gvhd(data, kb)))
    return tuple(graded)
