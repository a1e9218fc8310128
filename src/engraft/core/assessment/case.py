"""The case an assessment reads: plain, dated clinical data about one child at diagnosis.

A Django app maps a patient record to these dataclasses; the CLI parses them from JSON
(see ``parse.py`` and ``case.schema.json``). Every observation carries its date, so the
assessment can show the date of the data it used and tell what is out of date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity


class GeneticTestingStatus(StrEnum):
    """Where the genetic work-up stands."""

    NOT_SENT = "not_sent"
    PENDING = "pending"
    REPORTED = "reported"


class FindingStatus(StrEnum):
    """A clinician's statement about a severity marker on a date."""

    PRESENT = "present"
    ABSENT = "absent"
    UNKNOWN = "unknown"


class WorkupRecordStatus(StrEnum):
    """Whether an assessment at diagnosis has been done or only requested."""

    DONE = "done"
    REQUESTED = "requested"


class LabName(StrEnum):
    """Laboratory values the assessment interprets (units are part of the name)."""

    HAEMOGLOBIN_G_DL = "haemoglobin_g_dl"
    PLATELETS_10E9_L = "platelets_10e9_l"


class DonorType(StrEnum):
    """Donor type under consideration, for outcome counselling (clinical.md section 3)."""

    MSD = "MSD"
    MRD = "MRD"
    MUD = "MUD"
    MMUD = "MMUD"
    MMRD = "MMRD"
    UCB = "UCB"


@dataclass(frozen=True)
class GeneticResult:
    """A reported genotype for one gene: zygosity is for the gene's variants taken together."""

    gene: str
    zygosity: Zygosity
    classification: VariantClassification
    variants: tuple[str, ...] = ()
    # The laboratory's report date; None: the genetic testing's reported_on stands for it.
    reported_on: date | None = None


@dataclass(frozen=True)
class GeneticTesting:
    """Status of the genetic work-up (panel or WES)."""

    status: GeneticTestingStatus
    requested_on: date | None = None
    reported_on: date | None = None
    ostm1_deletion_analysis: bool | None = None


@dataclass(frozen=True)
class Finding:
    """A severity marker (id from the knowledge base's markers) observed on a date."""

    marker: str
    status: FindingStatus
    date: date
    note: str = ""


@dataclass(frozen=True)
class LabResult:
    """A dated laboratory value."""

    name: LabName
    value: float
    date: date


@dataclass(frozen=True)
class WorkupRecord:
    """An assessment at diagnosis (id from the knowledge base's work-up list) and its date."""

    item: str
    date: date
    status: WorkupRecordStatus = WorkupRecordStatus.DONE


@dataclass(frozen=True)
class LanskyScore:
    """Lansky play-performance score (0-100 in steps of 10) and when it was scored."""

    score: int
    date: date


@dataclass(frozen=True)
class HctCiRecord:
    """HCT-CI comorbidity items present (ids from the knowledge base) on a date."""

    date: date
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """One child at diagnosis, as the assessment needs them."""

    case_id: str
    sex: Sex
    date_of_birth: date
    genetic_testing: GeneticTesting
    clinical_form: ClinicalForm = ClinicalForm.UNKNOWN
    genetics: tuple[GeneticResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    labs: tuple[LabResult, ...] = ()
    workup: tuple[WorkupRecord, ...] = ()
    lansky: LanskyScore | None = None
    hct_ci: HctCiRecord | None = None
    donor_type: DonorType | None = None
    notes: tuple[str, ...] = field(default=())
