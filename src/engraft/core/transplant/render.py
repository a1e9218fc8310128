"""An episode evaluation as JSON (for registry checks) or plain text (for a clinician)."""

from __future__ import annotations

import json
from typing import Any

from engraft.core.knowledge.loader import Citation
from engraft.core.transplant.engraftment import EngraftmentResult, Measurement
from engraft.core.transplant.evaluate import EpisodeEvaluation

NOTICE = (
    "Computed from the data given, for the as-of date; decision support for a clinician, "
    "who confirms it."
)


def _measurement(m: Measurement) -> dict[str, Any]:
    return {"date": m.date.isoformat(), "day": m.day, "value": m.value}


def _citations(citations: tuple[Citation, ...]) -> list[dict[str, str]]:
    seen: dict[str, Citation] = {}
    for c in citations:
        seen.setdefault(c.source_id, c)
    return [c.to_dict() for c in seen.values()]


def _engraftment(r: EngraftmentResult) -> dict[str, Any]:
    return {
        "status": r.status.value,
        "label": r.label,
        "date": r.date.isoformat() if r.date else None,
        "day": r.day,
        "qualifying": [_measurement(m) for m in r.qualifying],
        "nadir": _measurement(r.nadir) if r.nadir else None,
        "reasons": list(r.reasons),
        "choices": list(r.choices),
        "citations": _citations(r.citations),
    }


def to_dict(e: EpisodeEvaluation) -> dict[str, Any]:
    """The evaluation as plain JSON-serialisable data."""
    return {
        "episode_id": e.episode_id,
        "as_of": e.as_of.isoformat(),
        "day0": e.day0.isoformat(),
        "day": e.day,
        "day_label": e.day_label,
        "graft_source": e.graft_source,
        "neutrophil_engraftment": _engraftment(e.neutrophil),
        "platelet_engraftment": _engraftment(e.platelet),
        "graft_failure": {
            "status": e.graft.status.value,
            "label": e.graft.label,
            "limit_day": e.graft.limit_day,
            "limit_date": e.graft.limit_date.isoformat(),
            "days_to_limit": e.graft.days_to_limit,
            "qualifying": [_measurement(m) for m in e.graft.qualifying],
            "reasons": list(e.graft.reasons),
            "choices": list(e.graft.choices),
            "citations": _citations(e.graft.citations),
        },
        "chimerism": {
            "overall": e.chimerism.overall,
            "lineages": [
                {
                    "lineage": t.lineage.value,
                    "latest": {
                        "date": t.latest.date.isoformat(),
                        "day": t.latest.day,
                        "donor_percent": t.latest.donor_percent,
                        "class": t.latest.klass.value,
                        "label": t.latest.label,
                    },
                    "results": [
                        {
                            "date": r.date.isoformat(),
                            "day": r.day,
                            "donor_percent": r.donor_percent,
                            "class": r.klass.value,
                        }
                        for r in t.results
                    ],
                    "falling": t.falling,
                    "reasons": list(t.reasons),
                    "citations": _citations(
                        (*t.latest.citations, *t.citations) if t.falling else t.latest.citations
                    ),
                }
                for t in e.chimerism.lineages
            ],
            "notes": list(e.chimerism.notes),
            "citations": _citations(e.chimerism.citations),
        },
        "alerts": [
            {
                "rule_id": a.rule_id,
                "title": a.title,
                "text": a.text,
                "reasons": list(a.reasons),
                "citations": _citations(a.citations),
            }
            for a in e.alerts
        ],
        "conditioning_problems": [
            {"path": p.path, "severity": p.severity, "message": p.message}
            for p in e.conditioning_problems
        ],
        "warnings": [
            {
                "rule_id": w.rule_id,
                "title": w.title,
                "text": w.text,
                "citations": _citations(w.citations),
            }
            for w in e.warnings
        ],
        "body": {
            "weight_kg": e.body.weight.kg if e.body.weight else None,
            "weight_measured_on": e.body.weight.measured_on.isoformat() if e.body.weight else None,
            "bsa_m2": e.body.bsa.square_metres if e.body.bsa else None,
            "bsa_formula": e.body.bsa.formula if e.body.bsa else None,
            "bsa_citations": _citations(e.body.bsa.citations) if e.body.bsa else [],
            "cell_doses": [
                {
                    "marker": d.marker,
                    "total_cells": d.total_cells,
                    "cells_per_kg": d.cells_per_kg,
                    "display": d.display,
                }
                for d in e.body.cell_doses
            ],
            "missing": list(e.body.missing),
        },
        "ignored_after_as_of": e.ignored_after_as_of,
        "choices": e.choices,
        "notice": NOTICE,
    }


