"""Read the long-term follow-up schedule (``engraft/core/knowledge/followup.json``).

Validated against ``followup.schema.json`` on load; every source key must exist in
``sources.json`` or in the file's own sources, and every item's timepoints must be defined.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator

from engraft.core.knowledge.loader import Citation, KnowledgeBaseError

_PACKAGE = "engraft.core.knowledge"
YEARLY = "yearly"


@dataclass(frozen=True)
class Timepoint:
    """A visit time from day 0: a number of days or of calendar months, with its window."""

    id: str
    label: str
    days: int | None
    months: int | None
    window_before_days: int
    window_after_days: int
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Yearly:
    """The yearly visits from ``from_year`` on, with their window."""

    from_year: int
    window_before_days: int
    window_after_days: int
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class FollowUpItem:
    """A follow-up item (vision, hearing, ...), its discipline and the timepoints it is due."""

    id: str
    title: str
    discipline: str
    timepoints: tuple[str, ...]
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class FollowUpKnowledge:
    """Everything followup.json holds, with citations resolved."""

    timepoints: dict[str, Timepoint]
    yearly: Yearly
    items: dict[str, FollowUpItem]


def _read(name: str) -> Any:
    return json.loads(files(_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def followup_schema() -> dict[str, Any]:
    """The JSON Schema of followup.json."""
    return _read("followup.schema.json")


def build_followup_knowledge(data: Any, shared_sources: dict[str, str]) -> FollowUpKnowledge:
    """Validate ``data`` (followup.json's content) and resolve its citations.

    Raises KnowledgeBaseError naming the first problem: a schema error, a source key defined
    in both files, an unknown source or timepoint.
    """
    error = next(iter(Draft202012Validator(followup_schema()).iter_errors(data)), None)
    if error is not None:
        raise KnowledgeBaseError(f"followup.json {error.json_path}: {error.message}")
    own = {k: v["reference"] for k, v in data["sources"].items()}
    clash = sorted(own.keys() & shared_sources.keys())
    if clash:
        raise KnowledgeBaseError(f"followup.json redefines sources.json keys {clash}")
    sources = shared_sources | own

    def cite(raw: dict[str, Any]) -> tuple[Citation, ...]:
        out = []
        for key in raw["sources"]:
            if key not in sources:
                raise KnowledgeBaseError(f"followup.json: unknown source key {key!r}")
            label = "in-house" if key == "in-house" else raw["evidence"]
            out.append(Citation(key, sources[key], label))
        return tuple(out)

    timepoints = {
        t["id"]: Timepoint(
            t["id"],
            t["label"],
            t.get("days"),
            t.get("months"),
            t["window_before_days"],
            t["window_after_days"],
            cite(t),
        )
        for t in data["timepoints"]
    }
    items = {}
    for i in data["items"]:
        unknown = [t for t in i["timepoints"] if t != YEARLY and t not in timepoints]
        if unknown:
            raise KnowledgeBaseError(f"followup.json item {i['id']}: unknown timepoints {unknown}")
        items[i["id"]] = FollowUpItem(
            i["id"], i["title"], i["discipline"], tuple(i["timepoints"]), i["text"], cite(i)
        )
    y = data["yearly"]
    return FollowUpKnowledge(
        timepoints=timepoints,
        yearly=Yearly(y["from_year"], y["window_before_days"], y["window_after_days"], cite(y)),
        items=items,
    )


@cache
def load_followup_knowledge() -> FollowUpKnowledge:
    """Read followup.json once (cached) against the shared sources.json."""
    shared = {k: v["reference"] for k, v in _read("sources.json")["sources"].items()}
    return build_followup_knowledge(_read("followup.json"), shared)
