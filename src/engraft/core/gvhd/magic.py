"""MAGIC acute GVHD staging per organ and the overall grade, from plain daily inputs.

The table is data (gvhd.json, labelled unverified until a physician checks it against Harris
2016); this module only reads it. Chronic GVHD is not computed: the physician enters the onset
date and the NIH global severity, which ``chronic_gvhd`` validates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from engraft.core.gvhd.knowledge import GvhdKnowledge, load_gvhd_knowledge
from engraft.core.knowledge.loader import Citation

GRADE_LABELS = ("0", "I", "II", "III", "IV")
ORGANS = ("skin", "liver", "upper_gi", "lower_gi")


class GvhdInputError(ValueError):
    """An input to the staging or the chronic GVHD entry is invalid; the message names it."""


@dataclass(frozen=True)
class AcuteGvhdInput:
    """One day's organ findings, as entered (None: not assessed).

    ``stool_ml_per_kg`` and ``stool_episodes`` are the daily totals of the last 1-3 days,
    oldest first; the criteria use their average. ``weight_kg`` chooses the paediatric
    criteria (up to 50 kg) and is needed to stage the lower GI tract from volume or episodes.
    """

    rash_bsa_percent: float | None = None
    bullae_bsa_percent: float = 0.0
    bilirubin_mg_dl: float | None = None
    persistent_upper_gi_symptoms: bool | None = None
    stool_ml_per_kg: Sequence[float] = field(default_factory=tuple)
    stool_episodes: Sequence[float] = field(default_factory=tuple)
    severe_abdominal_pain_or_ileus: bool = False
    grossly_bloody_stool: bool = False
    weight_kg: float | None = None


@dataclass(frozen=True)
class OrganStage:
    """One organ's stage (None when not assessed) and why."""

    organ: str
    stage: int | None
    reason: str


@dataclass(frozen=True)
class AcuteGvhdGrade:
    """The MAGIC stage of each organ and the overall grade (0-4, shown as 0-IV)."""

    organs: tuple[OrganStage, ...]
    grade: int
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]

    @property
    def grade_label(self) -> str:
        """The grade as clinicians write it: "0", "I" ... "IV"."""
        return GRADE_LABELS[self.grade]

    @property
    def complete(self) -> bool:
        """Every organ was assessed (otherwise the grade may understate the disease)."""
        return all(o.stage is not None for o in self.organs)

    def stage(self, organ: str) -> int | None:
        """The stage of ``organ`` ("skin", "liver", "upper_gi", "lower_gi")."""
        return next(o.stage for o in self.organs if o.organ == organ)


