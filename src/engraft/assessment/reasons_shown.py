"""What the page shows beside the conclusions, in words: warnings, stale data, conflicts, ignored.

The core returns these with internal keys (``markers.haematologic_impairment``,
``findings[3].date``, ``intermediate_aro``); a physician reads labels, dates and windows. This
presenter only translates what the stored result and case say: it decides nothing clinical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from engraft.core.knowledge import KnowledgeBase, load_knowledge_base

FORM_WORDS = {
    "infantile_aro": "infantile",
    "intermediate_aro": "intermediate",
    "ado": "autosomal dominant (ADO)",
    "other": "other",
    "unknown": "not recorded",
}
STATUS_WORDS = {"present": "present", "absent": "absent", "unknown": "unknown"}
SOURCE_WORDS = {
    "finding": "a recorded finding",
    "lab (in-house threshold)": "a lab value past the in-house cut-off",
}
LAB_WORDS = {
    "haemoglobin_g_dl": ("Haemoglobin", "g/dL"),
    "platelets_10e9_l": ("Platelets", "10^9/L"),
}


@cache
def _kb() -> KnowledgeBase:
    return load_knowledge_base()


@dataclass(frozen=True)
class Warning:
    """A warning for the team, in words, and whether the rule behind it is in-house."""

    text: str
    in_house: bool


@dataclass(frozen=True)
class StaleFinding:
    """A finding too old to count: what, its date, and the window it fell out of."""

    label: str
    status: str
    source: str
    on: str
    window_days: int | None
    window_in_house: bool


@dataclass(frozen=True)
class Conflict:
    """Same-day findings of one marker that disagree, with each finding as recorded."""

    label: str
    on: str
    readings: str
    counted_as: str
    findings: list[str] = field(default_factory=list)
    # The record entries behind it (selectors.RecordEntry), each with a link to void it.
    entries: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Ignored:
    """A piece of data left out because it is dated after the as-of date."""

    what: str
    on: str


@dataclass(frozen=True)
class ReasonsShown:
    """Everything the page shows beside the conclusions, already in words."""

    warnings: list[Warning]
    stale: list[StaleFinding]
    conflicts: list[Conflict]
    ignored: list[Ignored]
    as_of: str

    @property
    def any(self) -> bool:
        return bool(self.warnings or self.stale or self.conflicts or self.ignored)


def marker_label(marker: str) -> str:
    """A severity marker's label from the knowledge base (its id in words when unknown)."""
    known = _kb().markers.get(marker)
    return known.label if known else marker.replace("_", " ").capitalize()


def _marker_of(field_path: str) -> str:
    return field_path.removeprefix("markers.")


def _genes(subtypes: str) -> list[str]:
    rows = {s.id: s.gene for s in _kb().subtypes}
    return [rows.get(s, s) for s in subtypes.split("+") if s]


def _form_genotype_text(data: dict[str, str]) -> str:
    form = FORM_WORDS.get(data.get("clinical_form", "unknown"), "not recorded")
    genes = _genes(data.get("subtype", ""))
    named = " and ".join(genes) or "recorded"
    is_are = (
        "genotypes are classic infantile forms"
        if len(genes) > 1
        else ("genotype is a classic infantile form")
    )
    todo = "record" if form == "not recorded" else "reconcile"
    return (
        f"Recorded clinical form: {form}; the {named} {is_are}. "
        f"The genotype decides the pathway: {todo} the clinical form in the record."
    )


