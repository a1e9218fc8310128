"""The single entry point: ``assess(case, as_of) -> Assessment``.

Pure: no clock, no I/O beyond the cached knowledge base. Only data dated on or before
``as_of`` is used, so an assessment can be reproduced for any past date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from engraft.core.assessment.candidacy import Inputs, assess_candidacy
from engraft.core.assessment.case import Case
from engraft.core.assessment.donor_outcomes import assess_donor_outcomes
from engraft.core.assessment.hct_ci import assess_hct_ci
from engraft.core.assessment.lansky import assess_lansky
from engraft.core.assessment.recommendations import recommend
from engraft.core.assessment.result import Assessment
from engraft.core.assessment.severity import assess_severity
from engraft.core.assessment.subtype import call_genotype
from engraft.core.assessment.urgency import assess_urgency
from engraft.core.assessment.workup import assess_workup
from engraft.core.knowledge import KnowledgeBase, load_knowledge_base


def visible_on(case: Case, as_of: date) -> Case:
    """The case as it stood on ``as_of``: later findings, labs and records are left out."""
    return replace(
        case,
        findings=tuple(f for f in case.findings if f.date <= as_of),
        labs=tuple(lab for lab in case.labs if lab.date <= as_of),
        workup=tuple(w for w in case.workup if w.date <= as_of),
        lansky=case.lansky if case.lansky and case.lansky.date <= as_of else None,
        hct_ci=case.hct_ci if case.hct_ci and case.hct_ci.date <= as_of else None,
    )


def assess(case: Case, as_of: date, kb: KnowledgeBase | None = None) -> Assessment:
    """Assess one case on the date ``as_of``; every conclusion carries reasons and citations.

    Raises ValueError if ``as_of`` is before the date of birth.
    """
    if as_of < case.date_of_birth:
        raise ValueError(f"as_of {as_of} is before the date of birth {case.date_of_birth}")
    kb = kb or load_knowledge_base()
    case = visible_on(case, as_of)
    call = call_genotype(case, kb)
    severity = assess_severity(case, kb)
    workup, missing_assessments = assess_workup(case, kb, as_of)
    inputs = Inputs(case, call, severity, workup, kb)
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
    )
