"""Read the GVHD knowledge (``engraft/core/knowledge/gvhd.json``).

The MAGIC staging bands of each organ, the overall grade each organ stage implies, and the NIH
chronic GVHD severities, with citations resolved against ``sources.json`` and the file's own
sources. Validated against ``gvhd.schema.json`` on load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator

from engraft.core.knowledge.loader import Citation, Fact, KnowledgeBaseError

_PACKAGE = "engraft.core.knowledge"


@dataclass(frozen=True)
class Band:
    """The lowest value of one stage: ``value > lowest`` (or ``>=`` when inclusive)."""

    stage: int
    lowest: float
    inclusive: bool
    text: str

    def holds(self, value: float) -> bool:
        """Whether ``value`` reaches this stage."""
        return value >= self.lowest if self.inclusive else value > self.lowest


@dataclass(frozen=True)
class OrganTable:
    """One organ's (or measure's) staging bands, lowest stage first."""

    measure: str
    bands: tuple[Band, ...]
    citations: tuple[Citation, ...]

    def stage_of(self, value: float) -> tuple[int, str]:
        """The stage ``value`` reaches and the band's wording ("" for stage 0)."""
        reached = [b for b in self.bands if b.holds(value)]
        return (reached[-1].stage, reached[-1].text) if reached else (0, "")


@dataclass(frozen=True)
class SkinStage4:
    """Skin stage 4: erythroderma over a rash area with bullae over an area."""

    text: str
    rash_above_percent: float
    bullae_above_percent: float


@dataclass(frozen=True)
class GvhdKnowledge:
    """Everything gvhd.json holds, with citations resolved."""

    organs: dict[str, OrganTable]
    skin_stage_4: SkinStage4
    lower_gi_stage_4: Fact
    paediatric_max_weight_kg: Fact
    average_days: Fact
    bilirubin_max_age_days: Fact
    grade_text: str
    implied_grade: dict[str, tuple[int, ...]]
    grade_citations: tuple[Citation, ...]
    chronic_severities: tuple[str, ...]
    chronic_citations: tuple[Citation, ...]


def _read(name: str) -> Any:
    return json.loads(files(_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def gvhd_schema() -> dict[str, Any]:
    """The JSON Schema of gvhd.json."""
    return _read("gvhd.schema.json")


def build_gvhd_knowledge(data: Any, shared_sources: dict[str, str]) -> GvhdKnowledge:
    """Validate ``data`` (gvhd.json's content) and resolve its citations.

    Raises KnowledgeBaseError naming the first problem: a schema error, a source key defined
    in both files, an unknown source, bands out of order.
    """
    error = next(iter(Draft202012Validator(gvhd_schema()).iter_errors(data)), None)
    if error is not None:
        raise KnowledgeBaseError(f"gvhd.json {error.json_path}: {error.message}")
    own = {k: v["reference"] for k, v in data["sources"].items()}
    clash = sorted(own.keys() & shared_sources.keys())
    if clash:
        raise KnowledgeBaseError(f"gvhd.json redefines sources.json keys {clash}")
    sources = shared_sources | own

    def cite(raw: dict[str, Any]) -> tuple[Citation, ...]:
        out = []
        for key in raw["sources"]:
            if key not in sources:
                raise KnowledgeBaseError(f"gvhd.json: unknown source key {key!r}")
            label = "in-house" if key == "in-house" else raw["evidence"]
            out.append(Citation(key, sources[key], label))
        return tuple(out)

    organs = {}
    for name, raw in data["organs"].items():
        bands = tuple(
            Band(b["stage"], float(b["lowest"]), b["inclusive"], b["text"]) for b in raw["bands"]
        )
        stages = [b.stage for b in bands]
        lowest = [b.lowest for b in bands]
        # Stages must rise one by one with rising values, or staging would not be monotone.
        if stages != list(range(1, len(bands) + 1)) or lowest != sorted(lowest):
            raise KnowledgeBaseError(f"gvhd.json organs.{name}: bands must rise from stage 1")
        organs[name] = OrganTable(raw["measure"], bands, cite(raw))
    s4 = data["organs"]["skin"]["stage_4"]
    grade = data["grade"]

    def fact(raw: dict[str, Any]) -> Fact:
        return Fact(raw["value"], raw["text"], cite(raw))

    return GvhdKnowledge(
        organs=organs,
        skin_stage_4=SkinStage4(
            s4["text"], float(s4["rash_above_percent"]), float(s4["bullae_above_percent"])
        ),
        lower_gi_stage_4=fact(data["lower_gi_stage_4"]),
        paediatric_max_weight_kg=fact(data["paediatric_criteria_max_weight_kg"]),
        average_days=fact(data["average_days"]),
        bilirubin_max_age_days=fact(data["bilirubin_max_age_days"]),
        grade_text=grade["text"],
        implied_grade={k: tuple(v) for k, v in grade["implied_by_stage"].items()},
        grade_citations=cite(grade),
        chronic_severities=tuple(data["chronic_severity"]["values"]),
        chronic_citations=cite(data["chronic_severity"]),
    )


@cache
def load_gvhd_knowledge() -> GvhdKnowledge:
    """Read gvhd.json once (cached) against the shared sources.json."""
    shared = {k: v["reference"] for k, v in _read("sources.json")["sources"].items()}
    return build_gvhd_knowledge(_read("gvhd.json"), shared)
