"""The patient record as the assessment's case: the one place that knows both shapes.

Mapping only, no clinical judgement: each stored fact becomes the case item that names the
same thing, with its date. A fact with no counterpart in the case format is left out, and
the core then lists what it is missing. The table of the mapping is in docs/assessment.md
("The record as a case"); a change here changes that table.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, tzinfo

from engraft.core.assessment.case import (
    Case,
    Finding,
    FindingStatus,
    GeneticResult,
    GeneticTesting,
    GeneticTestingStatus,
    LabName,
    LabResult,
    LanskyScore,
    WorkupRecord,
)
from engraft.core.assessment.parse import CaseError
from engraft.core.fhir.bundle_import import BundleImportError, import_bundle
from engraft.core.knowledge import read_data_file
from engraft.core.record import patient as record
from engraft.core.record.findings import FindingKind, Trend
from engraft.core.record.studies import STUDY_SPECS, StudyResult
from engraft.core.vocabulary import VariantClassification

# ACMG tiers from most to least pathogenic. A gene's result is as strong as its weakest
# variant: a compound heterozygote of a pathogenic variant and a VUS is not a confirmed
# biallelic diagnosis, so it must not be read as one.
PATHOGENICITY_ORDER: tuple[VariantClassification, ...] = (
    VariantClassification.PATHOGENIC,
    VariantClassification.LIKELY_PATHOGENIC,
    VariantClassification.UNCERTAIN_SIGNIFICANCE,
    VariantClassification.LIKELY_BENIGN,
    VariantClassification.BENIGN,
)

# The finding-to-marker tables are knowledge-base data (record_markers.json): which record
# kinds recorded present/absent name one case marker each, which coded results name a
# marker's state, and what an abnormal brain MRI states.
_TABLES = read_data_file("record_markers.json")
PRESENCE_MARKERS: dict[FindingKind, str] = {
    FindingKind(kind): marker for kind, marker in _TABLES["presence"].items()
}
CATEGORY_MARKERS: dict[tuple[FindingKind, str], tuple[tuple[str, FindingStatus], ...]] = {}
for _row in _TABLES["categories"]:
    _key = (FindingKind(_row["kind"]), _row["category"])
    CATEGORY_MARKERS[_key] = (
        *CATEGORY_MARKERS.get(_key, ()),
        (_row["marker"], FindingStatus(_row["status"])),
    )
BRAIN_MRI_ABNORMAL: str = _TABLES["brain_mri"]["abnormal_marker"]
BRAIN_MRI_MARKERS: dict[str, tuple[str, ...]] = {
    finding: tuple(markers) for finding, markers in _TABLES["brain_mri"]["findings"].items()
}

# Serial measurements whose trend says whether vision is falling (the case's own marker).
VISION_TREND_KINDS = (FindingKind.VEP, FindingKind.VISUAL_IMPAIRMENT)

# Laboratory analytes (record catalogue keys, canonical units) the case format takes.
CASE_LABS: dict[str, LabName] = {
    "haemoglobin": LabName.HAEMOGLOBIN_G_DL,  # stored in g/dL
    "platelets": LabName.PLATELETS_10E9_L,  # stored in 10*9/L
}

# Assessments at diagnosis (workup.json ids) that a stored result shows were done.
WORKUP_FROM_LABS: dict[str, str] = {
    "haemoglobin": "cbc_film",
    "platelets": "cbc_film",
    "white_cells": "cbc_film",
    "anc": "cbc_film",
    "calcium": "bone_mineral_labs",
    "calcium_ionised": "bone_mineral_labs",
    "phosphate": "bone_mineral_labs",
    "pth": "bone_mineral_labs",
    "alkaline_phosphatase": "bone_mineral_labs",
    "igg": "immunology",
    "iga": "immunology",
    "igm": "immunology",
    "bicarbonate": "bicarbonate_urine_ph",
}
WORKUP_FROM_FINDINGS: dict[FindingKind, str] = {
    FindingKind.HEARING_ABR: "audiology_abr",
    FindingKind.DEVELOPMENTAL_ASSESSMENT: "neuro_developmental",
}


def classification_of(result: record.GeneticResult) -> VariantClassification | None:
    """The least pathogenic class among the gene's variants; None when none is classified."""
    classes = [v.classification for v in result.variants]
    if not classes:
        return None
    return max(classes, key=PATHOGENICITY_ORDER.index)


