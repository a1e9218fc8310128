"""Conflicting findings of one marker on one date are a conflict to resolve, and the result
never depends on the order of the lists it was given."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from assessment_builders import AS_OF, base_case, finding, genotype
from hypothesis import given, settings
from hypothesis import strategies as st

from engraft.core.assessment import Candidacy, assess
from engraft.core.assessment.case import (
    Case,
    GeneticTesting,
    GeneticTestingStatus,
    LabName,
    LabResult,
)

DAY = date(2024, 2, 20)


def erg_conflict(first: str, second: str) -> Case:
    return base_case(
        genetics=(genotype("CLCN7"),),
        findings=(
            finding("primary_neurodegeneration", "absent"),
            finding("erg_abnormal", first, DAY),
            finding("erg_abnormal", second, DAY),
        ),
    )


def test_an_abnormal_and_a_normal_erg_on_one_date_are_a_conflict_to_resolve() -> None:
    result = assess(erg_conflict("present", "absent"), AS_OF)
    assert [c.to_dict() for c in result.conflicts] == [
        {
            "marker": "erg_abnormal",
            "date": "2024-02-20",
            "statuses": ["present", "absent"],
            "counted_as": "present",
        }
    ]
    assert "IH-CONFLICT" in {w.rule_id for w in result.warnings}


def test_the_conflict_counts_as_the_cautious_reading_whichever_was_listed_last() -> None:
    for order in (("present", "absent"), ("absent", "present")):
        assert assess(erg_conflict(*order), AS_OF).candidacy.value == Candidacy.EXPERT_REVIEW


def test_findings_that_agree_on_one_date_are_no_conflict() -> None:
    assert assess(erg_conflict("absent", "absent"), AS_OF).conflicts == ()


# A case with same-day disagreements, labs and findings on shared dates, and a pointer marker.
RICH = base_case(
    genetics=(genotype("CLCN7"),),
    findings=(
        finding("primary_neurodegeneration", "absent"),
        finding("erg_abnormal", "present", DAY),
        finding("erg_abnormal", "absent", DAY),
        finding("erg_abnormal", "unknown", DAY),
        finding("transfusion_dependence", "absent", DAY),
        finding("transfusion_dependence", "present", DAY),
        finding("haematologic_impairment", "absent", date(2024, 2, 25)),
        finding("hypogammaglobulinaemia", "present", date(2024, 2, 10)),
        finding("renal_tubular_acidosis", "present", date(2024, 2, 10)),
        finding("seizures", "present", date(2024, 2, 12)),
        finding("seizures", "absent", date(2024, 2, 28)),
    ),
    labs=(
        LabResult(LabName.HAEMOGLOBIN_G_DL, 7.0, date(2024, 2, 25)),
        LabResult(LabName.PLATELETS_10E9_L, 120.0, date(2024, 2, 25)),
        LabResult(LabName.HAEMOGLOBIN_G_DL, 9.5, DAY),
    ),
)
# The same child with the genotype pending: the markers pointing to a gene are then shown.
PENDING = replace(RICH, genetics=(), genetic_testing=GeneticTesting(GeneticTestingStatus.PENDING))
CASES = {"diagnosed": RICH, "pending": PENDING}
EXPECTED = {name: assess(case, AS_OF).to_dict() for name, case in CASES.items()}


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(CASES)),
    data=st.data(),
)
def test_shuffling_findings_labs_and_workup_gives_the_same_result(name, data) -> None:
    case = CASES[name]
    shuffled = replace(
        case,
        findings=tuple(data.draw(st.permutations(case.findings))),
        labs=tuple(data.draw(st.permutations(case.labs))),
        workup=tuple(data.draw(st.permutations(case.workup))),
    )
    assert assess(shuffled, AS_OF).to_dict() == EXPECTED[name]
