"""Between stored rows and the core's `PatientRecord`: the one place that knows both shapes.

Row public ids are the record items' ids, so exporting, importing and exporting again
gives the same identifiers. Importing is `record_import.py`'s.
"""

from __future__ import annotations

from engraft.core.record import patient as core
from engraft.core.record.findings import FindingKind, Trend
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

from . import models


def to_record(patient: models.Patient, *, base_url: str = "") -> core.PatientRecord:
    """The stored patient as the core's plain record (voided facts left out)."""
    return core.PatientRecord(
        id=str(patient.public_id),
        demographics=core.Demographics(
            identifier=patient.hospital_number or str(patient.public_id),
            identifier_system=patient.issuing_hospital,
            family_name=patient.family_name,
            given_names=tuple(patient.given_names.split()),
            birth_date=patient.birth_date,
            sex=Sex(patient.sex),
        ),
        diagnosis=core.Diagnosis(
            id=f"{patient.public_id}-diagnosis",
            clinical_form=ClinicalForm(patient.clinical_form),
            diagnosed_on=patient.diagnosed_on,
            genotype_pending=patient.genotype_pending,
        ),
        relatives=tuple(
            core.Relative(
                id=str(r.public_id),
                relationship=core.Relationship(r.relationship),
                family_name=r.family_name,
                given_names=tuple(r.given_names.split()),
                sex=Sex(r.sex),
                birth_date=r.birth_date,
                phone=r.phone or None,
            )
            for r in patient.relatives.all()
        ),
        genetic_results=tuple(
            core.GeneticResult(
                id=str(g.public_id),
                gene=g.gene,
                zygosity=Zygosity(g.zygosity),
                testing_lab=g.testing_lab,
                reported_on=g.reported_on,
                variants=tuple(
                    core.Variant(
                        id=str(v.public_id),
                        hgvs=v.hgvs,
                        protein_hgvs=v.protein_hgvs or None,
                        classification=VariantClassification(v.classification),
                    )
                    for v in g.variants.all()
                ),
            )
            for g in patient.genetic_results.all()
            if not g.is_voided
        ),
        findings=tuple(
            core.Finding(
                id=str(f.public_id),
                kind=FindingKind(f.kind),
                observed_on=f.observed_on,
                source=f.source,
                present=f.present,
                quantity=f.quantity,
                category=f.category or None,
                trend=Trend(f.trend) if f.trend else None,
                note=f.note,
            )
            for f in patient.findings.all()
            if not f.is_voided
        ),
        labs=tuple(
            core.LabResult(
                id=str(lab.public_id),
                analyte=lab.analyte,
                collected_at=lab.collected_at,
                value=lab.value,
                unit=lab.unit,
                lab=lab.lab,
            )
            for lab in patient.lab_results.all()
            if not lab.is_voided
        ),
        documents=tuple(
            core.Document(
                id=str(d.public_id),
                title=d.title,
                kind=d.kind,
                created_at=d.recorded_at,
                url=f"{base_url}/staff/patients/{patient.public_id}/documents/{d.public_id}/",
                content_type=d.content_type,
            )
            for d in patient.documents.all()
            if not d.is_voided
        ),
        studies=tuple(
            core.Study(
                id=str(st.public_id),
                code=st.code,
                performed_on=st.performed_on,
                performed_by=st.performed_by,
                conclusion=st.conclusion,
                result=st.result or None,
                result_findings=tuple(st.result_findings or ()),
            )
            for st in patient.studies.all()
            if not st.is_voided
        ),
    )


def full_records():
    """Patients with every part of the record fetched in a fixed number of queries."""
    return models.Patient.objects.prefetch_related(
        "relatives",
        "genetic_results__variants",
        "findings",
        "lab_results",
        "documents",
        "studies",
    )


def load_patient(public_id) -> models.Patient:
    """One patient with every part of the record (see `full_records`)."""
    return full_records().get(public_id=public_id)