def genetics_of(results: tuple[record.GeneticResult, ...]) -> tuple[GeneticResult, ...]:
    """One case entry per reported gene, with its report date; a report without a classified
    variant is left out."""
    out = []
    for result in results:
        classification = classification_of(result)
        if classification is None:
            continue
        out.append(
            GeneticResult(
                gene=result.gene.strip().upper(),
                zygosity=result.zygosity,
                classification=classification,
                variants=tuple(v.hgvs for v in result.variants),
                reported_on=result.reported_on,
            )
        )
    return tuple(out)


def genetic_testing_of(rec: record.PatientRecord) -> GeneticTesting:
    """Pending while the record says so; otherwise reported (with or without a diagnosis).

    The record holds no "not sent" state nor the date a test was requested, nor whether the
    OSTM1 deletion analysis was done; those stay unknown for the core to point out.
    """
    reported = max((g.reported_on for g in rec.genetic_results), default=None)
    status = (
        GeneticTestingStatus.PENDING
        if rec.diagnosis.genotype_pending
        else GeneticTestingStatus.REPORTED
    )
    return GeneticTesting(status=status, reported_on=reported)


def _presence(present: bool | None) -> FindingStatus:
    if present is None:
        return FindingStatus.UNKNOWN
    return FindingStatus.PRESENT if present else FindingStatus.ABSENT


def markers_of(finding: record.Finding) -> Iterator[Finding]:
    """The case markers one stored finding states (none for a kind the case does not take)."""
    kind, on, note = finding.kind, finding.observed_on, finding.note
    if kind in PRESENCE_MARKERS:
        status = _presence(finding.present)
        yield Finding(PRESENCE_MARKERS[kind], status, on, note)
        if kind is FindingKind.SEIZURES and finding.category == "hypocalcaemic" and finding.present:
            # The recorded cause names the marker: hypocalcaemic seizures are hypocalcaemia.
            yield Finding("hypocalcaemia", FindingStatus.PRESENT, on, note)
    elif kind is FindingKind.EXTRAMEDULLARY_HAEMATOPOIESIS and finding.present:
        # The knowledge base's splenomegaly marker is "(extramedullary haematopoiesis)"; its
        # absence says nothing about the spleen, so only a present finding is mapped.
        yield Finding("splenomegaly", FindingStatus.PRESENT, on, note or "extramedullary")
    elif kind is FindingKind.CHIARI_OR_RAISED_ICP:
        yield from _chiari_or_icp(finding)
    for marker, status in CATEGORY_MARKERS.get((kind, finding.category or ""), ()):
        yield Finding(marker, status, on, note or (finding.category or ""))
    if kind in VISION_TREND_KINDS and finding.trend is not None:
        falling = finding.trend is Trend.WORSENING
        status = FindingStatus.PRESENT if falling else FindingStatus.ABSENT
        yield Finding("vision_declining", status, on, f"{kind.value} trend {finding.trend.value}")


def _chiari_or_icp(finding: record.Finding) -> Iterator[Finding]:
    """One record kind covers two case markers; the category says which one."""
    on, note = finding.observed_on, finding.note
    if finding.present is None:
        return
    if not finding.present:
        yield Finding("raised_icp", FindingStatus.ABSENT, on, note)
        yield Finding("chiari_foramen_magnum", FindingStatus.ABSENT, on, note)
    elif finding.category in ("chiari", "foramen_magnum_stenosis"):
        yield Finding("chiari_foramen_magnum", FindingStatus.PRESENT, on, note)
    else:
        # "raised_icp", or present with no category: read as raised ICP, the reading that
        # asks the most of the team (an urgency trigger); the note says it was not coded.
        uncoded = "" if finding.category else "recorded as Chiari or raised ICP, not coded"
        yield Finding("raised_icp", FindingStatus.PRESENT, on, note or uncoded)


def mri_markers(study: record.Study) -> Iterator[Finding]:
    """The case markers a coded brain MRI result states (none while it is not coded).

    Normal: no abnormal brain MRI. Abnormal: an abnormal brain MRI (rule 2's screen) and
    each marker its findings name (hydrocephalus is raised ICP, for example).
    """
    if study.code != "brain_mri" or study.result is None:
        return
    on, note = study.performed_on, study.conclusion
    if study.result == StudyResult.NORMAL:
        yield Finding(BRAIN_MRI_ABNORMAL, FindingStatus.ABSENT, on, note)
        return
    what = ", ".join(study.result_findings)
    yield Finding(BRAIN_MRI_ABNORMAL, FindingStatus.PRESENT, on, what or note)
    for name in sorted(set(study.result_findings)):
        for marker in BRAIN_MRI_MARKERS.get(name, ()):
            yield Finding(marker, FindingStatus.PRESENT, on, f"brain MRI: {name}")


