"""Read the growth knowledge (``engraft/core/knowledge/growth.json``).

Which references rcpchgrowth computes against (with their citations), the default reference,
the in-house term gestation assumed for every child and the centile lines charted. Validated
against ``growth.schema.json`` on load; every source key must exist in ``sources.json`` or in
the file's own sources.
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
class GrowthReference:
    """A growth reference rcpchgrowth holds ("uk-who", "who", "cdc"), what it is and its sources."""

    id: str
    name: str
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class GrowthKnowledge:
    """Everything growth.json holds, with citations resolved."""

    references: dict[str, GrowthReference]
    default_reference: Fact
    default_gestation_weeks: Fact
    centiles: Fact

    @property
    def centile_values(self) -> tuple[float, ...]:
        """The centiles charted, lowest first (0.4th to 99.6th)."""
        return tuple(float(c) for c in self.centiles.value)


def _read(name: str) -> Any:
    return json.loads(files(_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def growth_schema() -> dict[str, Any]:
    """The JSON Schema of growth.json."""
    return _read("growth.schema.json")


def build_growth_knowledge(data: Any, shared_sources: dict[str, str]) -> GrowthKnowledge:
    """Validate ``data`` (growth.json's content) and resolve its citations.

    Raises KnowledgeBaseError naming the first problem: a schema error, a source key defined
    in both files, an unknown source, a default reference that is not listed.
    """
    error = next(iter(Draft202012Validator(growth_schema()).iter_errors(data)), None)
    if error is not None:
        raise KnowledgeBaseError(f"growth.json {error.json_path}: {error.message}")
    own = {k: v["reference"] for k, v in data["sources"].items()}
    clash = sorted(own.keys() & shared_sources.keys())
    if clash:
        raise KnowledgeBaseError(f"growth.json redefines sources.json keys {clash}")
    sources = shared_sources | own

    def cite(raw: dict[str, Any]) -> tuple[Citation, ...]:
        out = []
        for key in raw["sources"]:
            if key not in sources:
                raise KnowledgeBaseError(f"growth.json: unknown source key {key!r}")
            label = "in-house" if key == "in-house" else raw["evidence"]
            out.append(Citation(key, sources[key], label))
        return tuple(out)

    def fact(raw: dict[str, Any]) -> Fact:
        return Fact(raw["value"], raw["text"], cite(raw))

    references = {
        r["id"]: GrowthReference(r["id"], r["name"], r["text"], cite(r)) for r in data["references"]
    }
    default = fact(data["default_reference"])
    if default.value not in references:
        raise KnowledgeBaseError(f"growth.json: default reference {default.value!r} not listed")
    return GrowthKnowledge(
        references=references,
        default_reference=default,
        default_gestation_weeks=fact(data["default_gestation_weeks"]),
        centiles=fact(data["centiles"]),
    )


@cache
def load_growth_knowledge() -> GrowthKnowledge:
    """Read growth.json once (cached) against the shared sources.json."""
    shared = {k: v["reference"] for k, v in _read("sources.json")["sources"].items()}
    return build_growth_knowledge(_read("growth.json"), shared)
