"""A surveillance evaluation as JSON data or plain text, for ``engraft transplant evaluate``.

The alerts by day (rule, values, reasons, citations), the calcium schedule and the
hypercalcaemia risk, the SOS/VOD criteria of the as-of day and the missing baselines, the
pulmonary hypertension watch and prompts, and the acute GVHD stages and grade of each assessed
day. The GVHD table's evidence label (``unverified`` in gvhd.json) is printed with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from engraft.core.gvhd.daily import DatedGvhdGrade
from engraft.core.gvhd.magic import ORGANS
from engraft.core.knowledge.loader import Citation
from engraft.core.surveillance.alert import SurveillanceAlert, TriggerValue
from engraft.core.surveillance.evaluate import SurveillanceEvaluation
from engraft.core.surveillance.hypercalcaemia import DrawStatus
from engraft.core.surveillance.vod import Criterion, VodDay
from engraft.core.transplant.days import day_label, day_label_of, transplant_day

CRITERION_STATES = {True: "met", False: "not met", None: "not assessable"}
ORGAN_LABELS = {"skin": "skin", "liver": "liver", "upper_gi": "upper GI", "lower_gi": "lower GI"}


def _citations(citations: Iterable[Citation]) -> list[dict[str, str]]:
    seen: dict[str, Citation] = {}
    for c in citations:
        seen.setdefault(c.source_id, c)
    return [c.to_dict() for c in seen.values()]


def _value(v: TriggerValue) -> dict[str, Any]:
    return {
        "date": v.date.isoformat(),
        "day": v.day,
        "analyte": v.analyte,
        "value": v.value,
        "unit": v.unit,
    }


def _alert(a: SurveillanceAlert) -> dict[str, Any]:
    return {
        "rule_id": a.rule_id,
        "title": a.title,
        "date": a.date.isoformat(),
        "day": a.day,
        "day_label": day_label(a.day),
        "data_date": a.data_date.isoformat(),
        "values": [_value(v) for v in a.values],
        "reasons": list(a.reasons),
        "citations": _citations(a.citations),
    }


def _criterion(c: Criterion) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": c.title,
        "met": c.met,
        "reason": c.reason,
        "values": [_value(v) for v in c.values],
    }


def _vod_day(d: VodDay | None) -> dict[str, Any] | None:
    if d is None:
        return None
    severity = d.severity
    return {
        "date": d.date.isoformat(),
        "day": d.day,
        "criteria_met": len(d.met),
        "criteria": [_criterion(c) for c in d.criteria],
        "severity": None
        if severity is None
        else {
            "grade": severity.grade,
            "rows": [
                {"criterion": r.criterion, "value": r.value, "grade": r.grade}
                for r in severity.rows
            ],
            "not_graded": list(severity.not_graded),
        },
    }


def gvhd_evidence(grades: tuple[DatedGvhdGrade, ...]) -> str:
    """The weakest evidence label of the GVHD table's citations ("unverified" while unchecked)."""
    labels = {c.evidence for g in grades for c in g.grade.citations}
    return "unverified" if "unverified" in labels else ", ".join(sorted(labels))


def _gvhd_day(g: DatedGvhdGrade, day0: date) -> dict[str, Any]:
    return {
        "date": g.date.isoformat(),
        "day": transplant_day(day0, g.date),
        "grade": g.grade.grade,
        "grade_label": g.grade.grade_label,
        "complete": g.grade.complete,
        "organs": [
            {"organ": o.organ, "stage": o.stage, "reason": o.reason} for o in g.grade.organs
        ],
        "reasons": list(g.grade.reasons),
    }


def _as_of_day(s: SurveillanceEvaluation) -> VodDay | None:
    return s.vod.days[-1] if s.vod.days and s.vod.days[-1].date == s.as_of else None


