"""The patient record as plain values: what the Django app stores and the core reads.

The FHIR export and import and the synthetic cohort all speak these dataclasses. Every
item carries a stable ``id`` (a UUID string by default) so that re-importing the same data
updates rather than duplicates. Dates of clinical facts are ``datetime.date``; moments (a
blood sample, a document) are timezone-aware ``datetime``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from engraft.core.record.findings import FindingKind, Trend
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

LOCAL_MRN_SYSTEM = "https://engraft.example.org/fhir/NamingSystem/mrn"


def new_id() -> str:
    """A fresh random identifier for a record item."""
    return str(uuid.uuid4())


class Relationship(StrEnum):
    """A relative's relationship to the patient (mapped to HL7 v3 RoleCode in FHIR)."""

    MOTHER = "mother"
    FATHER = "father"
    BROTHER = "brother"
    SISTER = "sister"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    GUARDIAN = "guardian"
    OTHER = "other"

    @property
    def is_sibling(self) -> bool:
        """A full or half sibling: a potential matched family donor."""
        return self in (Relationship.BROTHER, Relationship.SISTER, Relationship.SIBLING)


@dataclass(frozen=True)
class Demographics:
    """Who the child is: identifier, name, birth date and administrative sex."""

    identifier: str
    family_name: str
    given_names: tuple[str, ...]
    birth_date: date
    sex: Sex
    identifier_system: str = LOCAL_MRN_SYSTEM


@dataclass(frozen=True)
class Relative:
    """A parent, sibling or guardian of the patient."""

    relationship: Relationship
    family_name: str
    given_names: tuple[str, ...]
    sex: Sex = Sex.UNKNOWN
    birth_date: date | None = None
    phone: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Diagnosis:
    """The clinical form of osteopetrosis and whether the genotype is still awaited."""

    clinical_form: ClinicalForm
    diagnosed_on: date | None = None
    genotype_pending: bool = False
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Variant:
    """One sequence variant: HGVS cDNA (with transcript) and protein change, and class."""

    hgvs: str  # e.g. NM_006019.4:c.1674-1G>A
    classification: VariantClassification
    protein_hgvs: str | None = None  # e.g. p.(Arg97Cys)
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class GeneticResult:
    """A laboratory's report on one gene: variants found, zygosity, lab and date."""

    gene: str  # HGNC symbol, e.g. TCIRG1
    variants: tuple[Variant, ...]
    zygosity: Zygosity
    testing_lab: str
    reported_on: date
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Finding:
    """A dated clinical finding with its source; which values apply depends on ``kind``.

    See :mod:`engraft.core.record.findings` for the value each kind takes.
    """

    kind: FindingKind
    observed_on: date
    source: str  # who or what reported it: clinic, letter, report
    present: bool | None = None
    quantity: float | None = None  # in the kind's UCUM unit
    category: str | None = None
    trend: Trend | None = None
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class LabResult:
    """A laboratory value in the analyte's canonical UCUM unit (see ``analytes.py``)."""

    analyte: str  # catalogue key, e.g. "calcium"
    collected_at: datetime
    value: float
    unit: str
    lab: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Document:
    """A report or letter kept with the record (exported as a DocumentReference)."""

    title: str
    kind: str  # e.g. "referral letter", "genetic report", "ophthalmology report"
    created_at: datetime
    url: str
    content_type: str = "application/pdf"
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Study:
    """An imaging study, procedure or consult with its conclusion (see ``studies.py``)."""

    code: str  # a key of STUDY_SPECS, e.g. "brain_mri"
    performed_on: date
    performed_by: str
    conclusion: str
    id: str = field(default_factory=new_id)
    # The coded result, for studies whose spec has results (a brain MRI: normal / abnormal),
    # and what was abnormal (the spec's result findings); None: not coded.
    result: str | None = None
    result_findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PatientRecord:
    """Everything the programme holds about one child, as plain values."""

    demographics: Demographics
    diagnosis: Diagnosis
    relatives: tuple[Relative, ...] = ()
    genetic_results: tuple[GeneticResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    labs: tuple[LabResult, ...] = ()
    documents: tuple[Document, ...] = ()
    # Not part of the FHIR exchange yet: exported bundles carry studies as their reports only.
    studies: tuple[Study, ...] = ()
    id: str = field(default_factory=new_id)
