"""Read the transplant knowledge (``engraft/core/knowledge/transplant.json``).

Thresholds of the ASTCT 2021 definitions, the open-case choices Engraft made, conditioning
agents and regimens, and the rules of clinical.md section 8 (rule 6's cord-blood warning,
rule 10's re-transplant alert). The file is validated against ``transplant.schema.json`` on
load, and every source key must exist in ``sources.json`` or in the file's own sources.
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
class CitedText:
    """A rule or a documented choice: an id, its wording and its citations."""

    id: str
    title: str
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Agent:
    """A conditioning agent with the dose units it may be recorded in."""

    id: str
    name: str
    kind: str  # "chemotherapy", "radiotherapy" or "serotherapy"
    units: tuple[str, ...]
    earliest_day: int
    latest_day: int
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class RegimenAgent:
    """One agent of a regimen with its typical (in-house) dose and days relative to day 0."""

    agent: str
    typical_dose: float
    unit: str
    typical_days: tuple[int, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Regimen:
    """A conditioning regimen of the list (the list is data, not code)."""

    id: str
    name: str
    intensity: str  # "myeloablative", "reduced_toxicity" or "reduced_intensity"
    text: str
    agents: tuple[RegimenAgent, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class CellDoseUnit:
    """How a graft's cell dose per kg is shown, e.g. CD34+ in x10^6/kg."""

    label: str
    power_of_ten: int
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class TransplantKnowledge:
    """Everything transplant.json holds, with citations resolved."""

    parameters: dict[str, Fact]
    choices: dict[str, CitedText]
    rules: dict[str, CitedText]
    agents: dict[str, Agent]
    regimens: dict[str, Regimen]
    body_surface_area: Fact
    cell_doses: dict[str, CellDoseUnit]

    def value(self, name: str) -> float:
        """The numeric value of a parameter (KeyError names it if absent)."""
        return float(self.parameters[name].value)

    def count(self, name: str) -> int:
        """The integer value of a parameter such as ``consecutive_measurements``."""
        return int(self.parameters[name].value)


def _read(name: str) -> Any:
    return json.loads(files(_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def transplant_schema() -> dict[str, Any]:
    """The JSON Schema of transplant.json."""
    return _read("transplant.schema.json")


class _Citer:
    def __init__(self, sources: dict[str, str]) -> None:
        self._sources = sources

    def __call__(self, raw: dict[str, Any]) -> tuple[Citation, ...]:
        out = []
        for key in raw["sources"]:
            if key not in self._sources:
                raise KnowledgeBaseError(f"transplant.json: unknown source key {key!r}")
            label = "in-house" if key == "in-house" else raw["evidence"]
            out.append(Citation(key, self._sources[key], label))
        return tuple(out)

    def fact(self, raw: dict[str, Any]) -> Fact:
        return Fact(raw["value"], raw["text"], self(raw))

    def text(self, raw: dict[str, Any]) -> CitedText:
        return CitedText(raw["id"], raw.get("title", ""), raw["text"], self(raw))


def build_transplant_knowledge(data: Any, shared_sources: dict[str, str]) -> TransplantKnowledge:
    """Validate ``data`` (transplant.json's content) and resolve its citations.

    Raises KnowledgeBaseError naming the first problem: a schema error, a source key defined
    in both files, an unknown source or agent.
    """
    error = next(iter(Draft202012Validator(transplant_schema()).iter_errors(data)), None)
    if error is not None:
        raise KnowledgeBaseError(f"transplant.json {error.json_path}: {error.message}")
    own = {k: v["reference"] for k, v in data["sources"].items()}
    clash = sorted(own.keys() & shared_sources.keys())
    if clash:
        raise KnowledgeBaseError(f"transplant.json redefines sources.json keys {clash}")
    cite = _Citer(shared_sources | own)
    agents = {
        a["id"]: Agent(
            a["id"],
            a["name"],
            a["kind"],
            tuple(a["units"]),
            a["earliest_day"],
            a["latest_day"],
            cite(a),
        )
        for a in data["agents"]
    }
    regimens = {}
    for r in data["regimens"]:
        for ra in r["agents"]:
            if ra["agent"] not in agents:
                raise KnowledgeBaseError(f"regimen {r['id']}: unknown agent {ra['agent']!r}")
            if ra["unit"] not in agents[ra["agent"]].units:
                raise KnowledgeBaseError(f"regimen {r['id']}: unit {ra['unit']!r} not allowed")
        regimens[r["id"]] = Regimen(
            r["id"],
            r["name"],
            r["intensity"],
            r["text"],
            tuple(
                RegimenAgent(
                    ra["agent"],
                    float(ra["typical_dose"]),
                    ra["unit"],
                    tuple(ra["typical_days"]),
                    cite(ra),
                )
                for ra in r["agents"]
            ),
            cite(r),
        )
    return TransplantKnowledge(
        parameters={k: cite.fact(v) for k, v in data["parameters"].items()},
        choices={c["id"]: cite.text(c) for c in data["choices"]},
        rules={r["id"]: cite.text(r) for r in data["rules"]},
        agents=agents,
        regimens=regimens,
        body_surface_area=cite.fact(data["body_surface_area"]),
        cell_doses={
            k: CellDoseUnit(v["label"], v["power_of_ten"], cite(v))
            for k, v in data["cell_doses"].items()
        },
    )


@cache
def load_transplant_knowledge() -> TransplantKnowledge:
    """Read transplant.json once (cached) against the shared sources.json."""
    shared = {k: v["reference"] for k, v in _read("sources.json")["sources"].items()}
    return build_transplant_knowledge(_read("transplant.json"), shared)
