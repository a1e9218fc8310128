"""Read the surveillance knowledge (``engraft/core/knowledge/surveillance.json``).

The file is validated against ``surveillance.schema.json`` on load, and every source key must
exist in ``sources.json`` or in the file's own sources; a citation keeps the evidence label of
its entry, except the in-house source, which is always labelled in-house.
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
    """A rule or an information text: an id, its title, wording and citations."""

    id: str
    title: str
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class SeverityRow:
    """One row of the SOS/VOD severity table; ``bounds`` is None where the row is unverified."""

    criterion: str
    text: str
    bounds: tuple[float, float] | None
    inclusive: bool
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class SurveillanceKnowledge:
    """Everything surveillance.json holds, with citations resolved."""

    parameters: dict[str, Fact]
    information: dict[str, CitedText]
    rules: dict[str, CitedText]
    vod_severity: tuple[SeverityRow, ...]

    def value(self, name: str) -> float:
        """The numeric value of a parameter (KeyError names it if absent)."""
        return float(self.parameters[name].value)

    def count(self, name: str) -> int:
        """The integer value of a parameter such as ``vod_rising_days``."""
        return int(self.parameters[name].value)


def _read(name: str) -> Any:
    return json.loads(files(_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def build_surveillance_knowledge(
    data: Any, shared_sources: dict[str, str]
) -> SurveillanceKnowledge:
    """Validate ``data`` (surveillance.json's content) and resolve its citations.

    Raises KnowledgeBaseError naming the first problem: a schema error, a source key defined
    in both files, or an unknown source.
    """
    schema = _read("surveillance.schema.json")
    error = next(iter(Draft202012Validator(schema).iter_errors(data)), None)
    if error is not None:
        raise KnowledgeBaseError(f"surveillance.json {error.json_path}: {error.message}")
    own = {k: v["reference"] for k, v in data["sources"].items()}
    clash = sorted(own.keys() & shared_sources.keys())
    if clash:
        raise KnowledgeBaseError(f"surveillance.json redefines sources.json keys {clash}")
    sources = shared_sources | own

    def cite(raw: dict[str, Any]) -> tuple[Citation, ...]:
        out = []
        for key in raw["sources"]:
            if key not in sources:
                raise KnowledgeBaseError(f"surveillance.json: unknown source key {key!r}")
            label = "in-house" if key == "in-house" else raw["evidence"]
            out.append(Citation(key, sources[key], label))
        return tuple(out)

    def text(raw: dict[str, Any]) -> CitedText:
        return CitedText(raw["id"], raw["title"], raw["text"], cite(raw))

    def row(raw: dict[str, Any]) -> SeverityRow:
        low, high = raw["bounds"]
        bounds = None if low is None or high is None else (float(low), float(high))
        return SeverityRow(
            raw["criterion"], raw["text"], bounds, raw.get("inclusive", False), cite(raw)
        )

    return SurveillanceKnowledge(
        parameters={k: Fact(v["value"], v["text"], cite(v)) for k, v in data["parameters"].items()},
        information={t["id"]: text(t) for t in data["information"]},
        rules={r["id"]: text(r) for r in data["rules"]},
        vod_severity=tuple(row(r) for r in data["vod_severity"]),
    )


@cache
def load_surveillance_knowledge() -> SurveillanceKnowledge:
    """Read surveillance.json once (cached) against the shared sources.json."""
    shared = {k: v["reference"] for k, v in _read("sources.json")["sources"].items()}
    return build_surveillance_knowledge(_read("surveillance.json"), shared)
