"""Matching at the boundaries; missing data is "cannot determine", never "meets"."""

from __future__ import annotations

from datetime import date

import pytest

from engraft.core.trials import (
    Diagnosis,
    GeneFinding,
    LabReading,
    LanskyReading,
    Outcome,
    Overall,
    TransplantStatus,
    match_patient,
    parse_study,
    rule_from_dict,
)
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity
from tests.unit.trials.builders import born_days_before, patient, study

TODAY = date(2026, 12, 2)


def _age_result(min_age, max_age, age_days):
    trial = parse_study(study(minimumAge=min_age, maximumAge=max_age))
    child = patient(birth_date=born_days_before(TODAY, age_days), sex=Sex.FEMALE)
    match = match_patient(child, trial, None, today=TODAY)
    return next(c for c in match.criteria if c.id == "registry-age").outcome


@pytest.mark.parametrize(
    ("age_days", "expected"),
    [
        (182, Outcome.DOES_NOT_MEET),
        (183, Outcome.MEETS),
        (6574, Outcome.MEETS),
        (6575, Outcome.DOES_NOT_MEET),
    ],
)
def test_age_is_inclusive_at_the_minimum_and_the_maximum(age_days, expected):
    # "6 Months" = 182.625 days, "18 Years" = 6574.5 days
    assert _age_result("6 Months", "18 Years", age_days) is expected


def test_age_exactly_at_a_whole_day_limit_meets():
    assert _age_result("30 Days", "60 Days", 30) is Outcome.MEETS
    assert _age_result("30 Days", "60 Days", 60) is Outcome.MEETS
    assert _age_result("30 Days", "60 Days", 61) is Outcome.DOES_NOT_MEET


def test_no_age_limit_gives_no_age_criterion():
    trial = parse_study(study(minimumAge=None, maximumAge="N/A"))
    match = match_patient(patient(sex=Sex.MALE), trial, None, today=TODAY)
    assert "registry-age" not in [c.id for c in match.criteria]


def test_missing_birth_date_cannot_determine_age():
    trial = parse_study(study())
    result = match_patient(patient(), trial, None, today=TODAY).criteria[0]
    assert result.outcome is Outcome.CANNOT_DETERMINE and result.missing == ("birth date",)


@pytest.mark.parametrize(
    ("trial_sex", "patient_sex", "expected"),
    [
        ("FEMALE", Sex.FEMALE, Outcome.MEETS),
        ("FEMALE", Sex.MALE, Outcome.DOES_NOT_MEET),
        ("MALE", Sex.MALE, Outcome.MEETS),
        ("MALE", Sex.UNKNOWN, Outcome.CANNOT_DETERMINE),
        ("MALE", Sex.OTHER, Outcome.CANNOT_DETERMINE),
        ("ALL", Sex.UNKNOWN, Outcome.MEETS),
    ],
)
def test_sex(trial_sex, patient_sex, expected):
    trial = parse_study(study(sex=trial_sex))
    match = match_patient(patient(sex=patient_sex), trial, None, today=TODAY)
    assert next(c for c in match.criteria if c.id == "registry-sex").outcome is expected


def _rule(*leaves):
    return rule_from_dict(
        {
            "format": "engraft-trial-rule/1",
            "nct_id": "NCT00775931",
            "criteria": {"and": list(leaves)},
        }
    )


FULL = dict(
    birth_date=born_days_before(TODAY, 300),
    sex=Sex.FEMALE,
    diagnosis=Diagnosis("Q78.2", ClinicalForm.INFANTILE_ARO, "TCIRG1-ARO", date(2026, 6, 1)),
    genes=(
        GeneFinding(
            "TCIRG1", Zygosity.HOMOZYGOUS, VariantClassification.PATHOGENIC, date(2026, 6, 1)
        ),
    ),
    genetics_reported_on=date(2026, 6, 1),
    transplant_status=TransplantStatus.CANDIDATE,
    prior_transplants=0,
    lansky=LanskyReading(70, date(2026, 11, 30)),
    labs=(LabReading("bilirubin", 0.6, "mg/dL", date(2026, 11, 30)),),
)
LEAVES = [
    {"criterion": "diagnosis", "id": "dx", "icd10": "Q78", "clinical_forms": ["infantile_aro"]},
    {"criterion": "gene", "id": "gene", "genes": ["TCIRG1"], "biallelic": True},
    {"criterion": "transplant_status", "id": "status", "status": ["candidate"]},
    {"not": {"criterion": "prior_transplant", "id": "prior", "value": True}},
    {"criterion": "lansky", "id": "lansky", "min": 60, "max_age_days": 30},
    {
        "criterion": "lab",
        "id": "bili",
        "analyte": "bilirubin",
        "comparator": "<=",
        "value": 2,
        "unit": "mg/dL",
        "max_age_days": 14,
    },
]


