"""HCT-CI (Sorror 2005) computed from its items: a risk modifier, never an exclusion.

Source: clinical.md section 7b (weights: pmidcalc HCT-CI page [V]; risk groups and paediatric
figures: Blood 2011;117:2728, BBMT 2015 [V-abs]). Section 8 says there is no source for using
it to exclude a child, so candidacy never reads it.
"""

from __future__ import annotations

from engraft.core.assessment.case import HctCiRecord
from engraft.core.assessment.result import Conclusion, DataUsed, Reason, rule_reason
from engraft.core.knowledge import KnowledgeBase


def hct_ci_score(items: tuple[str, ...], kb: KnowledgeBase) -> int:
    """Sum of item weights; within a graded organ (hepatic, pulmonary) only the worst grade counts.

    Raises KeyError for an item the knowledge base does not define.
    """
    chosen = set(items)
    for group in kb.hct_ci_exclusive_groups:
        graded = [i for i in group if i in chosen]
        if len(graded) > 1:
            worst = max(graded, key=lambda i: kb.hct_ci_items[i][0])
            chosen -= set(graded) - {worst}
    return sum(kb.hct_ci_items[i][0] for i in chosen)


def assess_hct_ci(record: HctCiRecord | None, kb: KnowledgeBase) -> Conclusion:
    """The HCT-CI risk modifier with its risk group and published paediatric figures."""
    if record is None:
        text = "HCT-CI not recorded: record it at candidacy (shown for counselling only)"
        reason = rule_reason(kb, "S7B-HCTCI", text, (DataUsed("hct_ci", "not recorded"),))
        return Conclusion("hct_ci", "not_recorded", "HCT-CI not recorded", (reason,))
    score = hct_ci_score(record.items, kb)
    group = next(
        g
        for g in kb.hct_ci_risk_groups
        if g.minimum <= score and (g.maximum is None or score <= g.maximum)
    )
    data = tuple(
        DataUsed(f"hct_ci.items.{i}", kb.hct_ci_items[i][1], record.date) for i in record.items
    ) or (DataUsed("hct_ci.items", "none", record.date),)
    reasons = (
        Reason(
            "S7B-HCTCI",
            f"HCT-CI {score}, computed from {len(record.items)} item(s)",
            data,
            kb.hct_ci_citations,
        ),
        rule_reason(
            kb,
            "S7B-HCTCI",
            f"Risk group {group.id}: {group.text}. A risk modifier "
            "for counselling, not an exclusion criterion",
            data[:1],
            group.citations,
        ),
    )
    return Conclusion("hct_ci", str(score), f"HCT-CI {score} ({group.id} risk)", reasons)
