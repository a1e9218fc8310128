"""A trial's eligibility and status in plain words, for families and for the catalogue."""

from __future__ import annotations

from engraft.core.trials.ages import AgeLimit
from engraft.core.trials.ctgov import Eligibility, TrialSex

_SEX_WORDS = {TrialSex.FEMALE: "girls and women only", TrialSex.MALE: "boys and men only"}


def _age(limit: AgeLimit) -> str:
    """'6 Months' -> '6 months'; '1 Years' -> '1 year' (the registry writes plural units)."""
    number, _, unit = limit.text.strip().partition(" ")
    unit = unit.lower()
    if number in {"1", "1.0"} and unit.endswith("s"):
        unit = unit[:-1]
    return f"{number} {unit}"


def who_may_join(eligibility: Eligibility) -> str:
    """The published age range and sex in one plain sentence, e.g. 'From 6 months to 18 years.'.

    Only the structured part is said; the full criteria are on ClinicalTrials.gov and the
    team decides who may join.
    """
    low, high = eligibility.minimum_age, eligibility.maximum_age
    if low and high:
        ages = f"From {_age(low)} to {_age(high)} old"
    elif low:
        ages = f"From {_age(low)} old"
    elif high:
        ages = f"Up to {_age(high)} old"
    else:
        ages = "Any age"
    sex = _SEX_WORDS.get(eligibility.sex) if eligibility.sex else None
    return f"{ages}, {sex}." if sex else f"{ages}."


def status_words(overall_status: str) -> str:
    """A ClinicalTrials.gov status value in words: 'NOT_YET_RECRUITING' -> 'Not yet recruiting'."""
    return overall_status.replace("_", " ").capitalize()
