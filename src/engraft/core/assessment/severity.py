"""Severity profile at diagnosis: each marker of clinical.md section 5 and an overall class.

The research found no validated published severity score for ARO (section 5), so the overall
class is an Engraft in-house construct and says so in its output.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engraft.core.assessment.case import Case, FindingStatus, LabName
from engraft.core.assessment.result import Conclusion, DataUsed, MarkerState, rule_reason
from engraft.core.knowledge import KnowledgeBase

# Marker groups whose presence makes the in-house class "severe": marrow failure, vision
# loss and raised intracranial pressure are what section 5 and rule 4 treat as prognostic.
SEVERE_GROUPS = ("marrow", "vision", "neuro_compression")
HAEMATOLOGIC = "haematologic_impairment"


@dataclass(frozen=True)
class Observation:
    """A marker status on a date, from a finding or derived from a lab (in-house cut-off)."""

    marker: str
    status: str
    date: date
    source: str


@dataclass(frozen=True)
class SeverityProfile:
    """Marker states, the in-house class, and every dated observation behind them."""

    markers: tuple[MarkerState, ...]
    conclusion: Conclusion
    observations: tuple[Observation, ...]

    def state(self, marker: str) -> MarkerState:
        """The current state of one marker."""
        return next(m for m in self.markers if m.marker == marker)

    def present(self, marker: str) -> bool:
        """True when the latest observation of the marker says present."""
        return self.state(marker).status == FindingStatus.PRESENT

    def present_observations(self, marker: str) -> tuple[Observation, ...]:
        """Every observation of the marker as present (not just the latest)."""
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


def assess_severity(case: Case, kb: KnowledgeBase) -> SeverityProfile:
    """Marker states (latest observation wins; a finding beats a lab on the same day)."""
    observations = [Observation(f.marker, str(f.status), f.date, "finding") for f in case.findings]
    observations += lab_observations(case, kb)
    # Sort so that the last observation per marker is the latest, findings after labs on ties.
    observations.sort(key=lambda o: (o.date, o.source == "finding"))
    latest: dict[str, Observation] = {o.marker: o for o in observations}
    states = tuple(
        MarkerState(
            marker.id,
            marker.label,
            latest[marker.id].status if marker.id in latest else "not_assessed",
            latest[marker.id].date if marker.id in latest else None,
            latest[marker.id].source if marker.id in latest else "",
            marker.citations,
        )
        for marker in kb.markers.values()
    )
    conclusion = severity_class(states, kb)
    return SeverityProfile(states, conclusion, tuple(observations))


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
    unknown_core = [s for s in core if s.status in ("unknown", "not_assessed")]
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