def to_dict(s: SurveillanceEvaluation, day0: date) -> dict[str, Any]:
    """The surveillance evaluation as plain JSON-serialisable data."""
    calcium = s.hypercalcaemia
    schedule = calcium.schedule
    ph = s.pulmonary_hypertension
    latest = s.latest_gvhd
    return {
        "as_of": s.as_of.isoformat(),
        "alerts": [_alert(a) for a in s.alerts],
        "hypercalcaemia": {
            "risk": {
                "raised": calcium.risk.raised,
                "label": calcium.risk.label,
                "reasons": list(calcium.risk.reasons),
                "citations": _citations(calcium.risk.citations),
            },
            "schedule": {
                "first_day": schedule[0].first_day if schedule else None,
                "last_day": schedule[-1].last_day if schedule else None,
                "done": [d.first_day for d in schedule if d.status is DrawStatus.DONE],
                "due": [d.first_day for d in calcium.due],
                "overdue": [d.first_day for d in calcium.overdue],
                "upcoming": [d.first_day for d in schedule if d.status is DrawStatus.UPCOMING],
                "citations": _citations(calcium.schedule_citations),
            },
            "alerts": len(calcium.alerts),
            "information": [
                {"id": i.id, "title": i.title, "text": i.text, "citations": _citations(i.citations)}
                for i in calcium.information
            ],
        },
        "vod": {
            "as_of_day": _vod_day(_as_of_day(s)),
            "alert_days": [a.day for a in s.vod.alerts],
            "baseline_weight": None
            if s.vod.baseline_weight is None
            else {"date": s.vod.baseline_weight.date.isoformat(), "kg": s.vod.baseline_weight.kg},
            "missing": list(s.vod.missing),
        },
        "pulmonary_hypertension": {
            "first_day": ph.first_day,
            "last_day": ph.last_day,
            "watching": ph.watching,
            "prompt_days": [p.day for p in ph.prompts],
        },
        "acute_gvhd": {
            "evidence": gvhd_evidence(s.acute_gvhd),
            "latest": _gvhd_day(latest, day0) if latest else None,
            "days": [_gvhd_day(g, day0) for g in s.acute_gvhd],
            "citations": _citations(latest.grade.citations) if latest else [],
        },
    }


def _sources(citations: Iterable[Citation]) -> str:
    return "; ".join(f"{c['source_id']} [{c['evidence']}]" for c in _citations(citations))


def day_ranges(days: Iterable[int]) -> str:
    """Days as labels with runs joined: [11, 12, 13, 20] -> "day +11 to day +13, day +20"."""
    runs: list[list[int]] = []
    for d in sorted(days):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ", ".join(
        day_label(r[0]) if len(r) == 1 else f"{day_label(r[0])} to {day_label(r[-1])}" for r in runs
    )


def _shown(v: TriggerValue) -> str:
    value = ("yes" if v.value else "no") if isinstance(v.value, bool) else f"{v.value:g}"
    unit = f" {v.unit}" if v.unit else ""
    return f"{v.analyte.replace('_', ' ')} {value}{unit} ({day_label(v.day)}, {v.date})"


def _alert_lines(s: SurveillanceEvaluation) -> list[str]:
    if not s.alerts:
        return ["Surveillance alerts: none"]
    lines = ["Surveillance alerts by day:"]
    for a in s.alerts:
        lines.append(f"* {day_label(a.day)} ({a.date.isoformat()}): {a.title}")
        lines.append(f"  values: {'; '.join(_shown(v) for v in a.values)}")
        lines += [f"  - {r}" for r in a.reasons]
        lines.append(f"  sources: {_sources(a.citations)}")
    return lines


