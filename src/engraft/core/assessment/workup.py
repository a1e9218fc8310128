"""Assessments at diagnosis (clinical.md section 2c): which are current, out of date or missing.

How long a result stays current has no published source; the windows are in-house
(``valid_days`` in workup.json) and the output says so.
"""

from __future__ import annotations

from datetime import date

from engraft.core.assessment.case import Case, GeneticTestingStatus, WorkupRecordStatus
from engraft.core.assessment.result import Conclusion, DataUsed, Reason, WorkupState
from engraft.core.knowledge import KnowledgeBase, WorkupItem


def item_state(item: WorkupItem, case: Case, as_of: date) -> WorkupState:
    """State of one item on ``as_of``: current, out_of_date, pending or missing.

    Genetic testing reads the case's genetic-testing status; the others read work-up records.
    """
    if item.id == "genetic_testing":
        testing = case.genetic_testing
        status = {
            GeneticTestingStatus.REPORTED: "current",
            GeneticTestingStatus.PENDING: "pending",
            GeneticTestingStatus.NOT_SENT: "missing",
        }[testing.status]
        when = testing.reported_on or testing.requested_on
        return WorkupState(item.id, item.label, status, when, item.valid_days, item.neuro_screen)
    records = [r for r in case.workup if r.item == item.id]
    done = [r.date for r in records if r.status is WorkupRecordStatus.DONE]
    if done:
        last = max(done)
        stale = item.valid_days is not None and (as_of - last).days > item.valid_days
        status = "out_of_date" if stale else "current"
        return WorkupState(item.id, item.label, status, last, item.valid_days, item.neuro_screen)
    if records:
        last = max(r.date for r in records)
        return WorkupState(item.id, item.label, "pending", last, item.valid_days, item.neuro_screen)
    return WorkupState(item.id, item.label, "missing", None, item.valid_days, item.neuro_screen)


def assess_workup(
    case: Case, kb: KnowledgeBase, as_of: date
) -> tuple[tuple[WorkupState, ...], Conclusion]:
    """Every section 2c item's state, and the conclusion listing what is not current."""
    states = tuple(item_state(item, case, as_of) for item in kb.workup)
    items = {item.id: item for item in kb.workup}
    in_house = (kb.in_house,)
    reasons = []
    for state in states:
        if state.status == "current":
            continue
        window = f"; currency window {state.valid_days} days (in-house)" if state.valid_days else ""
        reasons.append(
            Reason(
                "S2C-WORKUP",
                f"{state.label}: {state.status.replace('_', ' ')}{window}",
                (DataUsed(f"workup.{state.item}", state.status, state.last_date),),
                items[state.item].citations + (in_house if state.valid_days else ()),
            )
        )
    not_current = tuple(s.item for s in states if s.status != "current")
    counts = {k: sum(s.status == k for s in states) for k in ("missing", "out_of_date", "pending")}
    if not_current:
        label = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if n)
        value = "incomplete"
    else:
        label, value = "All assessments at diagnosis are current", "complete"
        reasons.append(
            Reason(
                "S2C-WORKUP",
                "Every section 2c assessment is recorded and within its currency window",
                tuple(DataUsed(f"workup.{s.item}", s.status, s.last_date) for s in states),
                kb.rule("S2C-WORKUP").citations,
            )
        )
    conclusion = Conclusion("missing_assessments", value, label, tuple(reasons), not_current)
    return states, conclusion