def _warning(w: dict[str, Any]) -> Warning:
    data = {d["field"]: d["value"] for d in w["data_used"]}
    in_house = any(c["evidence"] == "in-house" for c in w["citations"])
    if w["rule_id"] == "IH-FORM-GENOTYPE":
        return Warning(_form_genotype_text(data), in_house)
    if w["rule_id"] == "IH-CURRENCY":
        labels = sorted({marker_label(_marker_of(d["field"])) for d in w["data_used"]})
        text = f"Findings too old to count for this date: {'; '.join(labels)} (listed below)."
        return Warning(text, in_house)
    if w["rule_id"] == "IH-CONFLICT":
        d = w["data_used"][0]
        text = (
            f"Conflicting findings of {marker_label(_marker_of(d['field']))} on {d['date']}: "
            "resolve them in the record (listed below)."
        )
        return Warning(text, in_house)
    return Warning(w["text"], in_house)


def _stale(d: dict[str, Any]) -> StaleFinding:
    marker = _marker_of(d["field"])
    # The core writes the value as "status (source)", e.g. "present (finding)".
    status, _, source = d["value"].partition(" (")
    window = _kb().currency.get(marker)
    return StaleFinding(
        label=marker_label(marker),
        status=STATUS_WORDS.get(status, status),
        source=SOURCE_WORDS.get(source.removesuffix(")"), source.removesuffix(")") or "finding"),
        on=d["date"] or "undated",
        window_days=window.days if window else None,
        window_in_house=bool(window) and all(c.evidence == "in-house" for c in window.citations),
    )


def _conflict(c: dict[str, Any], case: dict[str, Any], entries: list[Any]) -> Conflict:
    recorded = [
        f"{STATUS_WORDS.get(f['status'], f['status'])}"
        + (f" ({f['note']})" if f.get("note") else "")
        for f in case.get("findings", [])
        if f["marker"] == c["marker"] and f["date"] == c["date"]
    ]
    return Conflict(
        label=marker_label(c["marker"]),
        on=c["date"],
        readings=" and ".join(STATUS_WORDS.get(s, s) for s in c["statuses"]),
        counted_as=STATUS_WORDS.get(c["counted_as"], c["counted_as"]),
        findings=recorded,
        entries=entries,
    )


def _item_words(path: str, case: dict[str, Any]) -> str:
    """``findings[2].date`` as "Finding: Abnormal brain MRI (present)", from the case itself."""
    head, _, _ = path.partition(".")
    name, _, index = head.partition("[")
    entries = case.get(name, [])
    i = int(index.rstrip("]")) if index else None
    entry = entries[i] if i is not None and i < len(entries) else {}
    if name == "findings" and entry:
        return f"Finding: {marker_label(entry['marker'])} ({entry['status']})"
    if name == "labs" and entry:
        label, unit = LAB_WORDS.get(entry["name"], (entry["name"], ""))
        return f"Lab result: {label} {entry['value']:g} {unit}".rstrip()
    if name == "genetics" and entry:
        return f"Genetic result: {entry['gene']}"
    if name == "workup" and entry:
        labels = {w.id: w.label for w in _kb().workup}
        return f"Assessment at diagnosis: {labels.get(entry['item'], entry['item'])}"
    words = {
        "genetic_testing": "Genetic testing (request or report date)",
        "lansky": "Lansky performance score",
        "hct_ci": "HCT-CI comorbidity index",
    }
    return words.get(name, name.replace("_", " ").capitalize())


def reasons_shown(
    result: dict[str, Any],
    case: dict[str, Any],
    entries: dict[tuple[str, str], list[Any]] | None = None,
) -> ReasonsShown:
    """The stored result's warnings, stale findings, conflicts and ignored data, in words.

    ``entries`` names the record entries behind each conflict, keyed (marker, ISO date).
    """
    entries = entries or {}
    return ReasonsShown(
        warnings=[_warning(w) for w in result.get("warnings", [])],
        stale=[_stale(d) for d in result.get("stale_findings", [])],
        conflicts=[
            _conflict(c, case, entries.get((c["marker"], c["date"]), []))
            for c in result.get("conflicts", [])
        ],
        ignored=[
            Ignored(_item_words(i["field"], case), i["date"] or "undated")
            for i in result.get("ignored", [])
        ],
        as_of=result["as_of"],
    )