def _calcium_lines(s: SurveillanceEvaluation) -> list[str]:
    c = s.hypercalcaemia
    risk = c.risk.label if c.risk.raised else "risk not raised"
    lines = [f"Hypercalcaemia: {risk}"]
    lines += [f"  - {r}" for r in c.risk.reasons]
    if c.risk.citations:
        lines.append(f"  sources: {_sources(c.risk.citations)}")
    if c.schedule:
        done = sum(1 for d in c.schedule if d.status is DrawStatus.DONE)
        upcoming = sum(1 for d in c.schedule if d.status is DrawStatus.UPCOMING)
        lines.append(
            f"  calcium schedule {day_label(c.schedule[0].first_day)} to "
            f"{day_label(c.schedule[-1].last_day)}: {done} done, {upcoming} upcoming"
        )
        lines.append(f"  due: {day_ranges(d.first_day for d in c.due) or 'none'}")
        overdue = c.overdue
        lines.append(
            f"  overdue: {len(overdue)} ({day_ranges(d.first_day for d in overdue)})"
            if overdue
            else "  overdue: none"
        )
        lines.append(f"  schedule sources: {_sources(c.schedule_citations)}")
    return lines


def _vod_lines(s: SurveillanceEvaluation) -> list[str]:
    day = _as_of_day(s)
    if day is None:
        lines = ["SOS/VOD: before day 0, no criteria assessed"]
    else:
        lines = [
            f"SOS/VOD on {day_label(day.day)} ({day.date}): {len(day.met)} of "
            f"{len(day.criteria)} criteria met"
        ]
        lines += [f"  - {c.title}: {CRITERION_STATES[c.met]}: {c.reason}" for c in day.criteria]
        if day.severity is not None:
            lines.append(f"  severity (verified rows only): {day.severity.grade or 'not graded'}")
    if s.vod.alerts:
        lines.append(f"  alert days: {day_ranges(a.day for a in s.vod.alerts)}")
    lines += [f"  missing: {m}" for m in s.vod.missing]
    return lines


def _ph_lines(s: SurveillanceEvaluation) -> list[str]:
    ph = s.pulmonary_hypertension
    state = "watching now" if ph.watching else "not in the watch on the as-of date"
    prompts = ", ".join(day_label(p.day) for p in ph.prompts) or "none"
    return [
        f"Pulmonary hypertension watch {day_label(ph.first_day)} to {day_label(ph.last_day)}: "
        f"{state}; prompts: {prompts}"
    ]


def _organs(g: DatedGvhdGrade) -> str:
    stages = {o.organ: o.stage for o in g.grade.organs}
    return ", ".join(
        f"{ORGAN_LABELS[organ]} {'-' if stages[organ] is None else stages[organ]}"
        for organ in ORGANS
    )


def _gvhd_lines(s: SurveillanceEvaluation, day0: date) -> list[str]:
    latest = s.latest_gvhd
    if latest is None:
        return ["Acute GVHD (MAGIC): no assessment recorded"]
    complete = "complete" if latest.grade.complete else "incomplete"
    lines = [
        f"Acute GVHD (MAGIC staging, {gvhd_evidence(s.acute_gvhd)}): latest "
        f"{day_label_of(day0, latest.date)} ({latest.date}): grade {latest.grade.grade_label} "
        f"({complete}); {_organs(latest)}"
    ]
    lines += [f"  - {r}" for r in latest.grade.reasons]
    lines.append("  by day:")
    lines += [
        f"    {day_label_of(day0, g.date)} ({g.date}): grade {g.grade.grade_label}; {_organs(g)}"
        for g in s.acute_gvhd
    ]
    lines.append(f"  sources: {_sources(latest.grade.citations)}")
    return lines


def to_text_lines(s: SurveillanceEvaluation, day0: date) -> list[str]:
    """The readable surveillance part of the report, one line each."""
    lines = [f"Surveillance as of {s.as_of.isoformat()}:", *_alert_lines(s), ""]
    for part in (_calcium_lines(s), _vod_lines(s), _ph_lines(s), _gvhd_lines(s, day0)):
        lines += [*part, ""]
    return lines[:-1]


def to_text(s: SurveillanceEvaluation, day0: date) -> str:
    """The surveillance report as text."""
    return "\n".join(to_text_lines(s, day0)) + "\n"
