"""Rule 2: neurological signs and an incomplete screen route children at neurological risk
(biallelic CLCN7, any OSTM1 variant, genotype not settled) to expert review, never to
"indicated"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from assessment_builders import AS_OF, DOB, base_case, finding, full_workup, genotype

from engraft.core.assessment import Candidacy, assess
from engraft.core.assessment.case import GeneticTesting, GeneticTestingStatus
from engraft.core.assessment.from_record import case_from_record
from engraft.core.record.patient import Demographics, Diagnosis, PatientRecord, Study
from engraft.core.record.studies import study_result_errors
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

PENDING = GeneticTesting(GeneticTestingStatus.PENDING, requested_on=date(2024, 2, 1))
NORMAL_SCREEN = (
    finding("primary_neurodegeneration", "absent"),
    finding("erg_abnormal", "absent"),
)


def clcn7(*findings: object, **changes: object):
    """A biallelic CLCN7 infant with a complete, normal screen plus ``findings``."""
    return base_case(genetics=(genotype("CLCN7"),), findings=(*NORMAL_SCREEN, *findings), **changes)


def pending(*findings: object, **changes: object):
    """A typical infantile phenotype, genotype pending, complete normal screen."""
    return base_case(
        genetic_testing=PENDING, genetics=(), findings=(*NORMAL_SCREEN, *findings), **changes
    )


def _r2_texts(result) -> list[str]:
    return [r.text for r in result.candidacy.reasons if r.rule_id == "R2"]


def test_clcn7_child_with_a_complete_normal_screen_is_indicated() -> None:
    assert assess(clcn7(), AS_OF).candidacy.value == Candidacy.INDICATED


@pytest.mark.parametrize(
    "sign",
    ["developmental_delay", "developmental_regression", "seizures", "brain_mri_abnormal"],
)
def test_neurological_sign_in_biallelic_clcn7_routes_to_expert_review(sign: str) -> None:
    result = assess(clcn7(finding(sign)), AS_OF)
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW
    assert any("Neurological signs" in t for t in _r2_texts(result))


@pytest.mark.parametrize("sign", ["developmental_delay", "seizures", "brain_mri_abnormal"])
def test_neurological_sign_with_genotype_pending_routes_to_expert_review(sign: str) -> None:
    result = assess(pending(finding(sign)), AS_OF)
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW
    assert _r2_texts(result)


def test_seizures_with_hypocalcaemia_do_not_count_as_a_neurological_sign() -> None:
    case = clcn7(finding("seizures"), finding("hypocalcaemia"))
    assert assess(case, AS_OF).candidacy.value == Candidacy.INDICATED


@pytest.mark.parametrize(("days_apart", "candidacy"), [(7, "indicated"), (8, "expert_review")])
def test_hypocalcaemia_explains_seizures_within_7_days_of_them(days_apart, candidacy) -> None:
    seized = date(2024, 2, 25)
    calcium = finding("hypocalcaemia", on=seized - timedelta(days=days_apart))
    case = clcn7(finding("seizures", on=seized), calcium)
    assert assess(case, AS_OF).candidacy.value == candidacy


def test_hypocalcaemic_seizures_stay_explained_after_the_calcium_finding_is_stale() -> None:
    on = date(2024, 1, 20)  # hypocalcaemia's 30-day window has passed by the as-of date
    case = clcn7(finding("seizures", on=on), finding("hypocalcaemia", on=on))
    assert assess(case, AS_OF).candidacy.value == Candidacy.INDICATED


@pytest.mark.parametrize(
    ("zygosity", "classification"),
    [
        (Zygosity.HETEROZYGOUS, VariantClassification.PATHOGENIC),
        (Zygosity.HOMOZYGOUS, VariantClassification.UNCERTAIN_SIGNIFICANCE),
        (Zygosity.HETEROZYGOUS, VariantClassification.LIKELY_BENIGN),
    ],
)
def test_an_ostm1_variant_of_any_class_makes_developmental_delay_a_rule_2_signal(
    zygosity: Zygosity, classification: VariantClassification
) -> None:
    case = base_case(
        genetics=(genotype("OSTM1", zygosity, classification), genotype("TCIRG1")),
        findings=(*NORMAL_SCREEN, finding("developmental_delay")),
    )
    result = assess(case, AS_OF)
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW
    assert any("Neurological signs" in t for t in _r2_texts(result))


def test_developmental_delay_in_tcirg1_alone_is_not_routed_by_rule_2() -> None:
    # TCIRG1 is not neuropathic (clinical.md 1): the sign is shown, the stance stands.
    case = base_case(findings=(*NORMAL_SCREEN, finding("developmental_delay")))
    assert assess(case, AS_OF).candidacy.value == Candidacy.INDICATED


def test_clcn7_child_with_an_incomplete_screen_goes_to_expert_review_not_provisional() -> None:
    case = clcn7(workup=())  # no brain MRI, ophthalmology or neurodevelopmental assessment
    result = assess(case, AS_OF)
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW
    assert "workup:brain_mri" in result.candidacy.missing
    assert any("screen incomplete" in t for t in _r2_texts(result))


def test_genotype_pending_child_without_an_erg_goes_to_expert_review() -> None:
    case = pending()
    case = replace(case, findings=(finding("primary_neurodegeneration", "absent"),))
    result = assess(case, AS_OF)
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW
    assert "marker:erg_abnormal" in result.candidacy.missing


def test_tcirg1_child_with_an_incomplete_screen_stays_indicated_provisional() -> None:
    result = assess(base_case(workup=()), AS_OF)
    assert result.candidacy.value == Candidacy.INDICATED
    assert "provisional" in result.candidacy.label


def _record(*studies: Study) -> PatientRecord:
    return PatientRecord(
        demographics=Demographics("H1", "Test", ("Ada",), DOB, Sex.FEMALE),
        diagnosis=Diagnosis(ClinicalForm.INFANTILE_ARO, genotype_pending=True),
        studies=studies,
    )


def test_an_abnormal_brain_mri_in_the_record_states_the_markers_rule_2_reads() -> None:
    study = Study(
        "brain_mri", date(2024, 2, 20), "Radiology", "Atrophy; hydrocephalus",
        result="abnormal", result_findings=("cerebral_atrophy", "hydrocephalus"),
    )  # fmt: skip
    case = case_from_record(_record(study))
    stated = {(f.marker, str(f.status), f.date) for f in case.findings}
    assert stated == {
        ("brain_mri_abnormal", "present", date(2024, 2, 20)),
        ("raised_icp", "present", date(2024, 2, 20)),
    }
    result = assess(replace(case, workup=full_workup()), AS_OF)
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW


def test_a_normal_brain_mri_states_no_abnormality_and_an_uncoded_one_states_nothing() -> None:
    normal = Study("brain_mri", date(2024, 2, 20), "Radiology", "Normal", result="normal")
    uncoded = Study("brain_mri", date(2024, 2, 21), "Radiology", "See report")
    case = case_from_record(_record(normal, uncoded))
    assert [(f.marker, str(f.status)) for f in case.findings] == [("brain_mri_abnormal", "absent")]


@pytest.mark.parametrize(
    ("code", "result", "findings", "field"),
    [
        ("brain_mri", "abnormal", (), "result_findings"),
        ("brain_mri", "normal", ("hydrocephalus",), "result_findings"),
        ("brain_mri", "abnormal", ("tumour",), "result_findings"),
        ("brain_mri", "odd", (), "result"),
        ("skeletal_survey", "normal", (), "result"),
    ],
)
def test_a_study_result_that_does_not_fit_is_refused_naming_the_field(
    code: str, result: str, findings: tuple[str, ...], field: str
) -> None:
    assert [f for f, _ in study_result_errors(code, result, findings)] == [field]


def test_a_coded_abnormal_brain_mri_with_its_findings_is_valid() -> None:
    assert study_result_errors("brain_mri", "abnormal", ("cns_malformation",)) == []
