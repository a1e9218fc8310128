"""ClinicalTrials.gov age limits ("6 Months", "18 Years") as whole days.

An age string is ``"<n> <Unit>"`` with unit Years, Months, Weeks, Days, Hours or Minutes; an
absent field or "N/A" means no limit (software.md section 3.5). The days per unit are in the
knowledge base (trials.json: 365.25 days a year, 30.4375 a month; an in-house choice). Both
limits are inclusive, so the exact limit in days (a fraction) becomes the whole-day bound that
says the same thing: rounded up for a minimum, down for a maximum. "6 Months" as a minimum is
182.625 days, so a child of 183 days meets it and one of 182 days does not.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from engraft.core.trials.knowledge import trials_knowledge

_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+(Year|Month|Week|Day|Hour|Minute)s?\s*$", re.IGNORECASE)
NO_LIMIT = ("", "N/A", "NA")


class LimitKind(StrEnum):
    """Which end of the age range a limit is."""

    MINIMUM = "minimum"
    MAXIMUM = "maximum"


class AgeStringError(ValueError):
    """The text is not a ClinicalTrials.gov age."""


@dataclass(frozen=True)
class AgeLimit:
    """One published age limit: the text as published and the inclusive whole-day bound."""

    text: str  # as published, e.g. "6 Months"
    kind: LimitKind
    exact_days: Fraction  # the number times the unit's days
    days: int  # inclusive whole-day bound: ceil for a minimum, floor for a maximum

    def admits(self, age_days: int) -> bool:
        """Whether a person aged ``age_days`` whole days is inside this limit (inclusive)."""
        if self.kind is LimitKind.MINIMUM:
            return age_days >= self.days
        return age_days <= self.days


def parse_age_limit(text: str | None, kind: LimitKind) -> AgeLimit | None:
    """Parse an age string; None for an absent field or "N/A" (no limit).

    Raises AgeStringError when the text is present but not ``"<n> <Unit>"``.
    """
    if text is None or text.strip().upper() in NO_LIMIT:
        return None
    match = _AGE.match(text)
    if match is None:
        raise AgeStringError(f"{text!r} is not an age (expected e.g. '6 Months' or '18 Years')")
    number, unit = Fraction(match.group(1)), match.group(2).capitalize() + "s"
    exact = number * trials_knowledge().days_per_unit[unit]
    bound = math.ceil(exact) if kind is LimitKind.MINIMUM else math.floor(exact)
    return AgeLimit(text=text, kind=kind, exact_days=exact, days=bound)
