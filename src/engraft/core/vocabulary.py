"""Terms shared by every part of the core: the words a clinician uses for a genotype.

Kept in one module so that the record, the assessment and the exports agree on them.
"""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    """Administrative sex as recorded at referral (FHIR AdministrativeGender)."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class ClinicalForm(StrEnum):
    """Clinical form of osteopetrosis (clinical.md section 1)."""

    INFANTILE_ARO = "infantile_aro"
    INTERMEDIATE_ARO = "intermediate_aro"
    ADO = "ado"
    OTHER = "other"
    UNKNOWN = "unknown"


class Zygosity(StrEnum):
    """Zygosity of a reported variant, or of the gene's variants taken together."""

    HOMOZYGOUS = "homozygous"
    COMPOUND_HETEROZYGOUS = "compound_heterozygous"
    HETEROZYGOUS = "heterozygous"
    HEMIZYGOUS = "hemizygous"

    @property
    def is_biallelic(self) -> bool:
        """Both copies of an autosomal gene carry a variant."""
        return self in (Zygosity.HOMOZYGOUS, Zygosity.COMPOUND_HETEROZYGOUS)


class VariantClassification(StrEnum):
    """ACMG/AMP five-tier classification of a sequence variant."""

    PATHOGENIC = "pathogenic"
    LIKELY_PATHOGENIC = "likely_pathogenic"
    UNCERTAIN_SIGNIFICANCE = "uncertain_significance"
    LIKELY_BENIGN = "likely_benign"
    BENIGN = "benign"

    @property
    def is_causal(self) -> bool:
        """Pathogenic or likely pathogenic: may be used to call a genetic diagnosis."""
        return self in (
            VariantClassification.PATHOGENIC,
            VariantClassification.LIKELY_PATHOGENIC,
        )
