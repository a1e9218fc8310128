"""Which discipline reports which clinical facts: the scope of a specialist's permissions.

Data, not rules: a specialist records and voids only the finding kinds and studies their
discipline reports (and their discipline's work-up tasks, whose discipline the template
gives). The discipline names are those of the work-up template (workup/seed_template.py).
A kind no discipline reports (transfusion dependence, the Lansky score) is the physicians'
and coordinators' alone. In-house assignment of programme practice, not from the research
notes.
"""

from __future__ import annotations

from collections.abc import Mapping

GENETICS = "genetics"

FINDINGS_BY_DISCIPLINE: Mapping[str, frozenset[str]] = {
    "ophthalmology": frozenset({"vep", "erg", "fundoscopy", "visual_impairment"}),
    "audiology": frozenset({"hearing_abr"}),
    "neurology": frozenset(
        {
            "developmental_assessment",
            "seizures",
            "hydrocephalus",
            "chiari_or_raised_icp",
            "head_circumference",
        }
    ),
    "neuropsychology": frozenset({"developmental_assessment"}),
    "radiology": frozenset(
        {
            "hydrocephalus",
            "chiari_or_raised_icp",
            "hepatosplenomegaly",
            "fractures",
            "osteomyelitis",
            "extramedullary_haematopoiesis",
        }
    ),
    "dental": frozenset({"osteomyelitis"}),
    "nutrition": frozenset({"weight", "length", "head_circumference"}),
}

STUDIES_BY_DISCIPLINE: Mapping[str, frozenset[str]] = {
    "radiology": frozenset(
        {"skeletal_survey", "brain_mri", "ct_optic_canal", "abdominal_ultrasound", "other_imaging"}
    ),
    "cardiology": frozenset({"echocardiogram"}),
    "dental": frozenset({"dental_review"}),
    "ent": frozenset({"airway_ent"}),
}

# Laboratory results belong to the laboratory discipline (the template's lab tests).
LABORATORY = "laboratory"


def _reporting(table: Mapping[str, frozenset[str]], code: str) -> frozenset[str]:
    return frozenset(discipline for discipline, codes in table.items() if code in codes)


def finding_disciplines(kind: str) -> frozenset[str]:
    """The disciplines that report a finding of this kind (none: physicians only)."""
    return _reporting(FINDINGS_BY_DISCIPLINE, kind)


def study_disciplines(code: str) -> frozenset[str]:
    """The disciplines that report a study of this code (none: physicians only)."""
    return _reporting(STUDIES_BY_DISCIPLINE, code)


def finding_kinds_of(discipline: str) -> frozenset[str]:
    return FINDINGS_BY_DISCIPLINE.get(discipline, frozenset())


def study_codes_of(discipline: str) -> frozenset[str]:
    return STUDIES_BY_DISCIPLINE.get(discipline, frozenset())
