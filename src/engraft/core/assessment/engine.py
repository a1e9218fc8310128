"""The single entry point: ``assess(case, as_of) -> Assessment``.

Pure: no clock, no I/O beyond the cached knowledge base. Only data dated on or before
``as_of`` is used, so an assessment can be reproduced for any past date.
"""

from __future__ import annotations

from datetime import date

from engraft.core.assessment.candidacy import Inputs, assess_candidacy
from engraft.core.assessment.case import Case
from engraft.core.assessment.donor_outcomes import assess_donor_outcomes
from engraft.core.assessment.form_genotype import form_genotype_warnings
from engraft.core.assessment.hct_ci import assess_hct_ci
from engraft.core.assessment.lansky import assess_lansky
from engraft.core.assessment.recommendations import recommend
from engraft.core.assessment.result import Assessment, DataUsed, Reason, rule_reason
from engraft.core.assessment.severity import SeverityProfile, assess_severity
from engraft.core.assessment.subtype import call_genotype
from engraft.core.assessment.timeline import split_on
from engraft.core.assessment.urgency import assess_urgency
from engraft.core.assessment.workup import assess_workup
from engraft.core.knowledge import KnowledgeBase, load_knowledge_base, rules_version


def visible_on(case: Case, as_of: date) -> Case:
    """The case as it stood on ``as_of``: later findings, labs, records and reports left out."""
    return split_on(case, as_of)[0]


def assess(case: Case, as_of: date, kb: KnowledgeBase | None = None) -> Assessment:
    """Assess one case on the date ``as_of``; every conclusion carries reasons and citations.

    Raises ValueError if ``as_of`` is before the date of birth.
    """
    if as_of < case.date_of_birth:
        raise ValueError(f"as_of {as_of} is before the date of birth {case.date_of_birth}")
    kb = kb or load_knowledge_base()
    case, ignored = split_on(case, as_of)
    call = call_genotype(case, kb)
    severity = assess_severity(case, kb, as_of)
    workup, missing_assessments = assess_workup(case, kb, as_of)
    inputs = Inputs(case, call, severity, workup, kb, as_of)
    candidacy = assess_candidacy(inputs)
    urgency = assess_urgency(inputs, candidacy, as_of)
    risk = (
        assess_lansky(case.lansky, case.date_of_birth, kb),
        assess_hct_ci(case.hct_ci, kb),
        assess_donor_outcomes(case.donor_type, kb),
    )
    return Assessment(
        case_id=case.case_id,
        as_of=as_of,
        age_days=(as_of - case.date_of_birth).days,
        knowledge_base_version=kb.version,
        subtype=call.conclusion,
        severity=severity.conclusion,
        severity_markers=severity.markers,
        workup=workup,
        missing_assessments=missing_assessments,
        candidacy=candidacy,
        urgency=urgency,
        recommendations=recommend(inputs, candidacy),
        risk_modifiers=risk,
        rules_version=rules_version(),
        warnings=(*form_genotype_warnings(inputs), *_data_warnings(inputs, severity)),
        stale_findings=tuple(
            DataUsed(f"markers.{o.marker}", f"{o.status} ({o.source})", o.date)
            for o in severity.stale
        ),
        conflicts=severity.conflicts,
        ignored=ignored,
    )


def _data_warnings(inp: Inputs, severity: SeverityProfile) -> tuple[Reason, ...]:
    """Findings too old to count, and findings on one date that disagree (in-house rules)."""
    out = []
    if severity.stale:
        markers = ", ".join(sorted({o.marker for o in severity.stale}))
        text = f"Findings too old to count (older than their currency window): {markers}"
        data = tuple(DataUsed(f"markers.{o.marker}", o.status, o.date) for o in severity.stale)
        out.append(rule_reason(inp.kb, "IH-CURRENCY", text, data))
    for conflict in severity.conflicts:
        text = (
            f"Conflicting findings of {conflict.marker} on {conflict.date.isoformat()} "
            f"({' and '.join(conflict.statuses)}): resolve by voiding the wrong one; counted "
            f"as {conflict.counted_as} until then"
        )
        data = (DataUsed(f"markers.{conflict.marker}", "conflict", conflict.date),)
        out.append(rule_reason(inp.kb, "IH-CONFLICT", text, data))
    return tuple(out)
