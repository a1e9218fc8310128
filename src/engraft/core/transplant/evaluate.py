"""Evaluate one episode for an as-of date: engraftment, graft failure, chimerism, alerts.

The one entry point the command and the Django app call. Alerts follow rule 10 of
clinical.md section 8: graft failure (primary or a secondary cytopenia), falling donor
chimerism, or chimerism below 5 % raise "plan re-transplant" (Orchard 2015: graft failure is
the leading cause of death after HSCT for osteopetrosis).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engraft.core.knowledge.loader import Citation
from engraft.core.transplant.body_surface import (
    BodyMeasureError,
    BodySurfaceArea,
    CellDose,
    WeightOnDay0,
    body_surface_area,
    cell_doses_per_kg,
    weight_on_infusion_date,
)
from engraft.core.transplant.chimerism import ChimerismEvaluation, evaluate_chimerism
from engraft.core.transplant.conditioning import (
    ClinicalWarning,
    Problem,
    cord_blood_under_ric_warning,
    validate_conditioning,
)
from engraft.core.transplant.days import day_label, transplant_day
from engraft.core.transplant.engraftment import (
    EngraftmentResult,
    neutrophil_engraftment,
    platelet_engraftment,
)
from engraft.core.transplant.episode import Episode
from engraft.core.transplant.graft_failure import (
    FAILED,
    GraftFailureResult,
    GraftStatus,
    graft_failure,
)
from engraft.core.transplant.knowledge import TransplantKnowledge, load_transplant_knowledge


@dataclass(frozen=True)
class Alert:
    """An alert raised by a rule, with the reasons that raised it and the rule's sources."""

    rule_id: str
    title: str
    text: str
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class BodyMeasures:
    """Weight on the infusion date, BSA and the graft's cell doses per kg, where known."""

    weight: WeightOnDay0 | None
    bsa: BodySurfaceArea | None
    cell_doses: tuple[CellDose, ...]
    missing: tuple[str, ...]  # why a measure could not be computed


def body_measures(episode: Episode, kb: TransplantKnowledge) -> BodyMeasures:
    """Doses per kg use the weight on the infusion date; BSA needs the height too."""
    try:
        weight = weight_on_infusion_date(episode.series("weight"), episode.day0, kb)
    except BodyMeasureError as exc:
        return BodyMeasures(None, None, (), (str(exc),))
    bsa = body_surface_area(weight.kg, episode.height_cm, kb) if episode.height_cm else None
    missing = () if episode.height_cm else ("height_cm: not given, no body surface area",)
    doses = cell_doses_per_kg(episode.graft_cells, weight.kg, kb)
    return BodyMeasures(weight, bsa, doses, missing)


@dataclass(frozen=True)
class EpisodeEvaluation:
    """Everything computed for one episode on one as-of date."""

    episode_id: str
    as_of: date
    day0: date
    day: int
    graft_source: str
    neutrophil: EngraftmentResult
    platelet: EngraftmentResult
    graft: GraftFailureResult
    chimerism: ChimerismEvaluation
    alerts: tuple[Alert, ...]
    conditioning_problems: tuple[Problem, ...]
    warnings: tuple[ClinicalWarning, ...]
    body: BodyMeasures
    ignored_after_as_of: int
    choices: dict[str, str]  # id -> wording of every in-house choice the results applied

    @property
    def day_label(self) -> str:
        """E.g. "day +19"."""
        return day_label(self.day)


def evaluate_episode(
    episode: Episode, as_of: date, kb: TransplantKnowledge | None = None
) -> EpisodeEvaluation:
    """Compute the episode's results for ``as_of``; data dated after it are ignored."""
    kb = kb or load_transplant_knowledge()
    anc = episode.series("anc")
    neutrophil = neutrophil_engraftment(anc, episode.day0, as_of, kb)
    platelet = platelet_engraftment(
        episode.series("platelets"),
        [t.date for t in episode.transfusions if t.product == "platelets"],
        episode.day0,
        as_of,
        kb,
    )
    support = [(t.date, t.product) for t in episode.transfusions if t.date <= as_of]
    support += [(g.date, g.agent) for g in episode.growth_factors if g.date <= as_of]
    graft = graft_failure(neutrophil, anc, support, episode.graft_source, episode.day0, as_of, kb)
    chimerism = evaluate_chimerism(episode.chimerism, episode.day0, as_of, kb)
    reasons: list[str] = []
    if graft.status in FAILED:
        reasons.append(graft.label)
    reasons += chimerism.plan_retransplant_reasons
    alerts = []
    if reasons:
        rule = kb.rules["plan_retransplant"]
        alerts.append(Alert(rule.id, rule.title, rule.text, tuple(reasons), rule.citations))
    if graft.status is GraftStatus.COUNT_LOSS_WITHOUT_SUPPORT:
        alerts.append(
            Alert(
                "count_loss",
                "Loss of neutrophil counts after engraftment",
                "Review for secondary graft failure (in-house alert)",
                graft.reasons,
                kb.parameters["secondary_loss_measurements"].citations,
            )
        )
    problems: tuple[Problem, ...] = ()
    warnings: list[ClinicalWarning] = []
    if episode.conditioning is not None:
        problems = validate_conditioning(episode.conditioning, kb)
        warning = cord_blood_under_ric_warning(
            episode.graft_source.value, episode.conditioning.regimen, kb
        )
        if warning:
            warnings.append(warning)
    dated = [v.date for v in episode.values] + [t.date for t in episode.transfusions]
    dated += [g.date for g in episode.growth_factors] + [c.date for c in episode.chimerism]
    used = {*neutrophil.choices, *platelet.choices, *graft.choices}
    return EpisodeEvaluation(
        episode_id=episode.episode_id,
        as_of=as_of,
        day0=episode.day0,
        day=transplant_day(episode.day0, as_of),
        graft_source=episode.graft_source.value,
        neutrophil=neutrophil,
        platelet=platelet,
        graft=graft,
        chimerism=chimerism,
        alerts=tuple(alerts),
        conditioning_problems=problems,
        warnings=tuple(warnings),
        body=body_measures(episode, kb),
        ignored_after_as_of=sum(1 for d in dated if d > as_of),
        choices={c: kb.choices[c].text for c in sorted(used)},
    )
