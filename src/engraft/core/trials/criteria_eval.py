"""Each curated leaf against a patient: meets, does not meet, or cannot determine (and why).

One small function per leaf type. A fact the leaf needs that is missing, or too old to use,
gives CANNOT_DETERMINE naming it; missing data is never "meets". Every result carries the
patient's value and its date where there is one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from engraft.core.trials.patient import TransplantStatus, TrialPatient
from engraft.core.trials.rules import (
    AgeLeaf,
    CandidacyLeaf,
    DiagnosisLeaf,
    DonorTypeLeaf,
    GeneLeaf,
    GraftSourceLeaf,
    LabLeaf,
    LanskyLeaf,
    Leaf,
    PriorTransplantLeaf,
    TransplantStatusLeaf,
)
from engraft.core.vocabulary import ClinicalForm


class Outcome(StrEnum):
    """One criterion's result for one patient."""

    MEETS = "meets"
    DOES_NOT_MEET = "does_not_meet"
    CANNOT_DETERMINE = "cannot_determine"


@dataclass(frozen=True)
class LeafOutcome:
    """A leaf's result: outcome, the patient's value and its date, missing data, the test."""

    outcome: Outcome
    value: str | None = None
    value_date: date | None = None
    missing: tuple[str, ...] = ()
    test: str = ""


def _cd(missing: str, test: str, value: str | None = None, on: date | None = None) -> LeafOutcome:
    return LeafOutcome(Outcome.CANNOT_DETERMINE, value, on, (missing,), test)


def _verdict(ok: bool) -> Outcome:
    return Outcome.MEETS if ok else Outcome.DOES_NOT_MEET


def _word(value: Any) -> str:
    """A vocabulary value in words: "expert_review" -> "expert review" (TCIRG1-ARO kept)."""
    return str(value).replace("_", " ")


def _words(values: Any) -> str:
    return ", ".join(_word(v) for v in values)


def _range(low: int | None, high: int | None, unit: str) -> str:
    if low is not None and high is not None:
        return f"{low} to {high} {unit}"
    return f"at least {low} {unit}" if low is not None else f"at most {high} {unit}"


def diagnosis(leaf: DiagnosisLeaf, patient: TrialPatient, today: date) -> LeafOutcome:
    """ICD-10 code (equal or under the category), clinical form and subtype, all that are set."""
    parts = []
    if leaf.icd10:
        parts.append(f"ICD-10 {leaf.icd10}")
    if leaf.clinical_forms:
        parts.append(f"clinical form {_words(leaf.clinical_forms)}")
    if leaf.subtypes:
        parts.append(f"subtype {_words(leaf.subtypes)}")
    test = "; ".join(parts)
    found = patient.diagnosis
    on = found.date if found else None
    checks: list[bool] = []
    missing: list[str] = []
    values: list[str] = []
    if leaf.icd10:
        code = found.icd10 if found else None
        if code is None:
            missing.append("diagnosis ICD-10 code")
        else:
            values.append(code)
            checks.append(
                code == leaf.icd10
                or code.startswith(leaf.icd10 + ".")
                or ("." not in leaf.icd10 and code.startswith(leaf.icd10))
            )
    if leaf.clinical_forms:
        form = found.clinical_form if found else ClinicalForm.UNKNOWN
        if form is ClinicalForm.UNKNOWN:
            missing.append("clinical form")
        else:
            values.append(_word(form.value))
            checks.append(form in leaf.clinical_forms)
    if leaf.subtypes:
        subtype = found.subtype if found else None
        if subtype is None:
            missing.append("genetic subtype")
        else:
            values.append(subtype)
            checks.append(subtype in leaf.subtypes)
    value = ", ".join(values) or None
    if not all(checks):
        return LeafOutcome(Outcome.DOES_NOT_MEET, value, on, (), test)
    if missing:
        return LeafOutcome(Outcome.CANNOT_DETERMINE, value, on, tuple(missing), test)
    return LeafOutcome(Outcome.MEETS, value, on, (), test)


