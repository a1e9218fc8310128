"""Urgency rules 3, 4 and 7, each tested on both sides of its boundary."""

from __future__ import annotations

from datetime import date

from assessment_builders import AS_OF, DOB, finding, full_workup, genotype
from assessment_builders import base_case as make_case

from engraft.core.assessment import Urgency, assess
from engraft.core.assessment.case import LabName, LabResult
from engraft.core.vocabulary import ClinicalForm

THREE_MONTHS = date(2024, 4, 15)  # third-month birthday of DOB 2024-01-15


def _with(*findings_: object, **changes: object):
    base = make_case()
    return make_case(findings=(*base.findings, *findings_), **changes)


def test_classic_infantile_case_without_trigger_is_urgent() -> None:
    assert assess(make_case(), AS_OF).urgency.value == Urgency.URGENT


def test_haematologic_impairment_the_day_before_3_months_is_emergent() -> None:
    case = _with(finding("haematologic_impairment", on=date(2024, 4, 14)))
    assert assess(case, date(2024, 4, 20)).urgency.value == Urgency.EMERGENT


def test_haematologic_impairment_from_3_months_on_is_not_a_trigger() -> None:
    case = _with(finding("haematologic_impairment", on=THREE_MONTHS))
    assert assess(case, date(2024, 4, 20)).urgency.value == Urgency.URGENT


def test_low_haemoglobin_before_3_months_is_a_trigger_labelled_in_house() -> None:
    case = make_case(labs=(LabResult(LabName.HAEMOGLOBIN_G_DL, 7.9, date(2024, 2, 20)),))
    result = assess(case, AS_OF)
    assert result.urgency.value == Urgency.EMERGENT
    evidence = {c.evidence for r in result.urgency.reasons for c in r.citations}
    assert "in-house" in evidence


def test_haemoglobin_at_the_in_house_cut_off_is_not_a_trigger() -> None:
    case = make_case(labs=(LabResult(LabName.HAEMOGLOBIN_G_DL, 8.0, date(2024, 2, 20)),))
    assert assess(case, AS_OF).urgency.value == Urgency.URGENT


def test_transfusion_dependence_is_emergent_at_any_age() -> None:
    case = _with(finding("transfusion_dependence"), date_of_birth=date(2023, 1, 1))
    assert assess(case, AS_OF).urgency.value == Urgency.EMERGENT


def test_transfusion_dependence_recorded_absent_is_not_a_trigger() -> None:
    case = _with(finding("transfusion_dependence", "absent"))
    assert assess(case, AS_OF).urgency.value == Urgency.URGENT


def test_falling_vision_is_emergent() -> None:
    assert assess(_with(finding("vision_declining")), AS_OF).urgency.value == Urgency.EMERGENT


def test_stable_vep_delay_alone_is_not_emergent() -> None:
    case = _with(finding("vep_latency_delay"))
    assert assess(case, AS_OF).urgency.value == Urgency.URGENT


def test_raised_icp_is_emergent() -> None:
    assert assess(_with(finding("raised_icp")), AS_OF).urgency.value == Urgency.EMERGENT


def test_later_finding_than_as_of_is_not_used() -> None:
    case = _with(finding("raised_icp", on=date(2024, 3, 2)))
    assert assess(case, AS_OF).urgency.value == Urgency.URGENT


def test_vision_window_is_open_the_day_before_3_months() -> None:
    result = assess(make_case(), date(2024, 4, 14))
    assert any("window open" in r.text and "1 days left" in r.text for r in result.urgency.reasons)


def test_vision_window_is_closed_at_3_months() -> None:
    result = assess(make_case(), THREE_MONTHS)
    assert any("Past the 3-month vision window" in r.text for r in result.urgency.reasons)


def test_late_presentation_from_the_fifth_birthday_is_elective() -> None:
    case = make_case(clinical_form=ClinicalForm.UNKNOWN, date_of_birth=date(2019, 3, 1))
    assert assess(case, date(2024, 3, 1)).urgency.value == Urgency.ELECTIVE


def test_the_day_before_the_fifth_birthday_is_still_urgent() -> None:
    case = make_case(clinical_form=ClinicalForm.UNKNOWN, date_of_birth=date(2019, 3, 2))
    assert assess(case, date(2024, 3, 1)).urgency.value == Urgency.URGENT


def test_intermediate_form_past_infancy_is_elective_unless_a_trigger_is_present() -> None:
    # Past the first birthday (2024-01-15 + 12 months): the recorded form may route to rule 7.
    as_of, on = date(2025, 1, 20), date(2025, 1, 18)
    base = (
        finding("primary_neurodegeneration", "absent", on),
        finding("erg_abnormal", "absent", on),
    )
    case = make_case(
        clinical_form=ClinicalForm.INTERMEDIATE_ARO,
        genetics=(genotype("SNX10"),),
        findings=base,
        workup=full_workup(on),
    )
    assert assess(case, as_of).urgency.value == Urgency.ELECTIVE
    triggered = make_case(
        clinical_form=ClinicalForm.INTERMEDIATE_ARO,
        findings=(*base, finding("raised_icp", on=on)),
        workup=full_workup(on),
    )
    assert assess(triggered, as_of).urgency.value == Urgency.EMERGENT


def test_contraindicated_case_has_no_urgency() -> None:
    case = _with(finding("transfusion_dependence"), genetics=(genotype("OSTM1"),))
    assert assess(case, AS_OF).urgency.value == Urgency.NOT_APPLICABLE


def test_dob_constant_matches_the_three_month_birthday() -> None:
    assert (DOB.month + 3, DOB.day) == (THREE_MONTHS.month, THREE_MONTHS.day)
