"""Reads of the record for its pages: patient list, timeline, lab series."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from engraft.core.record.age import EventBeforeBirthError, age_at
from engraft.core.record.analytes import get_analyte
from engraft.core.record.findings import spec_for

from . import models

SORTS = {
    "name": ("family_name", "given_names"),
    "-birth_date": ("-birth_date",),
    "birth_date": ("birth_date",),
    "-updated_at": ("-updated_at",),
}


def patients(stage: str = "", form: str = "", search: str = "", sort: str = "name") -> QuerySet:
    found = models.Patient.objects.all()
    if stage:
        found = found.filter(pathway_stage=stage)
    if form:
        found = found.filter(clinical_form=form)
    for word in search.split():
        found = found.filter(
            Q(family_name__icontains=word)
            | Q(given_names__icontains=word)
            | Q(hospital_number__icontains=word)
        )
    return found.order_by(*SORTS.get(sort, SORTS["name"]), "id")


@dataclass
class TimelineEvent:
    on: date
    at: datetime | None
    kind: str
    title: str
    details: list[str] = field(default_factory=list)
    voided: bool = False
    age: str = ""


def finding_summary(finding: models.Finding) -> str:
    spec = spec_for(finding.kind)
    parts = []
    if finding.present is not None:
        parts.append("present" if finding.present else "absent")
    if finding.category:
        parts.append(finding.category.replace("_", " "))
    if finding.quantity is not None:
        parts.append(f"{finding.quantity:g} {spec.unit or ''}".strip())
    if finding.trend:
        parts.append(f"trend {finding.trend}")
    return f"{spec.display}: {', '.join(parts) or 'recorded'}"


def lab_line(lab: models.LabResult) -> str:
    analyte = get_analyte(lab.analyte)
    flag = f" ({lab.flags.replace('_', ' ')})" if lab.flags else ""
    return f"{analyte.display} {lab.value:g} {lab.unit}{flag}"


def timeline(patient: models.Patient) -> list[TimelineEvent]:
    """Every event of the record in date order, with the child's age at each.

    Lab values taken at the same moment are one event (one blood draw), which keeps a record
    with thousands of values readable. Uses a fixed number of queries.
    """
    events: list[TimelineEvent] = [TimelineEvent(patient.birth_date, None, "birth", "Born")]
    for referral in patient.referrals.all():
        events.append(
            TimelineEvent(
                referral.received_on,
                None,
                "referral",
                f"Referred by {referral.referring_clinician}, {referral.referring_institution}",
                [referral.reason],
            )
        )
    if patient.diagnosed_on:
        events.append(
            TimelineEvent(
                patient.diagnosed_on, None, "diagnosis",
                f"Diagnosis: {patient.get_clinical_form_display()}",
            )
        )  # fmt: skip
    for result in patient.genetic_results.all():
        variants = [
            f"{v.hgvs} {v.protein_hgvs} ({v.get_classification_display()})".replace("  ", " ")
            for v in result.variants.all()
        ]
        events.append(
            TimelineEvent(
                result.reported_on,
                None,
                "genetics",
                f"Genetic result: {result.gene}, {result.get_zygosity_display().lower()}",
                [*variants, f"Lab: {result.testing_lab}"],
                result.is_voided,
            )
        )
    for finding in patient.findings.all():
        events.append(
            TimelineEvent(
                finding.observed_on,
                None,
                "finding",
                finding_summary(finding),
                [f"Source: {finding.source}", *([finding.note] if finding.note else [])],
                finding.is_voided,
            )
        )
    draws: dict[datetime, list[models.LabResult]] = defaultdict(list)
    for lab in patient.lab_results.all():
        if not lab.is_voided:
            draws[lab.collected_at].append(lab)
    for at, labs in draws.items():
        local = timezone.localtime(at)
        events.append(
            TimelineEvent(local.date(), local, "labs", "Laboratory results",
                          [lab_line(lab) for lab in labs])
        )  # fmt: skip
    for study in patient.studies.all():
        events.append(
            TimelineEvent(study.performed_on, None, "study",
                          f"{study.get_code_display()}: {study.conclusion}",
                          [f"By {study.performed_by}"], study.is_voided)
        )  # fmt: skip
    for document in patient.documents.all():
        local = timezone.localtime(document.recorded_at)
        events.append(
            TimelineEvent(local.date(), local, "document", f"Document: {document.title}",
                          [document.kind], document.is_voided)
        )  # fmt: skip
    for event in events:
        try:
            event.age = age_at(patient.birth_date, event.on).label
        except EventBeforeBirthError:
            # A date of birth corrected after the fact can leave older entries before it.
            event.age = "before the date of birth: check the dates"
    events.sort(key=lambda e: (e.on, e.at.time() if e.at else datetime.min.time()))
    return events


def lab_series(patient: models.Patient) -> dict[str, list[models.LabResult]]:
    """Valid lab results grouped by analyte, oldest first."""
    series: dict[str, list[models.LabResult]] = defaultdict(list)
    for lab in patient.lab_results.all():
        if not lab.is_voided:
            series[lab.analyte].append(lab)
    return dict(series)
