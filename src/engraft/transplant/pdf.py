"""The transplant summary for the referring hospital, as a PDF (WeasyPrint, from HTML).

Everything computed (engraftment days, graft status, chimerism class, alerts) comes from the
core's ``evaluate_episode`` for the day the summary is made; this module only arranges it and
puts the day +N beside every date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML

from engraft.core.transplant.days import day_label, day_label_of
from engraft.core.transplant.episode import ANALYTE_UNITS
from engraft.core.transplant.evaluate import evaluate_episode
from engraft.core.transplant.knowledge import load_transplant_knowledge

from .models import ChimerismLineage, TransplantEpisode
from .selectors import core_episode

# The flowsheet's analytes in the order of the ward's grid, with the names a reader expects.
ANALYTE_NAMES = {
    "anc": "ANC",
    "wbc": "White cells",
    "hb": "Haemoglobin",
    "platelets": "Platelets",
    "calcium": "Calcium",
    "bilirubin": "Bilirubin",
    "alt": "ALT",
    "creatinine": "Creatinine",
    "weight": "Weight",
}


@dataclass(frozen=True)
class Dated:
    """A date with its day +N label, for the template."""

    date: date
    day: str


def summary_context(episode: TransplantEpisode, today: date) -> dict[str, Any]:
    """What the summary shows, computed for ``today`` (data dated later are not used)."""
    kb = load_transplant_knowledge()
    core = core_episode(episode, today)
    evaluation = evaluate_episode(core, today, kb)

    def dated(when: date | None) -> Dated | None:
        return Dated(when, day_label_of(episode.day0, when)) if when else None

    latest: dict[str, Any] = {}
    for value in core.values:  # in date order: the last one of each analyte wins
        latest[value.analyte] = value
    regimen = kb.regimens.get(episode.regimen)
    citations = [
        *evaluation.neutrophil.citations,
        *evaluation.platelet.citations,
        *evaluation.graft.citations,
        *evaluation.chimerism.citations,
        *(c for a in evaluation.alerts for c in a.citations),
        *(c for w in evaluation.warnings for c in w.citations),
    ]
    return {
        "episode": episode,
        "patient": episode.patient,
        "today": dated(today),
        "evaluation": evaluation,
        "admitted": dated(episode.admitted_on),
        "day0": dated(episode.day0),
        "discharged": dated(episode.discharged_on),
        "closed": dated(episode.closed_on),
        "regimen_name": regimen.name if regimen else episode.regimen,
        "agents": [
            {
                "agent": a.agent,
                "dose": a.dose.normalize(),
                "unit": a.unit,
                "days": day_label(a.first_day)
                if a.first_day == a.last_day
                else f"{day_label(a.first_day)} to {day_label(a.last_day)}",
            }
            for a in episode.conditioning_agents.all()
        ],
        "neutrophil": _engraftment(evaluation.neutrophil, dated),
        "platelet": _engraftment(evaluation.platelet, dated),
        "graft_limit": dated(evaluation.graft.limit_date),
        "weight_on": dated(evaluation.body.weight.measured_on) if evaluation.body.weight else None,
        "chimerism": [
            {
                "lineage": ChimerismLineage(trend.lineage.value).label,
                "latest": trend.latest.label,
                "falling": trend.falling,
                "reasons": trend.reasons,
                "results": [(dated(r.date), r.donor_percent, r.label) for r in trend.results],
            }
            for trend in evaluation.chimerism.lineages
        ],
        "latest_counts": [
            (ANALYTE_NAMES[key], latest[key].value, ANALYTE_UNITS[key], dated(latest[key].date))
            for key in ANALYTE_NAMES
            if key in latest
        ],
        "stored_alerts": [(a, dated(a.raised_for)) for a in episode.alerts.order_by("raised_for")],
        "sources": {c.source_id: c for c in citations}.values(),
    }


def _engraftment(result: Any, dated: Any) -> dict[str, Any]:
    return {
        "label": result.label,
        "on": dated(result.date),
        "qualifying": [(dated(m.date), m.value) for m in result.qualifying],
        "reasons": result.reasons,
    }


def summary_html(context: dict[str, Any]) -> str:
    """The printable summary page."""
    return render_to_string("transplant/summary_pdf.html", context)


def summary_pdf(context: dict[str, Any]) -> bytes:
    """PDF bytes of the summary (no external resources: styles are inline)."""
    return HTML(string=summary_html(context)).write_pdf()
