"""Where the record keeps each follow-up item's results, and the entries that show one was done.

Results are entered where the record keeps them (a VEP is an ophthalmology finding, a skeletal
survey a radiology study, immunoglobulins laboratory values, chimerism a result of the
transplant episode); the follow-up page links to those forms and reads the entries back. An
entry of the item's kind inside a visit's window counts as that visit done.

Which entries count is an in-house choice of Engraft, to be reviewed by the transplant
physician: a weight alone does not count for growth (the ward weighs every day), a length or
height, head circumference or length finding does; no record entry counts for the endocrine
review (calcium is measured daily on the ward), which is marked done on the follow-up page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from engraft.core.record.analytes import get_analyte
from engraft.core.record.findings import spec_for
from engraft.core.record.studies import STUDY_SPECS
from engraft.record.models import BodyMeasurement, Finding, LabResult, Study
from engraft.transplant.models import TransplantEpisode


@dataclass(frozen=True)
class RecordKinds:
    """The record entries of one follow-up item: finding kinds, study codes, lab analytes."""

    findings: frozenset[str] = frozenset()
    studies: frozenset[str] = frozenset()
    labs: frozenset[str] = frozenset()
    heights: bool = False  # a body measurement with a length or height
    chimerism: bool = False  # a chimerism result of the transplant episode
    entry_forms: tuple[str, ...] = field(default=())  # "finding", "study", "lab", "chimerism"


RECORD_KINDS: Mapping[str, RecordKinds] = {
    "vision": RecordKinds(findings=frozenset({"vep"}), entry_forms=("finding",)),
    "hearing": RecordKinds(findings=frozenset({"hearing_abr"}), entry_forms=("finding",)),
    "growth": RecordKinds(
        findings=frozenset({"length", "head_circumference"}),
        heights=True,
        entry_forms=("finding",),
    ),
    "development": RecordKinds(
        findings=frozenset({"developmental_assessment"}), entry_forms=("finding",)
    ),
    "endocrine": RecordKinds(entry_forms=("lab",)),
    "dental": RecordKinds(studies=frozenset({"dental_review"}), entry_forms=("study",)),
    "bone": RecordKinds(studies=frozenset({"skeletal_survey"}), entry_forms=("study",)),
    "chimerism": RecordKinds(chimerism=True, entry_forms=("chimerism",)),
    "immune_reconstitution": RecordKinds(
        labs=frozenset({"igg", "iga", "igm"}), entry_forms=("lab",)
    ),
}


@dataclass(frozen=True)
class Evidence:
    """A record entry that shows a follow-up item was seen, e.g. "VEP recorded 3 Mar 2027"."""

    item: str
    on: date
    what: str  # "VEP", "Skeletal survey (radiographs)"


def kinds_of(item: str) -> RecordKinds:
    return RECORD_KINDS.get(item, RecordKinds())


def entry_labels(item: str) -> list[str]:
    """What the record's forms are to be used for, in words (for the links on the page)."""
    kinds = kinds_of(item)
    words = [spec_for(k).display for k in sorted(kinds.findings)]
    words += [STUDY_SPECS[c].display for c in sorted(kinds.studies)]
    words += [get_analyte(a).display for a in sorted(kinds.labs)]
    return words


def record_evidence(episode: TransplantEpisode, today: date) -> list[Evidence]:
    """Every current record entry of the patient that is a follow-up item's result, dated
    from day 0 to today (the schedule decides which visit's window it falls in)."""
    patient, day0 = episode.patient, episode.day0
    found: list[Evidence] = []
    by_finding = {k: item for item, kinds in RECORD_KINDS.items() for k in kinds.findings}
    by_study = {c: item for item, kinds in RECORD_KINDS.items() for c in kinds.studies}
    by_lab = {a: item for item, kinds in RECORD_KINDS.items() for a in kinds.labs}
    for f in Finding.objects.filter(
        patient=patient, voided_at=None, kind__in=by_finding,
        observed_on__gte=day0, observed_on__lte=today,
    ):  # fmt: skip
        found.append(Evidence(by_finding[f.kind], f.observed_on, spec_for(f.kind).display))
    for s in Study.objects.filter(
        patient=patient, voided_at=None, code__in=by_study,
        performed_on__gte=day0, performed_on__lte=today,
    ):  # fmt: skip
        found.append(Evidence(by_study[s.code], s.performed_on, STUDY_SPECS[s.code].display))
    for lab in LabResult.objects.filter(patient=patient, voided_at=None, analyte__in=by_lab):
        on = timezone.localdate(lab.collected_at)
        if day0 <= on <= today:
            found.append(Evidence(by_lab[lab.analyte], on, get_analyte(lab.analyte).display))
    growth = [item for item, kinds in RECORD_KINDS.items() if kinds.heights]
    for m in BodyMeasurement.objects.filter(
        patient=patient, voided_at=None, height_cm__isnull=False,
        measured_on__gte=day0, measured_on__lte=today,
    ):  # fmt: skip
        found += [Evidence(item, m.measured_on, "Length or height") for item in growth]
    chimerism = [item for item, kinds in RECORD_KINDS.items() if kinds.chimerism]
    for c in episode.chimerism_results.filter(
        voided_at=None, sampled_on__gte=day0, sampled_on__lte=today
    ):
        found += [Evidence(item, c.sampled_on, "Chimerism") for item in chimerism]
    return sorted(found, key=lambda e: (e.on, e.item, e.what))