def to_json(e: EpisodeEvaluation) -> str:
    """Indented JSON of :func:`to_dict`."""
    return json.dumps(to_dict(e), indent=2, ensure_ascii=False)


def _sources(citations: tuple[Citation, ...]) -> str:
    return "; ".join(f"{c['source_id']} [{c['evidence']}]" for c in _citations(citations))


def _block(title: str, label: str, reasons: tuple[str, ...], citations: tuple[Citation, ...]):
    lines = [f"{title}: {label}"]
    lines += [f"  - {r}" for r in reasons]
    lines.append(f"  sources: {_sources(citations)}")
    return lines


def to_text(e: EpisodeEvaluation) -> str:
    """A readable report: status first, then each result with its reasons and sources."""
    lines = [
        f"Engraft transplant evaluation of episode {e.episode_id} as of {e.as_of.isoformat()} "
        f"({e.day_label}; day 0 {e.day0.isoformat()}; {e.graft_source.replace('_', ' ')})",
        NOTICE,
        "",
    ]
    lines += [*_block("Graft", e.graft.label, e.graft.reasons, e.graft.citations), ""]
    for title, r in (("Neutrophils", e.neutrophil), ("Platelets", e.platelet)):
        lines += [*_block(title, r.label, r.reasons, r.citations), ""]
    lines.append(f"Chimerism: {e.chimerism.overall}")
    for t in e.chimerism.lineages:
        history = ", ".join(f"{r.donor_percent:g} % ({r.day:+d})" for r in t.results)
        trend = "falling" if t.falling else "not falling"
        lines.append(f"  {t.lineage.label}: {t.latest.label}; {trend}; {history}")
        lines += [f"    - {r}" for r in t.reasons]
    lines += [f"  note: {n}" for n in e.chimerism.notes]
    lines += [f"  sources: {_sources(e.chimerism.citations)}", ""]
    lines.append("Alerts:" if e.alerts else "Alerts: none")
    for a in e.alerts:
        lines += _block(f"* {a.title}", a.text, a.reasons, a.citations)
    if e.conditioning_problems or e.warnings:
        lines += ["", "Conditioning:"]
        lines += [f"  {p.severity}: {p.path}: {p.message}" for p in e.conditioning_problems]
        for w in e.warnings:
            lines += _block(f"  warning: {w.title}", w.text, (), w.citations)
    lines += ["", "Body measures and graft dose:"]
    if e.body.weight:
        w = e.body.weight
        lines.append(f"  weight on the infusion date: {w.kg:g} kg (measured {w.measured_on})")
    if e.body.bsa:
        bsa = e.body.bsa
        lines.append(
            f"  body surface area: {bsa.square_metres:g} m2 ({bsa.formula}; "
            f"sources: {_sources(bsa.citations)})"
        )
    lines += [f"  {d.display}" for d in e.body.cell_doses]
    lines += [f"  missing: {m}" for m in e.body.missing]
    if e.ignored_after_as_of:
        lines += ["", f"{e.ignored_after_as_of} dated item(s) after the as-of date were ignored."]
    lines += ["", "In-house choices applied (transplant.json):"]
    lines += [f"  {k}: {v}" for k, v in e.choices.items()]
    return "\n".join(lines) + "\n"
