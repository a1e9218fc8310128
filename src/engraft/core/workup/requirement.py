"""Whether a work-up item is required, optional or not needed for one child.

A template item carries its default and its conditions as data (edited by administrators);
this module only evaluates them, first matching condition wins, and says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Requirement(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    NOT_NEEDED = "not_needed"


@dataclass(frozen=True)
class PatientContext:
    """What the conditions may look at: the genes reported, the findings present, the form."""

    genes: frozenset[str] = frozenset()
    findings_present: frozenset[str] = frozenset()
    clinical_form: str = "unknown"


@dataclass(frozen=True)
class Condition:
    """`requirement` applies when every given test holds (an empty test is ignored)."""

    requirement: Requirement
    reason: str
    gene_in: frozenset[str] = field(default_factory=frozenset)
    finding_present: frozenset[str] = field(default_factory=frozenset)
    clinical_form_in: frozenset[str] = field(default_factory=frozenset)

    def holds(self, context: PatientContext) -> bool:
        """True when the child matches every test this condition states."""
        if self.gene_in and not (self.gene_in & context.genes):
            return False
        if self.finding_present and not (self.finding_present & context.findings_present):
            return False
        return not (self.clinical_form_in and context.clinical_form not in self.clinical_form_in)


class ConditionError(ValueError):
    """A template item's conditions are not in the documented shape."""


def parse_conditions(raw: Sequence[Mapping[str, Any]]) -> list[Condition]:
    """Read conditions as stored in the template (JSON), refusing unknown keys or values."""
    allowed = {"requirement", "reason", "gene_in", "finding_present", "clinical_form_in"}
    conditions = []
    for index, item in enumerate(raw):
        unknown = set(item) - allowed
        if unknown:
            raise ConditionError(f"condition {index}: unknown key(s) {sorted(unknown)}")
        try:
            requirement = Requirement(item["requirement"])
        except (KeyError, ValueError):
            raise ConditionError(
                f"condition {index}: requirement must be one of {[r.value for r in Requirement]}"
            ) from None
        if not item.get("reason"):
            raise ConditionError(f"condition {index}: a reason is required")
        conditions.append(
            Condition(
                requirement=requirement,
                reason=item["reason"],
                gene_in=frozenset(g.upper() for g in item.get("gene_in", ())),
                finding_present=frozenset(item.get("finding_present", ())),
                clinical_form_in=frozenset(item.get("clinical_form_in", ())),
            )
        )
    return conditions


def requirement_for(
    default: Requirement,
    default_reason: str,
    conditions: Sequence[Condition],
    context: PatientContext,
) -> tuple[Requirement, str]:
    """The requirement of one item for this child, with the reason that decided it."""
    for condition in conditions:
        if condition.holds(context):
            return condition.requirement, condition.reason
    return default, default_reason
