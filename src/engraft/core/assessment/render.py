"""Render an assessment as JSON or as plain text for a clinician."""

from __future__ import annotations

import json

from engraft.core.assessment.result import Assessment, Conclusion


def to_json(assessment: Assessment) -> str:
    """Indented JSON of ``Assessment.to_dict()``."""
    return json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False)


def _conclusion_lines(title: str, conclusion: Conclusion) -> list[str]:
    lines = [f"{title}: {conclusion.label} [{conclusion.value}]"]
    if conclusion.missing:
        lines.append(f"  missing: {', '.join(conclusion.missing)}")
    for reason in conclusion.reasons:
        lines.append(f"  - ({reason.rule_id}) {reason.text}")
        used = "; ".join(
            f"{d.field}={d.value}" + (f" on {d.date.isoformat()}" if d.date else "")
            for d in reason.data_used
        )
        if used:
            lines.append(f"      data: {used}")
        sources = "; ".join(f"{c.source_id} [{c.evidence}]" for c in reason.citations)
        lines.append(f"      sources: {sources}")
    return lines


def to_text(assessment: Assessment) -> str:
    """A readable report: conclusions first, then markers and work-up, then sources."""
    a = assessment
    lines = [
        f"Engraft assessment of case {a.case_id} as of {a.as_of.isoformat()} "
        f"(age {a.age_days} days; knowledge base {a.knowledge_base_version})",
        f"Rules version: {a.rules_version}" if a.rules_version else "",
        a.notice,
        "",
    ]
    if a.warnings:
        lines.append("Warnings (to resolve before sign-off):")
        lines += [f"  ! ({w.rule_id}) {w.text}" for w in a.warnings]
        lines.append("")
    for title, conclusion in (
        ("Subtype", a.subtype),
        ("Candidacy", a.candidacy),
        ("Urgency", a.urgency),
        ("Severity", a.severity),
        ("Assessments at diagnosis", a.missing_assessments),
    ):
        lines += [*_conclusion_lines(title, conclusion), ""]
    lines.append("Severity markers (clinical.md section 5):")
    for m in a.severity_markers:
        when = m.date.isoformat() if m.date else "-"
        lines.append(f"  {m.status:<13} {when:<10}  {m.label}")
    lines += ["", "Recommendations:"]
    for conclusion in a.recommendations:
        lines += _conclusion_lines(f"* {conclusion.topic}", conclusion)
    lines += ["", "Risk modifiers (shown for counselling, never used to exclude):"]
    for conclusion in a.risk_modifiers:
        lines += _conclusion_lines(f"* {conclusion.topic}", conclusion)
    if a.stale_findings:
        lines += ["", "Findings too old to count:"]
        lines += [f"  {d.field} {d.value} on {d.date}" for d in a.stale_findings]
    if a.ignored:
        lines += ["", "Ignored:"]
        lines += [f"  {i.field} ({i.date}): {i.why}" for i in a.ignored]
    return "\n".join(lines) + "\n"
