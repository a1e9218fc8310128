"""Acute GVHD staged for each day a clinician assessed it, from the ward's entries.

The skin and GI findings come from the day's assessment; the liver from the episode's
bilirubin (the latest of the day or the days before, as gvhd.json allows); the lower GI
volume is the day's stool output in mL divided by the latest weight, averaged over the
assessments of the last days as MAGIC asks (``average_days``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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


class _Latest:
    """The latest value of a series on or before a day, found by bisection.

    Two values of one date: the first given counts (as ``max`` over the pairs would pick).
    """

    def __init__(self, pairs: Sequence[tuple[date, float]]) -> None:
        first: dict[date, float] = {}
        for on, value in pairs:
            first.setdefault(on, value)
        self.dates = sorted(first)
        self.first = first

    def on(self, day: date, oldest: date) -> float | None:
        i = bisect_right(self.dates, day)
        if i == 0 or self.dates[i - 1] < oldest:
            return None
        return self.first[self.dates[i - 1]]


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
    days = sorted(by_day)
    # Indexed once: the ward stages every assessment of hundreds of episodes.
    latest_weight, latest_bilirubin = _Latest(weights), _Latest(bilirubin)
    graded = []
    for i, on in enumerate(days):
        today = by_day[on]
        weight = latest_weight.on(on, date.min)
        start = bisect_left(days, on - timedelta(days=span - 1), 0, i)
        window = [by_day[d] for d in days[start : i + 1]]
        # Without a weight the raw mL go through, so the staging names the missing weight.
        volumes = tuple(a.stool_ml / (weight or 1) for a in window if a.stool_ml is not None)
        data = AcuteGvhdInput(
            rash_bsa_percent=today.rash_bsa_percent,
            bullae_bsa_percent=today.bullae_bsa_percent,
            bilirubin_mg_dl=latest_bilirubin.on(on, on - timedelta(days=bilirubin_age)),
            persistent_upper_gi_symptoms=today.persistent_upper_gi_symptoms,
            stool_ml_per_kg=volumes,
            stool_episodes=tuple(a.stool_episodes for a in window if a.stool_episodes is not None),
            severe_abdominal_pain_or_ileus=today.severe_abdominal_pain_or_ileus,
            grossly_bloody_stool=today.grossly_bloody_stool,
            weight_kg=weight,
        )
        graded.append(DatedGvhdGrade(on, data, stage_acute_gvhd(data, kb)))
    return tuple(graded)