def local_day(moment: datetime, zone: tzinfo | None) -> date:
    """The calendar day of `moment` in `zone` (the centre's), or in its own offset if None."""
    return (moment.astimezone(zone) if zone else moment).date()


def labs_of(labs: tuple[record.LabResult, ...], zone: tzinfo | None) -> tuple[LabResult, ...]:
    """Haemoglobin and platelets in the case's units, dated by the local day of sampling."""
    return tuple(
        LabResult(CASE_LABS[lab.analyte], lab.value, local_day(lab.collected_at, zone))
        for lab in labs
        if lab.analyte in CASE_LABS
    )


def workup_of(rec: record.PatientRecord, zone: tzinfo | None) -> tuple[WorkupRecord, ...]:
    """Assessments at diagnosis the record shows done, one record per item and date."""
    done: set[tuple[str, date]] = set()
    for lab in rec.labs:
        if lab.analyte in WORKUP_FROM_LABS:
            done.add((WORKUP_FROM_LABS[lab.analyte], local_day(lab.collected_at, zone)))
    for finding in rec.findings:
        if finding.kind in WORKUP_FROM_FINDINGS:
            done.add((WORKUP_FROM_FINDINGS[finding.kind], finding.observed_on))
    for study in rec.studies:
        spec = STUDY_SPECS.get(study.code)
        if spec is not None and spec.workup_item is not None:
            done.add((spec.workup_item, study.performed_on))
    # The ophthalmology item is VEP and ERG together: done once both are recorded, on the
    # later of the two latest dates.
    vep = max((f.observed_on for f in rec.findings if f.kind is FindingKind.VEP), default=None)
    erg = max((f.observed_on for f in rec.findings if f.kind is FindingKind.ERG), default=None)
    if vep and erg:
        done.add(("ophthalmology_vep_erg", max(vep, erg)))
    return tuple(WorkupRecord(item, on) for item, on in sorted(done))


def lansky_of(findings: tuple[record.Finding, ...]) -> LanskyScore | None:
    """The latest Lansky score recorded."""
    scores = [f for f in findings if f.kind is FindingKind.LANSKY and f.quantity is not None]
    if not scores:
        return None
    latest = max(scores, key=lambda f: f.observed_on)
    return LanskyScore(int(latest.quantity or 0), latest.observed_on)


def case_from_record(rec: record.PatientRecord, zone: tzinfo | None = None) -> Case:
    """The assessment's case for one patient's record (voided facts already left out).

    `zone` is the centre's time zone, which decides the day a blood sample belongs to.
    """
    findings = tuple(
        marker
        for finding in sorted(rec.findings, key=lambda f: (f.observed_on, f.id))
        for marker in markers_of(finding)
    ) + tuple(
        marker
        for study in sorted(rec.studies, key=lambda s: (s.performed_on, s.id))
        for marker in mri_markers(study)
    )
    return Case(
        case_id=rec.id,
        sex=rec.demographics.sex,
        date_of_birth=rec.demographics.birth_date,
        clinical_form=rec.diagnosis.clinical_form,
        genetic_testing=genetic_testing_of(rec),
        genetics=genetics_of(rec.genetic_results),
        findings=findings,
        labs=tuple(
            sorted(labs_of(rec.labs, zone), key=lambda lab: (lab.date, lab.name, lab.value))
        ),
        workup=workup_of(rec, zone),
        lansky=lansky_of(rec.findings),
    )


def case_from_bundle(bundle: dict | str, *, today: date, zone: tzinfo | None = None) -> Case:
    """A FHIR R4 Bundle, as the record exports it, read and mapped like a stored record.

    Raises CaseError listing every problem of the Bundle (resource and field named).
    """
    try:
        rec = import_bundle(bundle, today=today)
    except BundleImportError as error:
        raise CaseError("FHIR Bundle: " + "; ".join(str(e) for e in error.errors)) from None
    return case_from_record(rec, zone)
