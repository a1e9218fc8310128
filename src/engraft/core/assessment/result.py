"""What an assessment returns: conclusions, each with the reasons and sources behind it.

Made to be rendered: every conclusion has a ``value`` (a stable code), a ``label`` (words for a
clinician), ``reasons`` (rule, text, data used with dates, citations) and ``missing`` (data the
conclusion would need and did not have). ``Assessment.to_dict()`` is JSON-serialisable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from engraft.core.knowledge import Citation, KnowledgeBase

SIGN_OFF_NOTICE = (
    "Decision support only: these conclusions show their reasons and sources and need a "
    "clinician's review and sign-off (or override with a reason) before any decision."
)


class Candidacy(StrEnum):
    """HSCT candidacy (DESIGN.md stage 3; clinical.md section 1 stances and section 8)."""

    INDICATED = "indicated"
    EXPERT_REVIEW = "expert_review"
    NOT_INDICATED = "not_indicated"
    NOT_CURATIVE = "not_curative"
    CONTRAINDICATED = "contraindicated"

    @property
    def favourability(self) -> int:
        """Order used to compare outcomes: higher is more favourable to transplant."""
        return _FAVOURABILITY[self]


_FAVOURABILITY = {
    Candidacy.INDICATED: 3,
    Candidacy.EXPERT_REVIEW: 2,
    Candidacy.NOT_INDICATED: 1,
    Candidacy.NOT_CURATIVE: 0,
    Candidacy.CONTRAINDICATED: 0,
}


class Urgency(StrEnum):
    """How soon the transplant pathway should move (clinical.md section 8, rules 3, 4, 7)."""

    EMERGENT = "emergent"
    URGENT = "urgent"
    ELECTIVE = "elective"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class DataUsed:
    """One piece of case data a rule read: which field, its value, and its date if dated."""

    field: str
    value: str
    date: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return {
            "field": self.field,
            "value": self.value,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass(frozen=True)
class Reason:
    """Why a conclusion was reached: the rule that fired, the data it used, and its sources."""

    rule_id: str
    text: str
    data_used: tuple[DataUsed, ...]
    citations: tuple[Citation, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return {
            "rule_id": self.rule_id,
            "text": self.text,
            "data_used": [d.to_dict() for d in self.data_used],
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass(frozen=True)
class Conclusion:
    """One conclusion of the assessment."""

    topic: str
    value: str
    label: str
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()
    in_house: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return {
            "topic": self.topic,
            "value": self.value,
            "label": self.label,
            "in_house": self.in_house,
            "missing": list(self.missing),
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class FindingConflict:
    """Findings of one marker on one date that disagree: the team must resolve which holds."""

    marker: str
    date: date
    statuses: tuple[str, ...]
    counted_as: str  # the most cautious reading, used until the conflict is resolved

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return {
            "marker": self.marker,
            "date": self.date.isoformat(),
            "statuses": list(self.statuses),
            "counted_as": self.counted_as,
        }


@dataclass(frozen=True)
class IgnoredData:
    """A piece of case data the assessment left out, and why (e.g. dated after the as-of)."""

    field: str
    date: date | None
    why: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return {
            "field": self.field,
            "date": self.date.isoformat() if self.date else None,
            "why": self.why,
        }


@dataclass(frozen=True)
class MarkerState:
    """A severity marker of clinical.md section 5 for this child, with the date of the data."""

    marker: str
    label: str
    status: str  # present / absent / unknown / not_assessed / out_of_date (too old to count)
    date: date | None
    source: str  # "finding", "lab (in-house threshold)" or "" when not assessed
    citations: tuple[Citation, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return {
            "marker": self.marker,
            "label": self.label,
            "status": self.status,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass(frozen=True)
class WorkupState:
    """An assessment at diagnosis (section 2c): current, out_of_date, pending or missing."""

    item: str
    label: str
    status: str
    last_date: date | None
    valid_days: int | None
    neuro_screen: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form."""
        return {
            "item": self.item,
            "label": self.label,
            "status": self.status,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "valid_days": self.valid_days,
            "neuro_screen": self.neuro_screen,
        }


@dataclass(frozen=True)
class Assessment:
    """The decision-support view of one case on one date."""

    case_id: str
    as_of: date
    age_days: int
    knowledge_base_version: str
    subtype: Conclusion
    severity: Conclusion
    severity_markers: tuple[MarkerState, ...]
    workup: tuple[WorkupState, ...]
    missing_assessments: Conclusion
    candidacy: Conclusion
    urgency: Conclusion
    recommendations: tuple[Conclusion, ...]
    risk_modifiers: tuple[Conclusion, ...]
    sign_off_required: bool = True
    notice: str = SIGN_OFF_NOTICE
    # Which code and data computed this (engraft.core.knowledge.rules_version()).
    rules_version: str = ""
    # What the page must show beside the conclusions: discordances, conflicts, stale data.
    warnings: tuple[Reason, ...] = ()
    stale_findings: tuple[DataUsed, ...] = ()
    conflicts: tuple[FindingConflict, ...] = ()
    ignored: tuple[IgnoredData, ...] = ()

    def conclusions(self) -> tuple[Conclusion, ...]:
        """Every conclusion, in reading order."""
        head = (self.subtype, self.severity, self.missing_assessments, self.candidacy)
        return (*head, self.urgency, *self.recommendations, *self.risk_modifiers)

    def fired_rules(self) -> frozenset[str]:
        """Ids of every rule that gave a reason or a warning anywhere in the assessment."""
        reasons = frozenset(r.rule_id for c in self.conclusions() for r in c.reasons)
        return reasons | frozenset(w.rule_id for w in self.warnings)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable form (dates as ISO strings)."""
        return {
            "case_id": self.case_id,
            "as_of": self.as_of.isoformat(),
            "age_days": self.age_days,
            "knowledge_base_version": self.knowledge_base_version,
            "sign_off_required": self.sign_off_required,
            "notice": self.notice,
            "subtype": self.subtype.to_dict(),
            "severity": self.severity.to_dict(),
            "severity_markers": [m.to_dict() for m in self.severity_markers],
            "workup": [w.to_dict() for w in self.workup],
            "missing_assessments": self.missing_assessments.to_dict(),
            "candidacy": self.candidacy.to_dict(),
            "urgency": self.urgency.to_dict(),
            "recommendations": [r.to_dict() for r in self.recommendations],
            "risk_modifiers": [r.to_dict() for r in self.risk_modifiers],
            "rules_version": self.rules_version,
            "warnings": [w.to_dict() for w in self.warnings],
            "stale_findings": [d.to_dict() for d in self.stale_findings],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "ignored": [i.to_dict() for i in self.ignored],
        }


def rule_reason(
    kb: KnowledgeBase,
    rule_id: str,
    text: str,
    data_used: tuple[DataUsed, ...] = (),
    extra: tuple[Citation, ...] = (),
) -> Reason:
    """A reason citing the rule's own sources from the knowledge base, plus any ``extra``."""
    citations = kb.rule(rule_id).citations + tuple(
        c for c in extra if c not in kb.rule(rule_id).citations
    )
    return Reason(rule_id, text, data_used, citations)