def _number(name: str, value: float, *, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GvhdInputError(f"{name}: a number is needed, got {value!r}")
    if value < 0 or (high is not None and value > high):
        bound = f"between 0 and {high:g}" if high is not None else "0 or more"
        raise GvhdInputError(f"{name}: must be {bound}, got {value:g}")
    return float(value)


def _average(name: str, values: Sequence[float], days: int) -> tuple[float, int] | None:
    if not values:
        return None
    if len(values) > days:
        raise GvhdInputError(f"{name}: give the last {days} days at most, got {len(values)}")
    checked = [_number(f"{name}[{i}]", v) for i, v in enumerate(values)]
    return sum(checked) / len(checked), len(checked)


def _skin(data: AcuteGvhdInput, kb: GvhdKnowledge) -> OrganStage:
    if data.rash_bsa_percent is None:
        return OrganStage("skin", None, "skin not assessed")
    rash = _number("rash_bsa_percent", data.rash_bsa_percent, high=100)
    bullae = _number("bullae_bsa_percent", data.bullae_bsa_percent, high=100)
    s4 = kb.skin_stage_4
    if rash > s4.rash_above_percent and bullae > s4.bullae_above_percent:
        return OrganStage("skin", 4, f"skin stage 4: rash {rash:g}% BSA, bullae {bullae:g}% BSA")
    stage, text = kb.organs["skin"].stage_of(rash)
    if stage == 0:
        return OrganStage("skin", 0, "skin stage 0: no active rash")
    return OrganStage("skin", stage, f"skin stage {stage}: rash {rash:g}% BSA ({text})")


def _liver(data: AcuteGvhdInput, kb: GvhdKnowledge) -> OrganStage:
    if data.bilirubin_mg_dl is None:
        return OrganStage("liver", None, "liver not assessed (no bilirubin)")
    bili = _number("bilirubin_mg_dl", data.bilirubin_mg_dl)
    stage, text = kb.organs["liver"].stage_of(bili)
    detail = f" ({text})" if text else " (< 2 mg/dL)"
    return OrganStage("liver", stage, f"liver stage {stage}: bilirubin {bili:g} mg/dL{detail}")


def _upper_gi(data: AcuteGvhdInput, kb: GvhdKnowledge) -> OrganStage:
    if data.persistent_upper_gi_symptoms is None:
        return OrganStage("upper_gi", None, "upper GI not assessed")
    if data.persistent_upper_gi_symptoms:
        _, text = kb.organs["upper_gi"].stage_of(1)
        return OrganStage("upper_gi", 1, f"upper GI stage 1: {text.lower()}")
    return OrganStage("upper_gi", 0, "upper GI stage 0: no persistent nausea, vomiting or anorexia")


def _lower_gi(data: AcuteGvhdInput, kb: GvhdKnowledge) -> OrganStage:
    if data.severe_abdominal_pain_or_ileus or data.grossly_bloody_stool:
        what = (
            "grossly bloody stool"
            if data.grossly_bloody_stool
            else "severe abdominal pain with or without ileus"
        )
        return OrganStage("lower_gi", 4, f"lower GI stage 4: {what}")
    days = int(kb.average_days.value)
    volume = _average("stool_ml_per_kg", data.stool_ml_per_kg, days)
    episodes = _average("stool_episodes", data.stool_episodes, days)
    if volume is None and episodes is None:
        return OrganStage("lower_gi", None, "lower GI not assessed (no stool volume or episodes)")
    if data.weight_kg is None:
        return OrganStage(
            "lower_gi", None, "lower GI not staged: the weight is needed to choose the criteria"
        )
    weight = _number("weight_kg", data.weight_kg)
    if weight == 0:
        raise GvhdInputError("weight_kg: must be more than 0")
    limit = float(kb.paediatric_max_weight_kg.value)
    if weight > limit:
        return OrganStage(
            "lower_gi",
            None,
            f"lower GI not staged: {weight:g} kg is above {limit:g} kg, where the adult "
            "criteria (mL/day) apply and Engraft does not hold them",
        )
    # The volume is the criterion; episodes are used only when the volume is unknown.
    table, (value, n), unit = (
        (kb.organs["lower_gi_volume"], volume, "mL/kg/day")
        if volume is not None
        else (kb.organs["lower_gi_episodes"], episodes, "episodes/day")
    )
    stage, text = table.stage_of(value)
    over = f"{n}-day average" if n == days else f"average of {n} day(s), fewer than {days}"
    detail = f", {text}" if text else ""
    return OrganStage(
        "lower_gi", stage, f"lower GI stage {stage}: {round(value, 2):g} {unit} ({over}{detail})"
    )


def stage_acute_gvhd(data: AcuteGvhdInput, kb: GvhdKnowledge | None = None) -> AcuteGvhdGrade:
    """Stage each organ by the MAGIC table and give the overall grade with its reasons.

    The grade is the highest grade any assessed organ's stage implies (gvhd.json); an organ not
    assessed counts as unknown, is named in the reasons, and leaves ``complete`` False.
    Raises GvhdInputError naming the first invalid input.
    """
    kb = kb or load_gvhd_knowledge()
    organs = (_skin(data, kb), _liver(data, kb), _upper_gi(data, kb), _lower_gi(data, kb))
    grade = 0
    reasons = [o.reason for o in organs]
    for o in organs:
        if o.stage is not None:
            grade = max(grade, kb.implied_grade[o.organ][o.stage])
    drivers = [
        o.organ.replace("_", " ")
        for o in organs
        if o.stage is not None and kb.implied_grade[o.organ][o.stage] == grade and grade > 0
    ]
    if drivers:
        reasons.append(f"grade {GRADE_LABELS[grade]} from {', '.join(drivers)}")
    else:
        reasons.append("grade 0: no organ involved")
    if any(o.stage is None for o in organs):
        reasons.append("incomplete: an organ was not assessed; the grade may be higher")
    citations = kb.organs["skin"].citations + tuple(
        c for c in kb.grade_citations if c not in kb.organs["skin"].citations
    )
    return AcuteGvhdGrade(organs, grade, tuple(reasons), citations)


@dataclass(frozen=True)
class ChronicGvhd:
    """Chronic GVHD as the physician enters it: the onset date and the NIH global severity."""

    onset: date
    severity: str  # "mild", "moderate" or "severe"
    citations: tuple[Citation, ...]


def chronic_gvhd(
    *, onset: date, severity: str, day0: date, today: date, kb: GvhdKnowledge | None = None
) -> ChronicGvhd:
    """Validate a physician's chronic GVHD entry.

    The onset must be a date on or after the infusion (``day0``) and not after ``today``; the
    severity one of the NIH global severities. Raises GvhdInputError naming what is wrong.
    """
    kb = kb or load_gvhd_knowledge()
    if not isinstance(onset, date):
        raise GvhdInputError(f"onset: a date is needed, got {onset!r}")
    if onset > today:
        raise GvhdInputError(f"onset: {onset.isoformat()} is in the future")
    if onset < day0:
        raise GvhdInputError(
            f"onset: {onset.isoformat()} is before the infusion on {day0.isoformat()}"
        )
    if severity not in kb.chronic_severities:
        allowed = ", ".join(kb.chronic_severities)
        raise GvhdInputError(f"severity: {severity!r} is not one of {allowed}")
    return ChronicGvhd(onset, severity, kb.chronic_citations)
