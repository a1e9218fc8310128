"""Reads of the assessment stage: history, meeting decisions, and the 'what is missing' panel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from engraft.core.assessment.from_record import markers_of, mri_markers
from engraft.record.mapping import to_record
from engraft.record.models import Patient
from engraft.record.selectors import finding_summary

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


@dataclass(frozen=True)
class RecordEntry:
    """A record entry behind a conflicting finding, named so the team can void the wrong one."""

    kind: str  # the record's void URL kind: "findings" or "studies"
    public_id: str
    text: str


def conflict_entries(patient: Patient, result: dict[str, Any]) -> dict[tuple[str, str], list]:
    """The record's current entries behind each conflict of a result, keyed (marker, ISO date).

    Which entry states which marker is the core's mapping (from_record), not decided here.
    """
    wanted = {(c["marker"], c["date"]) for c in result.get("conflicts", [])}
    if not wanted:
        return {}
    record = to_record(patient)
    found: dict[tuple[str, str], list[RecordEntry]] = {key: [] for key in wanted}
    findings = {str(f.public_id): f for f in patient.findings.all()}
    studies = {str(st.public_id): st for st in patient.studies.all()}
    for finding in record.findings:
        for marker in {m.marker for m in markers_of(finding)}:
            key = (marker, finding.observed_on.isoformat())
            if key in found:
                stored = findings[finding.id]
                text = f"{finding_summary(stored)}, from {stored.source}"
                found[key].append(RecordEntry("findings", finding.id, text))
    for study in record.studies:
        for marker in {m.marker for m in mri_markers(study)}:
            key = (marker, study.performed_on.isoformat())
            if key in found:
                text = f"{studies[study.id]}, coded {studies[study.id].result_in_words()}"
                found[key].append(RecordEntry("studies", study.id, text))
    return found
