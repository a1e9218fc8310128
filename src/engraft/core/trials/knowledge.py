"""Read the trials knowledge (``engraft/core/knowledge/trials.json``).

It holds the ClinicalTrials.gov conventions the parser and the matcher rely on: the days per
age unit (an in-house choice, software.md gives no factors), that both age limits are
inclusive, and the API v2 ``overallStatus`` values. The file is validated against
``trials.schema.json`` on load; every source key must exist in the file or in ``sources.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator

from engraft.core.knowledge.loader import Citation, KnowledgeBaseError

_PACKAGE = "engraft.core.knowledge"


@dataclass(frozen=True)
class TrialsKnowledge:
    """The conventions of trials.json, with citations resolved."""

    days_per_unit: dict[str, Fraction]
    age_units_citations: tuple[Citation, ...]
    age_units_text: str
    inclusive_text: str
    inclusive_citations: tuple[Citation, ...]
    overall_statuses: frozenset[str]


def _read(name: str) -> Any:
    return json.loads(files(_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def build_trials_knowledge(data: Any, shared_sources: dict[str, str]) -> TrialsKnowledge:
    """Validate ``data`` (trials.json's content) and resolve its citations.

    Raises KnowledgeBaseError naming the first problem (schema error or unknown source).
    """
    error = next(iter(Draft202012Validator(_read("trials.schema.json")).iter_errors(data)), None)
    if error is not None:
        raise KnowledgeBaseError(f"trials.json {error.json_path}: {error.message}")
    references = {**shared_sources, **{k: v["reference"] for k, v in data["sources"].items()}}

    def cite(entry: dict[str, Any], where: str) -> tuple[Citation, ...]:
        out = []
        for key in entry["sources"]:
            if key not in references:
                raise KnowledgeBaseError(f"trials.json {where}: unknown source {key!r}")
            evidence = "in-house" if key == "in-house" else entry["evidence"]
            out.append(Citation(key, references[key], evidence))
        return tuple(out)

    units = data["age_units"]
    inclusive = data["age_limits_inclusive"]
    return TrialsKnowledge(
        # Fractions so that "6 Months" is exactly 182 7/16 days and hours come out as 1/24.
        days_per_unit={
            unit: Fraction(value).limit_denominator(10_000)
            for unit, value in units["days_per_unit"].items()
        },
        age_units_citations=cite(units, "age_units"),
        age_units_text=units["text"],
        inclusive_text=inclusive["text"],
        inclusive_citations=cite(inclusive, "age_limits_inclusive"),
        overall_statuses=frozenset(data["overall_statuses"]["values"]),
    )


@cache
def trials_knowledge() -> TrialsKnowledge:
    """The shipped trials knowledge, read and validated once."""
    shared = {k: v["reference"] for k, v in _read("sources.json")["sources"].items()}
    return build_trials_knowledge(_read("trials.json"), shared)
