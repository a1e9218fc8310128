"""The kinds of clinical finding the record holds: the severity markers of clinical.md 5.

Each kind says what value it takes (present/absent, a measurement in a UCUM unit, a coded
category, or a score) so that forms, the FHIR mapping and the assessment agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class FindingKind(StrEnum):
    """A severity marker or growth measurement recorded with a date and a source."""

    TRANSFUSION_DEPENDENCE = "transfusion_dependence"
    HEPATOSPLENOMEGALY = "hepatosplenomegaly"
    EXTRAMEDULLARY_HAEMATOPOIESIS = "extramedullary_haematopoiesis"
    VISUAL_IMPAIRMENT = "visual_impairment"
    FUNDOSCOPY = "fundoscopy"
    VEP = "vep"
    ERG = "erg"
    HEARING_ABR = "hearing_abr"
    HYDROCEPHALUS = "hydrocephalus"
    CHIARI_OR_RAISED_ICP = "chiari_or_raised_icp"
    SEIZURES = "seizures"
    FRACTURES = "fractures"
    OSTEOMYELITIS = "osteomyelitis"
    DEVELOPMENTAL_ASSESSMENT = "developmental_assessment"
    LANSKY = "lansky"
    WEIGHT = "weight"
    LENGTH = "length"
    HEAD_CIRCUMFERENCE = "head_circumference"


class Trend(StrEnum):
    """Direction of a serial measurement (VEP latency, hearing) since the previous one."""

    IMPROVING = "improving"
    STABLE = "stable"
    WORSENING = "worsening"


@dataclass(frozen=True)
class FindingSpec:
    """What a finding kind records, and why it is in the record."""

    kind: FindingKind
    display: str
    presence: bool  # records present / absent
    unit: str | None  # UCUM unit of its measurement, if it has one
    quantity_range: tuple[float, float] | None  # possible measurement values (in-house)
    categories: tuple[str, ...]  # allowed coded results, if any
    category_required: bool
    trend: bool  # may carry a trend
    loinc: str | None  # LOINC code where one exists ("to verify": not in software.md)
    source: str


_S5 = "clinical.md section 5"
_GROWTH = "clinical.md 5 (growth failure; Driessen 2003); LOINC to verify"

FINDING_SPECS: dict[FindingKind, FindingSpec] = {
    s.kind: s
    for s in (
        FindingSpec(FindingKind.TRANSFUSION_DEPENDENCE, "Transfusion-dependent anaemia",
                    True, None, None, (), False, False, None, f"{_S5}; EBMT 2025"),
        FindingSpec(FindingKind.HEPATOSPLENOMEGALY, "Hepatosplenomegaly (spleen below costal "
                    "margin)", True, "cm", (0.0, 30.0), (), False, False, None,
                    f"{_S5}; EBMT 2025; GeneReviews"),
        FindingSpec(FindingKind.EXTRAMEDULLARY_HAEMATOPOIESIS, "Extramedullary haematopoiesis",
                    True, None, None, (), False, False, None, f"{_S5}; GeneReviews"),
        FindingSpec(FindingKind.VISUAL_IMPAIRMENT, "Visual impairment", False, None, None,
                    ("none", "impaired", "severe_or_blind"), True, True, None,
                    f"{_S5}; EBMT 2025, Driessen 2003, Gerritsen 1994"),
        FindingSpec(FindingKind.FUNDOSCOPY, "Fundoscopy", False, None, None,
                    ("normal", "disc_pallor", "papilloedema", "optic_atrophy",
                     "retinal_degeneration"), True, False, None, "clinical.md 2c; Thompson 1998"),
        FindingSpec(FindingKind.VEP, "Visual evoked potentials", False, "ms", (30.0, 400.0),
                    ("normal", "delayed", "absent"), True, True, None,
                    f"{_S5}; Thompson 1998 (latency delay is the earliest marker)"),
        FindingSpec(FindingKind.ERG, "Electroretinogram", False, None, None,
                    ("normal", "abnormal", "extinguished"), True, False, None,
                    f"{_S5}; Thompson 1998; Abinun 1999"),
        FindingSpec(FindingKind.HEARING_ABR, "Hearing (ABR threshold)", False, "dB",
                    (0.0, 130.0), ("normal", "conductive_loss", "sensorineural_loss",
                                   "mixed_loss"), True, True, None, f"{_S5}; Hamidieh"),
        FindingSpec(FindingKind.HYDROCEPHALUS, "Hydrocephalus", True, None, None, (), False,
                    False, None, f"{_S5}; EBMT 2025; GeneReviews"),
        FindingSpec(FindingKind.CHIARI_OR_RAISED_ICP, "Chiari, foramen magnum stenosis or "
                    "raised ICP", True, None, None,
                    ("chiari", "foramen_magnum_stenosis", "raised_icp"), False, False, None,
                    f"{_S5}; EBMT 2025; Stattin 2017"),
        FindingSpec(FindingKind.SEIZURES, "Seizures", True, None, None,
                    ("hypocalcaemic", "other", "cause_unknown"), False, False, None,
                    f"{_S5}; EBMT 2025; Bone 2013 OSTM1"),
        FindingSpec(FindingKind.FRACTURES, "Fractures", True, None, None, (), False, False,
                    None, f"{_S5}; EBMT 2025"),
        FindingSpec(FindingKind.OSTEOMYELITIS, "Osteomyelitis (jaw)", True, None, None, (),
                    False, False, None, f"{_S5}; Stattin 2017; GeneReviews"),
        FindingSpec(FindingKind.DEVELOPMENTAL_ASSESSMENT, "Developmental assessment", False,
                    None, None, ("normal", "delayed", "regression"), True, True, None,
                    f"{_S5}; Stark 2009; Abinun 1999"),
        FindingSpec(FindingKind.LANSKY, "Lansky play-performance score", False, "{score}",
                    (0.0, 100.0), (), False, False, None, "clinical.md 7a; Lansky 1987"),
        FindingSpec(FindingKind.WEIGHT, "Weight", False, "kg", (0.3, 150.0), (), False, False,
                    "29463-7", _GROWTH),
        FindingSpec(FindingKind.LENGTH, "Length or height", False, "cm", (20.0, 220.0), (),
                    False, False, "8302-2", _GROWTH),
        FindingSpec(FindingKind.HEAD_CIRCUMFERENCE, "Head circumference", False, "cm",
                    (20.0, 70.0), (), False, False, "9843-4", _GROWTH),
    )
}  # fmt: skip

LANSKY_SCORES = tuple(range(0, 101, 10))  # clinical.md 7a: steps of 10 from 0 to 100


def spec_for(kind: FindingKind | str) -> FindingSpec:
    """The spec of a finding kind, by enum or by its string value."""
    return FINDING_SPECS[FindingKind(kind)]


def finding_value_errors(
    kind: FindingKind,
    present: bool | None,
    quantity: float | None,
    category: str | None,
    trend: Trend | None,
) -> list[tuple[str, str]]:
    """(field, message) pairs for values that do not fit the kind; empty when valid."""
    spec = FINDING_SPECS[kind]
    errors: list[tuple[str, str]] = []
    if present is not None and not spec.presence:
        errors.append(("present", f"{spec.display} is not recorded as present/absent"))
    if spec.presence and present is None:
        errors.append(("present", f"{spec.display} needs present or absent"))
    if quantity is not None:
        if spec.unit is None or spec.quantity_range is None:
            errors.append(("quantity", f"{spec.display} takes no measurement"))
        else:
            low, high = spec.quantity_range
            if not low <= quantity <= high:
                errors.append(("quantity", f"{quantity:g} {spec.unit} is outside {low:g}-{high:g}"))
            if kind is FindingKind.LANSKY and quantity not in LANSKY_SCORES:
                errors.append(("quantity", "Lansky score is 0-100 in steps of 10"))
    elif kind in (FindingKind.LANSKY, FindingKind.WEIGHT, FindingKind.LENGTH,
                  FindingKind.HEAD_CIRCUMFERENCE):  # fmt: skip
        errors.append(("quantity", f"{spec.display} needs a value"))
    if category is not None and category not in spec.categories:
        allowed = ", ".join(spec.categories) or "none"
        errors.append(("category", f"{category!r} is not a result of {spec.display} ({allowed})"))
    if category is None and spec.category_required:
        errors.append(("category", f"{spec.display} needs a result"))
    if trend is not None and not spec.trend:
        errors.append(("trend", f"{spec.display} does not carry a trend"))
    return errors


def fact_date_error(on: date, *, birth_date: date, today: date) -> str | None:
    """Why a clinical fact may not carry the date ``on``, or None when it may.

    A fact dated before the child was born, or after today, is not a clinical fact: a
    future date is a typing error (2099 for 2019) that would otherwise count as current.
    """
    if on < birth_date:
        return f"{on:%d %b %Y} is before the date of birth {birth_date:%d %b %Y}."
    if on > today:
        return f"{on:%d %b %Y} is in the future (today is {today:%d %b %Y})."
    return None
