"""The patient as trial matching sees them: plain, dated facts, each of which may be missing.

The Django half builds a :class:`TrialPatient` from the record (patient, genotype, latest
labs, Lansky, the signed-off assessment, the transplant episode); the CLI reads one from a
patient file (``patient_file.py``). ``None`` always means "not known", never "no": matching
turns a missing fact into "cannot determine" and names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from engraft.core.assessment.case import DonorType
from engraft.core.assessment.result import Candidacy
from engraft.core.transplant.episode import GraftSource
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

__all__ = [
    "Candidacy",
    "CandidacyStatement",
    "ClinicalForm",
    "Diagnosis",
    "DonorType",
    "GeneFinding",
    "GraftSource",
    "LabReading",
    "LanskyReading",
    "Sex",
    "TransplantStatus",
    "TrialPatient",
]


class TransplantStatus(StrEnum):
    """Where the child stands on the transplant pathway."""

    CANDIDATE = "candidate"  # being assessed or prepared for a first or further HSCT
    TRANSPLANTED = "transplanted"  # day 0 of the latest HSCT has passed
    NOT_A_CANDIDATE = "not_a_candidate"  # no transplant is planned


@dataclass(frozen=True)
class Diagnosis:
    """The working diagnosis: ICD-10 code, clinical form and genetic subtype, and its date."""

    icd10: str | None = None  # e.g. "Q78.2" (osteopetrosis)
    clinical_form: ClinicalForm = ClinicalForm.UNKNOWN
    subtype: str | None = None  # knowledge-base subtype id, e.g. "TCIRG1-ARO"
    date: date | None = None  # when it was made or last confirmed


@dataclass(frozen=True)
class GeneFinding:
    """A reported genotype for one gene (zygosity of its variants taken together)."""

    gene: str  # HGNC symbol, upper case
    zygosity: Zygosity
    classification: VariantClassification
    reported_on: date | None = None


@dataclass(frozen=True)
class LabReading:
    """A laboratory value in its canonical unit; ``analyte`` is the record catalogue key."""

    analyte: str
    value: float
    unit: str  # the catalogue's canonical unit, e.g. "mg/dL"
    date: date


@dataclass(frozen=True)
class LanskyReading:
    """A Lansky play-performance score (0-100) and when it was scored."""

    score: int
    date: date


@dataclass(frozen=True)
class CandidacyStatement:
    """The assessment's HSCT candidacy (signed off or computed) and its date."""

    value: Candidacy
    date: date


@dataclass(frozen=True)
class TrialPatient:
    """One child, as the matcher needs them; every field may be unknown (None).

    - ``patient_id``: the record's public id (or the file's case id); never shown publicly.
    - ``birth_date``: for age at screening and at transplant.
    - ``sex``: administrative sex; ``unknown`` or ``other`` cannot satisfy a single-sex trial.
    - ``diagnosis``: ICD-10 code, clinical form, subtype.
    - ``genes``: reported genotypes; with ``genetics_reported_on`` set, a gene not listed is
      taken as not found (a gene criterion does not meet); without it, cannot determine.
    - ``transplant_status``, ``day0``: the latest HSCT's day 0 (for a candidate, the planned
      day 0 if one is booked, else None).
    - ``donor_type``, ``graft_source``: of the latest or the planned transplant.
    - ``prior_transplants``: HSCTs already given (day 0 on or before the matching date).
    - ``lansky``: the latest score; ``labs``: the latest value of each analyte (older values
      may be present; the matcher takes the latest on or before the matching date).
    - ``candidacy``: the assessment's HSCT candidacy.
    """

    patient_id: str
    birth_date: date | None = None
    sex: Sex = Sex.UNKNOWN
    diagnosis: Diagnosis | None = None
    genes: tuple[GeneFinding, ...] = ()
    genetics_reported_on: date | None = None
    transplant_status: TransplantStatus | None = None
    day0: date | None = None
    donor_type: DonorType | None = None
    graft_source: GraftSource | None = None
    prior_transplants: int | None = None
    lansky: LanskyReading | None = None
    labs: tuple[LabReading, ...] = ()
    candidacy: CandidacyStatement | None = None

    def latest_lab(self, analyte: str, on: date) -> LabReading | None:
        """The most recent reading of ``analyte`` dated on or before ``on``."""
        best: LabReading | None = None
        for reading in self.labs:
            if reading.analyte != analyte or reading.date > on:
                continue
            if best is None or reading.date > best.date:
                best = reading
        return best
