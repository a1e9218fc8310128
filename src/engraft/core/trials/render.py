"""Trial matches as text for a coordinator, or JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from engraft.core.trials.criteria_eval import Outcome
from engraft.core.trials.matching import NOT_ASSESSED, CriterionResult, Overall, TrialMatch

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
OVERALL_WORDS = {
    Overall.ELIGIBLE: "ELIGIBLE",
    Overall.POSSIBLY_ELIGIBLE: "POSSIBLY ELIGIBLE",
    Overall.NOT_ELIGIBLE: "NOT ELIGIBLE",
}
OUTCOME_WORDS = {
    Outcome.MEETS: "meets",
    Outcome.DOES_NOT_MEET: "does not meet",
    Outcome.CANNOT_DETERMINE: "cannot determine",
}
NOTICE = (
    "Decision support only: a research coordinator confirms eligibility against the full protocol."
)


def local_date(value: date) -> str:
    """A date as the pages show it: "2 Dec 2026"."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def criterion_line(result: CriterionResult) -> str:
    """One criterion in words: its label, outcome, test, the patient's value and what is missing."""
    text = f"{result.label}: {OUTCOME_WORDS[result.outcome]}"
    if result.test and result.test not in ("and", "or"):
        text += f" [{result.test}]"
    if result.patient_value is not None:
        text += f"; patient: {result.patient_value}"
        if result.value_date:
            text += f" ({local_date(result.value_date)})"
    if result.missing:
        text += f"; missing: {', '.join(result.missing)}"
    return text


def match_to_text(match: TrialMatch) -> str:
    """One trial's result with its reasons, for a terminal."""
    lines = [f"{match.nct_id}  {OVERALL_WORDS[match.overall]}  {match.brief_title}"]
    lines.append(f"  status {match.overall_status}; as of {local_date(match.as_of)}")
    if match.failing:
        lines.append("  fails:")
        lines += [f"    - {criterion_line(r)}" for r in match.failing]
    if match.to_check:
        lines.append("  to check (cannot determine):")
        lines += [f"    - {criterion_line(r)}" for r in match.to_check]
    met = [r for c in match.criteria for r in leaves(c) if r.outcome is Outcome.MEETS]
    if met:
        lines.append("  meets:")
        lines += [f"    - {criterion_line(r)}" for r in met]
    if match.not_assessed:
        lines.append(f"  {NOT_ASSESSED} (for a human):")
        lines += [f"    - {i.id} ({i.section.value}): {i.text}" for i in match.not_assessed]
    lines += [f"  warning: {w}" for w in match.warnings]
    return "\n".join(lines) + "\n"


def leaves(result: CriterionResult) -> list[CriterionResult]:
    """The leaf criteria under ``result`` (a ``not`` over a leaf counts as one), in order."""
    if result.is_leaf:
        return [result]
    return [leaf for child in result.children for leaf in leaves(child)]


def matches_to_text(patient_id: str, matches: Sequence[TrialMatch]) -> str:
    """Every trial's result for one patient, most promising first."""
    order = {Overall.ELIGIBLE: 0, Overall.POSSIBLY_ELIGIBLE: 1, Overall.NOT_ELIGIBLE: 2}
    ranked = sorted(matches, key=lambda m: (order[m.overall], m.nct_id))
    head = f"Patient {patient_id}: {len(matches)} trial(s)\n{NOTICE}\n\n"
    return head + "\n".join(match_to_text(m) for m in ranked)


def matches_to_json(patient_id: str, matches: Sequence[TrialMatch]) -> str:
    """Every trial's result for one patient as JSON."""
    return json.dumps(
        {"patient_id": patient_id, "notice": NOTICE, "matches": [m.to_dict() for m in matches]},
        indent=2,
    )