def test_a_patient_meeting_every_covered_criterion_is_eligible():
    trial = parse_study(study(eligibilityCriteria="Inclusion Criteria:\n* ARO"))
    leaves = [dict(leaf) for leaf in LEAVES]
    leaves[0]["covers"] = ["I1"]
    match = match_patient(patient(**FULL), trial, _rule(*leaves), today=TODAY)
    assert match.overall is Overall.ELIGIBLE, match.to_dict()


def test_uncovered_free_text_keeps_the_patient_possibly_eligible():
    trial = parse_study(study())  # three published items, none covered
    match = match_patient(patient(**FULL), trial, _rule(*LEAVES), today=TODAY)
    assert match.overall is Overall.POSSIBLY_ELIGIBLE
    assert [i.id for i in match.not_assessed] == ["I1", "I2", "E1"]


def test_without_a_rule_the_best_is_possibly_eligible():
    trial = parse_study(study(eligibilityCriteria=None))
    match = match_patient(patient(**FULL), trial, None, today=TODAY)
    assert match.overall is Overall.POSSIBLY_ELIGIBLE


@pytest.mark.parametrize(
    ("drop", "leaf_id", "missing"),
    [
        ("lansky", "lansky", "Lansky score"),
        ("labs", "bili", "bilirubin result"),
        ("prior_transplants", "not:prior", "number of previous transplants"),
        ("transplant_status", "status", "transplant status"),
        ("genetics_reported_on", "gene", None),
    ],
)
def test_missing_data_cannot_determine_and_is_named(drop, leaf_id, missing):
    facts = dict(FULL)
    facts[drop] = () if drop == "labs" else None
    if drop == "genetics_reported_on":
        facts["genes"] = ()
        missing = "genetic test report"
    match = match_patient(patient(**facts), parse_study(study()), _rule(*LEAVES), today=TODAY)
    assert match.overall is Overall.POSSIBLY_ELIGIBLE
    checked = {c.id: c for c in match.to_check}
    assert checked[leaf_id].outcome is Outcome.CANNOT_DETERMINE
    assert missing in checked[leaf_id].missing


def test_a_lab_older_than_allowed_cannot_determine_and_keeps_value_and_date():
    facts = dict(FULL, labs=(LabReading("bilirubin", 0.6, "mg/dL", date(2026, 11, 17)),))
    match = match_patient(patient(**facts), parse_study(study()), _rule(*LEAVES), today=TODAY)
    bili = next(c for c in match.to_check if c.id == "bili")
    assert bili.patient_value == "0.6 mg/dL" and bili.value_date == date(2026, 11, 17)


def test_a_lab_exactly_at_the_threshold_and_the_age_limit_meets():
    facts = dict(FULL, labs=(LabReading("bilirubin", 2.0, "mg/dL", date(2026, 11, 18)),))
    match = match_patient(patient(**facts), parse_study(study()), _rule(*LEAVES), today=TODAY)
    assert match.failing == () and "bili" not in [c.id for c in match.to_check]


def test_failing_criteria_are_listed_with_the_patient_value():
    facts = dict(FULL, prior_transplants=1, lansky=LanskyReading(40, date(2026, 11, 30)))
    match = match_patient(patient(**facts), parse_study(study()), _rule(*LEAVES), today=TODAY)
    assert match.overall is Overall.NOT_ELIGIBLE
    assert [(c.id, c.patient_value) for c in match.failing] == [
        ("not:prior", "1 HSCT"),
        ("lansky", "40"),
    ]


def test_a_reported_genotype_without_the_gene_does_not_meet():
    facts = dict(
        FULL, genes=(GeneFinding("CLCN7", Zygosity.HETEROZYGOUS, VariantClassification.PATHOGENIC),)
    )
    match = match_patient(patient(**facts), parse_study(study()), _rule(*LEAVES), today=TODAY)
    assert [c.id for c in match.failing] == ["gene"]


def test_days_since_day0_bounds_are_inclusive():
    rule = _rule(
        {
            "criterion": "transplant_status",
            "id": "w",
            "status": ["transplanted"],
            "days_since_day0_min": 10,
            "days_since_day0_max": 60,
        }
    )
    trial = parse_study(study(eligibilityCriteria=None))
    for days, expected in (
        (9, Outcome.DOES_NOT_MEET),
        (10, Outcome.MEETS),
        (60, Outcome.MEETS),
        (61, Outcome.DOES_NOT_MEET),
    ):
        child = patient(
            transplant_status=TransplantStatus.TRANSPLANTED, day0=born_days_before(TODAY, days)
        )
        result = match_patient(child, trial, rule, today=TODAY).criteria[-1]
        assert result.outcome is expected, days


def test_a_rule_for_another_trial_is_refused():
    other = rule_from_dict(
        {
            "format": "engraft-trial-rule/1",
            "nct_id": "NCT00000001",
            "criteria": {"criterion": "prior_transplant", "value": False},
        }
    )
    with pytest.raises(ValueError, match="NCT00000001"):
        match_patient(patient(), parse_study(study()), other, today=TODAY)