def gene(leaf: GeneLeaf, patient: TrialPatient, today: date) -> LeafOutcome:
    """A reported genotype in one of the genes, of an accepted class and zygosity."""
    test = f"{'biallelic ' if leaf.biallelic else ''}{_words(leaf.classifications)} variant in "
    test += _words(leaf.genes)
    if leaf.zygosity:
        test += f" ({_words(leaf.zygosity)})"
    if leaf.biallelic is False:
        test += " (not biallelic)"
    reported = [g for g in patient.genes if (g.reported_on or today) <= today]
    for finding in reported:
        if finding.gene not in leaf.genes:
            continue
        ok = finding.classification in leaf.classifications
        ok = ok and (not leaf.zygosity or finding.zygosity in leaf.zygosity)
        ok = ok and (leaf.biallelic is None or finding.zygosity.is_biallelic == leaf.biallelic)
        if ok:
            value = f"{finding.gene} {finding.zygosity.value} {finding.classification.value}"
            return LeafOutcome(Outcome.MEETS, value, finding.reported_on, (), test)
    found = [f"{g.gene} {g.zygosity.value} {g.classification.value}" for g in reported]
    value = "; ".join(found) or None
    on = patient.genetics_reported_on
    if on is not None and on <= today:
        return LeafOutcome(
            Outcome.DOES_NOT_MEET, value or "no causal variant reported", on, (), test
        )
    return _cd("genetic test report", test, value)


def age(leaf: AgeLeaf, patient: TrialPatient, today: date) -> LeafOutcome:
    """Age in whole days at screening (today) or at day 0, inside the inclusive bounds."""
    test = f"age at {leaf.at} {_range(leaf.min_days, leaf.max_days, 'days')}"
    if patient.birth_date is None:
        return _cd("birth date", test)
    on = today
    if leaf.at == "transplant":
        if patient.day0 is None:
            return _cd("day 0 (actual or planned)", test)
        on = patient.day0
    days = (on - patient.birth_date).days
    if days < 0:
        return _cd("a birth date before the age's date", test)
    ok = (leaf.min_days is None or days >= leaf.min_days) and (
        leaf.max_days is None or days <= leaf.max_days
    )
    return LeafOutcome(_verdict(ok), f"{days} days", on, (), test)


def transplant_status(
    leaf: TransplantStatusLeaf, patient: TrialPatient, today: date
) -> LeafOutcome:
    """Status (any of) and days since day 0 (inclusive), whichever are set."""
    parts = []
    if leaf.status:
        parts.append(f"status {_words(leaf.status)}")
    low, high = leaf.days_since_day0_min, leaf.days_since_day0_max
    if low is not None or high is not None:
        parts.append(f"days since day 0 {_range(low, high, 'days')}")
    test = "; ".join(parts)
    status = patient.transplant_status
    if leaf.status:
        if status is None:
            return _cd("transplant status", test)
        if status not in leaf.status:
            return LeafOutcome(Outcome.DOES_NOT_MEET, _word(status.value), None, (), test)
    if low is None and high is None:
        assert status is not None
        return LeafOutcome(Outcome.MEETS, _word(status.value), None, (), test)
    if status is not TransplantStatus.TRANSPLANTED or patient.day0 is None:
        if status is not None and status is not TransplantStatus.TRANSPLANTED:
            return LeafOutcome(Outcome.DOES_NOT_MEET, f"{status.value}, no day 0", None, (), test)
        return _cd("day 0 of the transplant", test, status.value if status else None)
    days = (today - patient.day0).days
    ok = (low is None or days >= low) and (high is None or days <= high)
    return LeafOutcome(_verdict(ok), f"day +{days}", patient.day0, (), test)


def donor_type(leaf: DonorTypeLeaf, patient: TrialPatient, today: date) -> LeafOutcome:
    """The donor type is one of the accepted types."""
    test = f"donor type {_words(leaf.any_of)}"
    if patient.donor_type is None:
        return _cd("donor type", test)
    return LeafOutcome(
        _verdict(patient.donor_type in leaf.any_of), _word(patient.donor_type.value), None, (), test
    )


