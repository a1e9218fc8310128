"""Lansky play-performance score: shown as a risk modifier, never used to exclude.

Source: clinical.md section 7a (descriptors: MDCalc [V]; Lansky 1987 unverified; use under
16 years, Karnofsky from 16, unverified as a convention). Section 8: record it at candidacy.
"""

from __future__ import annotations

from datetime import date

from engraft.core.assessment.case import LanskyScore
from engraft.core.assessment.dates import add_years
from engraft.core.assessment.result import Conclusion, DataUsed, rule_reason
from engraft.core.knowledge import KnowledgeBase

VALID_SCORES = tuple(range(0, 101, 10))


def assess_lansky(score: LanskyScore | None, date_of_birth: date, kb: KnowledgeBase) -> Conclusion:
    """The Lansky risk modifier, with its descriptor and the survivors' figures for context."""
    upper = int(kb.parameter("lansky_upper_age_years").value)
    if score is None:
        text = "Lansky not recorded: record it at candidacy (patients under 16 years)"
        reason = rule_reason(kb, "S7A-LANSKY", text, (DataUsed("lansky", "not recorded"),))
        return Conclusion("lansky", "not_recorded", "Lansky not recorded", (reason,))
    if score.score not in VALID_SCORES:
        raise ValueError(f"Lansky score must be one of {VALID_SCORES}, got {score.score}")
    descriptor = kb.lansky_descriptors[score.score]
    data = (DataUsed("lansky.score", str(score.score), score.date),)
    reasons = [
        rule_reason(
            kb,
            "S7A-LANSKY",
            f"Lansky {score.score}: {descriptor}. Shown for counselling, never used to exclude",
            data,
            kb.lansky_citations,
        ),
        rule_reason(kb, "S7A-LANSKY", kb.lansky_context.text, data, kb.lansky_context.citations),
    ]
    if score.date >= add_years(date_of_birth, upper):
        param = kb.parameter("lansky_upper_age_years")
        reasons.append(
            rule_reason(
                kb,
                "S7A-LANSKY",
                f"Scored at {upper} years or older: Karnofsky is the convention (unverified)",
                data,
                param.citations,
            )
        )
    return Conclusion(
        "lansky", str(score.score), f"Lansky {score.score}: {descriptor}", tuple(reasons)
    )
