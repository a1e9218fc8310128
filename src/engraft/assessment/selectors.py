"""Reads of the assessment stage: history, meeting decisions, and the 'what is missing' panel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from engraft.record.models import Patient

from .models import MeetingDecision, StoredAssessment

# Conclusion topics in words, for "needed for" in the missing panel.
TOPIC_WORDS = {
    "subtype": "subtype",
    "severity": "severity class",
    "missing_assessments": "assessments at diagnosis",
    "candidacy": "candidacy",
    "urgency": "urgency",
    "neuro_screen": "neurodegeneration screen",
}
GENETICS_STATES = {
    "pending": "Genetic result (genotype pending)",
    "not_sent": "Genetic testing (not sent)",
    "no_diagnosis": "Genetic diagnosis (reported without one)",
    "vus": "Genetic diagnosis (variants of uncertain significance only)",
    "unresolved": "Genetic diagnosis (result does not settle the subtype)",
}


def history(patient: Patient) -> QuerySet[StoredAssessment]:
    """Every stored assessment of a patient, newest first, with its sign-offs."""
    return (
        StoredAssessment.objects.filter(patient=patient)
        .prefetch_related("sign_offs__physician")
        .order_by("-computed_at", "-id")
    )


def meeting_decisions(patient: Patient) -> QuerySet[MeetingDecision]:
    return (
        MeetingDecision.objects.filter(patient=patient)
        .select_related("recorded_by", "assessment")
        .order_by("-meeting_on", "-id")
    )


@dataclass
class MissingItem:
    """One piece of data the assessment lacked, and which conclusions wanted it."""

    key: str
    label: str
    state: str
    last_date: str | None = None
    needed_for: list[str] = field(default_factory=list)


def conclusions(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every conclusion of a stored result, in reading order."""
    head = [result[k] for k in ("subtype", "severity", "missing_assessments", "candidacy")]
    return [*head, result["urgency"], *result["recommendations"], *result["risk_modifiers"]]


def missing_items(result: dict[str, Any]) -> list[MissingItem]:
    """What the stored assessment says it is missing, once each, with readable labels."""
    markers = {m["marker"]: m for m in result["severity_markers"]}
    workup = {w["item"]: w for w in result["workup"]}
    items: dict[str, MissingItem] = {}

    def add(key: str, topic: str) -> None:
        kind, _, name = key.partition(":")
        if key not in items:
            if kind == "marker" and name in markers:
                m = markers[name]
                item = MissingItem(key, m["label"], m["status"].replace("_", " "), m["date"])
            elif kind == "workup" and name in workup:
                w = workup[name]
                item = MissingItem(key, w["label"], w["status"].replace("_", " "), w["last_date"])
            elif kind == "genetics":
                item = MissingItem(key, GENETICS_STATES.get(name, f"Genetics ({name})"), name)
            else:
                item = MissingItem(key, name.replace("_", " ").capitalize(), "missing")
            items[key] = item
        words = TOPIC_WORDS.get(topic, topic.replace("_", " "))
        if words not in items[key].needed_for:
            items[key].needed_for.append(words)

    for conclusion in conclusions(result):
        for key in conclusion["missing"]:
            add(key if ":" in key else f"workup:{key}", conclusion["topic"])
    return list(items.values())


def risk_modifiers_not_recorded(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Risk modifiers with nothing recorded (shown for counselling, never used to exclude)."""
    return [r for r in result["risk_modifiers"] if r["value"] == "not_recorded"]
