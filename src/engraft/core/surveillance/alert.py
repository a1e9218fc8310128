"""What a surveillance rule returns when it fires: the rule, the values and the sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engraft.core.knowledge.loader import Citation


@dataclass(frozen=True)
class TriggerValue:
    """One recorded value a rule read, with its day +N (``value`` may be a finding)."""

    date: date
    day: int
    analyte: str
    value: float | bool
    unit: str = ""


@dataclass(frozen=True)
class SurveillanceAlert:
    """An alert raised on one day, with the values that raised it and the rule's citations."""

    rule_id: str
    title: str
    date: date
    day: int
    values: tuple[TriggerValue, ...]
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]

    @property
    def data_date(self) -> date:
        """The date of the latest value that raised it: the same data raise it once."""
        return max((v.date for v in self.values), default=self.date)
