"""Expected outcome by donor type, for counselling (clinical.md section 3, rule 6).

Never used to decide candidacy: it is shown so the team and family can weigh donor options.
"""

from __future__ import annotations

from engraft.core.assessment.case import DonorType
from engraft.core.assessment.result import Conclusion, DataUsed, Reason, rule_reason
from engraft.core.knowledge import KnowledgeBase


def assess_donor_outcomes(donor_type: DonorType | None, kb: KnowledgeBase) -> Conclusion:
    """Published figures for the donor type under consideration (all types when none is given)."""
    wanted = str(donor_type) if donor_type else None
    rows = [o for o in kb.donor_outcomes if wanted is None or o.donor_type == wanted]
    data = (DataUsed("donor_type", wanted or "not chosen"),)
    reasons = [
        Reason(
            "R6",
            f"{o.donor_type}: {o.measure} {o.percent:g}%"
            + (f" (n={o.n})" if o.n else "")
            + f"; {o.cohort}",
            data,
            o.citations,
        )
        for o in rows
    ]
    reasons += [Reason("R6", t.text, data, t.citations) for t in kb.donor_trends]
    if donor_type is DonorType.UCB:
        reasons.insert(
            0,
            rule_reason(
                kb,
                "R6",
                "Unrelated cord blood: high graft-failure risk "
                "with reduced-intensity conditioning (0/5 engrafted)",
                data,
            ),
        )
    if wanted:
        label = f"Expected outcome for {kb.donor_types[wanted]} (counselling only)"
    else:
        label = "Expected outcome by donor type (counselling only)"
    return Conclusion("donor_outcomes", wanted or "all", label, tuple(reasons))
