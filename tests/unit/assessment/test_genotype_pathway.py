"""Genotype drives the infantile pathway (rule 3): a classic infantile genotype in an infant
is never "elective" because of the recorded form, and a disagreement is shown."""

from __future__ import annotations

from datetime import date

import pytest
from assessment_builders import AS_OF, DOB, base_case, finding, full_workup, genotype

from engraft.core.assessment import Urgency, assess
from engraft.core.vocabulary import ClinicalForm

FIRST_BIRTHDAY = date(2025, 1, 15)  # DOB 2024-01-15


def _warnings(result) -> list[str]:
    return [w.text for w in result.warnings if w.rule_id == "IH-FORM-GENOTYPE"]


@pytest.mark.parametrize("gene", ["TCIRG1", "TNFRSF11A", "SNX10", "CLCN7"])
@pytest.mark.parametrize("form", [ClinicalForm.INTERMEDIATE_ARO, ClinicalForm.UNKNOWN])
def test_classic_infantile_genotype_in_an_infant_is_urgent_whatever_the_form(
    gene: str, form: ClinicalForm
) -> None:
    result = assess(base_case(genetics=(genotype(gene),), clinical_form=form), AS_OF)
    assert result.urgency.value == Urgency.URGENT
    assert "R3" in {r.rule_id for r in result.candidacy.reasons}


def test_recorded_intermediate_form_disagreeing_with_the_genotype_is_a_warning() -> None:
    case = base_case(clinical_form=ClinicalForm.INTERMEDIATE_ARO)
    (text,) = _warnings(assess(case, AS_OF))
    assert "disagrees" in text and "TCIRG1-ARO" in text


def test_missing_clinical_form_in_an_infant_is_a_warning_that_the_genotype_decides() -> None:
    (text,) = _warnings(assess(base_case(clinical_form=ClinicalForm.UNKNOWN), AS_OF))
    assert "not recorded" in text


def test_infantile_form_with_a_classic_genotype_has_no_warning() -> None:
    assert _warnings(assess(base_case(), AS_OF)) == []


def _older(on: date, **changes: object):
    screen = (
        finding("primary_neurodegeneration", "absent", on),
        finding("erg_abnormal", "absent", on),
    )
    return base_case(findings=screen, workup=full_workup(on), **changes)


def test_the_day_before_the_first_birthday_the_genotype_still_decides() -> None:
    day = date(2025, 1, 14)
    case = _older(day, clinical_form=ClinicalForm.INTERMEDIATE_ARO, genetics=(genotype("SNX10"),))
    assert assess(case, day).urgency.value == Urgency.URGENT


def test_from_the_first_birthday_an_intermediate_snx10_course_is_elective_without_warning() -> None:
    case = _older(
        FIRST_BIRTHDAY, clinical_form=ClinicalForm.INTERMEDIATE_ARO, genetics=(genotype("SNX10"),)
    )
    result = assess(case, FIRST_BIRTHDAY)
    assert result.urgency.value == Urgency.ELECTIVE
    assert _warnings(result) == []


def test_an_ado_form_recorded_for_a_tcirg1_child_is_a_warning_at_any_age() -> None:
    case = _older(FIRST_BIRTHDAY, clinical_form=ClinicalForm.ADO)
    assert _warnings(assess(case, FIRST_BIRTHDAY))


def test_dob_is_the_builders_birth_date() -> None:
    assert date(2024, 1, 15) == DOB