def graft_source(leaf: GraftSourceLeaf, patient: TrialPatient, today: date) -> LeafOutcome:
    """The graft source is one of the accepted sources."""
    test = f"graft source {_words(leaf.any_of)}"
    if patient.graft_source is None:
        return _cd("graft source", test)
    return LeafOutcome(
        _verdict(patient.graft_source in leaf.any_of),
        _word(patient.graft_source.value),
        None,
        (),
        test,
    )


def prior_transplant(leaf: PriorTransplantLeaf, patient: TrialPatient, today: date) -> LeafOutcome:
    """Whether an HSCT has already been given, as the leaf requires."""
    test = "a previous HSCT" if leaf.value else "no previous HSCT"
    if patient.prior_transplants is None:
        return _cd("number of previous transplants", test)
    had = patient.prior_transplants > 0
    return LeafOutcome(
        _verdict(had == leaf.value), f"{patient.prior_transplants} HSCT", None, (), test
    )


def lansky(leaf: LanskyLeaf, patient: TrialPatient, today: date) -> LeafOutcome:
    """The latest Lansky score is at least the minimum and recent enough."""
    test = f"Lansky score at least {leaf.min}"
    if leaf.max_age_days is not None:
        test += f", scored within {leaf.max_age_days} days"
    score = patient.lansky
    if score is None or score.date > today:
        return _cd("Lansky score", test)
    if leaf.max_age_days is not None and (today - score.date).days > leaf.max_age_days:
        return _cd(
            f"a Lansky score within {leaf.max_age_days} days (latest is older)",
            test,
            str(score.score),
            score.date,
        )
    return LeafOutcome(_verdict(score.score >= leaf.min), str(score.score), score.date, (), test)


def lab(leaf: LabLeaf, patient: TrialPatient, today: date) -> LeafOutcome:
    """The latest value of the analyte satisfies the comparison and is recent enough."""
    test = f"latest {leaf.analyte} {leaf.comparator} {leaf.value:g} {leaf.unit}"
    if leaf.entered != f"{leaf.comparator} {leaf.value:g} {leaf.unit}":
        test += f" (curated as {leaf.entered})"
    test += f", within {leaf.max_age_days} days"
    reading = patient.latest_lab(leaf.analyte, today)
    if reading is None:
        return _cd(f"{leaf.analyte} result", test)
    value = f"{reading.value:.4g} {reading.unit}"
    if (today - reading.date).days > leaf.max_age_days:
        return _cd(
            f"a {leaf.analyte} result within {leaf.max_age_days} days (latest is older)",
            test,
            value,
            reading.date,
        )
    return LeafOutcome(_verdict(leaf.holds(reading.value)), value, reading.date, (), test)


def candidacy(leaf: CandidacyLeaf, patient: TrialPatient, today: date) -> LeafOutcome:
    """The assessment's HSCT candidacy is one of the accepted values."""
    test = f"HSCT candidacy {_words(leaf.any_of)}"
    statement = patient.candidacy
    if statement is None or statement.date > today:
        return _cd("the assessment's HSCT candidacy", test)
    return LeafOutcome(
        _verdict(statement.value in leaf.any_of),
        _word(statement.value.value),
        statement.date,
        (),
        test,
    )


EVALUATORS: dict[type, Callable[[Any, TrialPatient, date], LeafOutcome]] = {
    DiagnosisLeaf: diagnosis,
    GeneLeaf: gene,
    AgeLeaf: age,
    TransplantStatusLeaf: transplant_status,
    DonorTypeLeaf: donor_type,
    GraftSourceLeaf: graft_source,
    PriorTransplantLeaf: prior_transplant,
    LanskyLeaf: lansky,
    LabLeaf: lab,
    CandidacyLeaf: candidacy,
}


def evaluate_leaf(leaf: Leaf, patient: TrialPatient, today: date) -> LeafOutcome:
    """The leaf's result for the patient on ``today``."""
    return EVALUATORS[type(leaf)](leaf, patient, today)
