"""Severity profile at diagnosis: each marker of clinical.md section 5 and an overall class.

The research found no validated published severity score for ARO (section 5), so the overall
class is an Engraft in-house construct and says so in its output.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engraft.core.assessment.case import Case, FindingStatus, LabName
from engraft.core.assessment.result import (
    Conclusion,
    DataUsed,
    FindingConflict,
    MarkerState,
    rule_reason,
)
from engraft.core.knowledge import KnowledgeBase, Marker

# Marker groups whose presence makes the in-house class "severe": marrow failure, vision
# loss and raised intracranial pressure are what section 5 and rule 4 treat as prognostic.
SEVERE_GROUPS = ("marrow", "vision", "neuro_compression")
HAEMATOLOGIC = "haematologic_impairment"
# Marker states that say nothing about the child today.
NOT_KNOWN = ("unknown", "not_assessed", "out_of_date")


@dataclass(frozen=True)
class Observation:
    """A marker status on a date, from a finding or derived from a lab (in-house cut-off)."""

    marker: str
    status: str
    date: date
    source: str


# When findings of one marker on one date disagree, the reading that asks the most of the
# team counts until someone resolves the conflict: present, then unknown, then absent.
CAUTION_ORDER = ("present", "unknown", "absent")


@dataclass(frozen=True)
class SeverityProfile:
    """Marker states, the in-house class, and every dated observation behind them.

    ``observations`` holds only what is current on the as-of date (within its marker's
    currency window); ``stale`` what was too old to count; ``conflicts`` the markers whose
    findings on one date disagree.
    """

    markers: tuple[MarkerState, ...]
    conclusion: Conclusion
    observations: tuple[Observation, ...]
    stale: tuple[Observation, ...] = ()
    conflicts: tuple[FindingConflict, ...] = ()

    def state(self, marker: str) -> MarkerState:
        """The current state of one marker."""
        return next(m for m in self.markers if m.marker == marker)

    def present(self, marker: str) -> bool:
        """True when the latest current observation of the marker says present."""
        return self.state(marker).status == FindingStatus.PRESENT

    def present_observations(self, marker: str) -> tuple[Observation, ...]:
        """Every current observation of the marker as present (not just the latest)."""
        return tuple(o for o in self.observations if o.marker == marker and o.status == "present")


def lab_observations(case: Case, kb: KnowledgeBase) -> list[Observation]:
    """Haematologic impairment derived from haemoglobin and platelets.

    Source: none. The cut-offs are in-house (clinical.md section 5 says no source gives one);
    a date with any value below its cut-off counts as present, else absent.
    """
    hb_cut = float(kb.parameter("haemoglobin_impairment_g_dl").value)
    plt_cut = float(kb.parameter("platelets_impairment_10e9_l").value)
    by_date: dict[date, bool] = {}
    for lab in case.labs:
        cut = hb_cut if lab.name is LabName.HAEMOGLOBIN_G_DL else plt_cut
        by_date[lab.date] = by_date.get(lab.date, False) or lab.value < cut
    return [
        Observation(HAEMATOLOGIC, "present" if low else "absent", day, "lab (in-house threshold)")
        for day, low in sorted(by_date.items())
    ]


def resolve_day(
    marker: str, day: date, observations: list[Observation]
) -> tuple[Observation, FindingConflict | None]:
    """One observation for a marker on a day, whatever the order they were recorded in.

    A finding beats a lab-derived value; findings that disagree are a conflict, resolved
    for now to the most cautious reading (rule IH-CONFLICT).
    """
    findings = [o for o in observations if o.source == "finding"]
    pool = findings or observations
    statuses = sorted({o.status for o in pool}, key=CAUTION_ORDER.index)
    chosen = next(o for o in pool if o.status == statuses[0])
    conflict = None
    if findings and len(statuses) > 1:
        conflict = FindingConflict(marker, day, tuple(statuses), statuses[0])
    return chosen, conflict


def assess_severity(case: Case, kb: KnowledgeBase, as_of: date | None = None) -> SeverityProfile:
    """Marker states from the latest current observation of each marker.

    With ``as_of``, an observation older than its marker's currency window (currency.json,
    in-house) does not count: the marker reads ``out_of_date`` and the observation is listed
    as stale. The result does not depend on the order of the case's findings or labs.
    """
    raw = [Observation(f.marker, str(f.status), f.date, "finding") for f in case.findings]
    raw += lab_observations(case, kb)
    by_day: dict[tuple[str, date], list[Observation]] = {}
    for obs in raw:
        by_day.setdefault((obs.marker, obs.date), []).append(obs)
    resolved: list[Observation] = []
    conflicts: list[FindingConflict] = []
    for (marker, day), group in sorted(by_day.items()):
        chosen, conflict = resolve_day(marker, day, group)
        resolved.append(chosen)
        if conflict is not None:
            conflicts.append(conflict)
    current = [o for o in resolved if as_of is None or _is_current(o, kb, as_of)]
    stale = [o for o in resolved if o not in current]
    latest = {o.marker: o for o in current}  # resolved is sorted by (marker, date)
    latest_stale = {o.marker: o for o in stale}
    states = tuple(_state(marker, latest, latest_stale) for marker in kb.markers.values())
    conclusion = severity_class(states, kb)
    return SeverityProfile(states, conclusion, tuple(current), tuple(stale), tuple(conflicts))


def _is_current(obs: Observation, kb: KnowledgeBase, as_of: date) -> bool:
    days = kb.currency_days(obs.marker)
    return days is None or (as_of - obs.date).days <= days


def _state(
    marker: Marker, latest: dict[str, Observation], stale: dict[str, Observation]
) -> MarkerState:
    if marker.id in latest:
        obs = latest[marker.id]
        return MarkerState(
            marker.id, marker.label, obs.status, obs.date, obs.source, marker.citations
        )
    if marker.id in stale:
        obs = stale[marker.id]
        # Too old to count: shown with its date so the team sees what needs repeating.
        return MarkerState(
            marker.id, marker.label, "out_of_date", obs.date, obs.source, marker.citations
        )
    return MarkerState(marker.id, marker.label, "not_assessed", None, "", marker.citations)


def severity_class(states: tuple[MarkerState, ...], kb: KnowledgeBase) -> Conclusion:
    """Overall severity class: severe / intermediate / mild / indeterminate (in-house).

    Source: in-house construct (rule IH-SEVERITY) built on the markers of clinical.md
    section 5. Severe: any marrow, vision or raised-ICP marker present. Intermediate: only
    complication markers (fractures, hearing, Chiari, osteomyelitis, growth, calcium,
    seizures) present. Mild: nothing present and every severe-group marker assessed absent.
    Indeterminate: nothing present but some severe-group markers not known.
    """
    groups = {m.id: m.group for m in kb.markers.values()}
    core = [s for s in states if groups[s.marker] in SEVERE_GROUPS]
    severe = [s for s in core if s.status == "present"]
    other = [s for s in states if groups[s.marker] == "complication" and s.status == "present"]
    unknown_core = [s for s in core if s.status in NOT_KNOWN]
    if severe:
        value, used = "severe", severe
        text = "Marrow, vision or raised-ICP marker present"
    elif other:
        value, used = "intermediate", other
        text = "Only complication markers present (no marrow, vision or raised-ICP marker)"
    elif not unknown_core:
        value, used = "mild", core
        text = "No marker present; marrow, vision and ICP markers all assessed absent"
    else:
        value, used = "indeterminate", unknown_core
        text = "No marker present, but marrow, vision or ICP markers are not known"
    data = tuple(DataUsed(f"markers.{s.marker}", s.status, s.date) for s in used)
    reason = rule_reason(kb, "IH-SEVERITY", f"{text} (in-house construct, not validated)", data)
    missing = tuple(f"marker:{s.marker}" for s in unknown_core)
    label = f"{value} (in-house construct: no validated published ARO severity score)"
    return Conclusion("severity", value, label, (reason,), missing, in_house=True)
