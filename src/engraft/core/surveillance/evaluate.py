"""Every post-transplant surveillance rule for one episode on one date, evaluated together.

The ward and the patient's transplant page show this (beside the engraftment evaluation of
``core/transplant/evaluate.py``), and ``engraft transplant evaluate`` prints it for a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engraft.core.gvhd.daily import DatedGvhdGrade, stage_gvhd_days
from engraft.core.gvhd.knowledge import GvhdKnowledge
from engraft.core.surveillance.alert import SurveillanceAlert
from engraft.core.surveillance.hypercalcaemia import HypercalcaemiaResult, evaluate_hypercalcaemia
from engraft.core.surveillance.inputs import SurveillanceInputs
from engraft.core.surveillance.knowledge import SurveillanceKnowledge, load_surveillance_knowledge
from engraft.core.surveillance.pulmonary_hypertension import (
    PulmonaryHypertensionResult,
    evaluate_pulmonary_hypertension,
)
from engraft.core.surveillance.vod import VodResult, evaluate_vod
from engraft.core.transplant.episode import Episode


@dataclass(frozen=True)
class SurveillanceEvaluation:
    """The results of each rule as of ``as_of`` and all their alerts, oldest first."""

    as_of: date
    hypercalcaemia: HypercalcaemiaResult
    vod: VodResult
    pulmonary_hypertension: PulmonaryHypertensionResult
    acute_gvhd: tuple[DatedGvhdGrade, ...]
    alerts: tuple[SurveillanceAlert, ...]

    @property
    def latest_gvhd(self) -> DatedGvhdGrade | None:
        """The most recent acute GVHD assessment's grade, if any."""
        return self.acute_gvhd[-1] if self.acute_gvhd else None


def evaluate_surveillance(
    episode: Episode,
    inputs: SurveillanceInputs,
    *,
    as_of: date,
    knowledge: SurveillanceKnowledge | None = None,
    gvhd_knowledge: GvhdKnowledge | None = None,
) -> SurveillanceEvaluation:
    """Hypercalcaemia, SOS/VOD, the pulmonary hypertension prompt and acute GVHD on ``as_of``.

    Nothing dated after ``as_of`` counts. Raises GvhdInputError for an invalid GVHD entry.
    """
    kb = knowledge or load_surveillance_knowledge()
    calcium = evaluate_hypercalcaemia(
        episode, as_of=as_of, genes=inputs.genes, birth_date=inputs.birth_date, knowledge=kb
    )
    vod = evaluate_vod(
        episode,
        as_of=as_of,
        baseline_imaging=inputs.baseline_imaging,
        imaging=inputs.imaging,
        knowledge=kb,
    )
    ph = evaluate_pulmonary_hypertension(
        day0=episode.day0,
        observations=inputs.observations,
        echocardiograms=inputs.echocardiograms,
        as_of=as_of,
        knowledge=kb,
    )
    gvhd = stage_gvhd_days(
        assessments=inputs.gvhd,
        bilirubin=episode.series("bilirubin"),
        weights=episode.series("weight"),
        as_of=as_of,
        kb=gvhd_knowledge,
    )
    alerts = sorted((*calcium.alerts, *vod.alerts, *ph.prompts), key=lambda a: (a.date, a.rule_id))
    return SurveillanceEvaluation(as_of, calcium, vod, ph, gvhd, tuple(alerts))
