"""Risk modifiers: Lansky, HCT-CI and donor outcomes are shown, never used to exclude."""

from __future__ import annotations

from datetime import date

import pytest
from assessment_builders import AS_OF
from assessment_builders import base_case as make_case

from engraft.core.assessment import assess
from engraft.core.assessment.case import DonorType, HctCiRecord, LanskyScore
from engraft.core.assessment.hct_ci import hct_ci_score
from engraft.core.assessment.lansky import assess_lansky
from engraft.core.knowledge import load_knowledge_base

KB = load_knowledge_base()


def _modifier(result, topic):
    return next(r for r in result.risk_modifiers if r.topic == topic)


def test_hct_ci_sums_item_weights() -> None:
    assert hct_ci_score(("infection", "renal_moderate_severe", "heart_valve_disease"), KB) == 6


def test_hct_ci_counts_only_the_worst_hepatic_grade() -> None:
    assert hct_ci_score(("hepatic_mild", "hepatic_moderate_severe"), KB) == 3


def test_hct_ci_of_no_items_is_zero() -> None:
    assert hct_ci_score((), KB) == 0


@pytest.mark.parametrize(
    ("items", "group"),
    [(("infection", "obesity"), "intermediate"), (("infection", "pulmonary_moderate"), "high")],
)
def test_hct_ci_risk_group_boundary_between_2_and_3(items, group) -> None:
    result = assess(make_case(hct_ci=HctCiRecord(AS_OF, items)), AS_OF)
    assert f"({group} risk)" in _modifier(result, "hct_ci").label


def test_hct_ci_high_risk_says_it_is_not_an_exclusion() -> None:
    result = assess(make_case(hct_ci=HctCiRecord(AS_OF, ("pulmonary_severe",))), AS_OF)
    assert any("not an exclusion" in r.text for r in _modifier(result, "hct_ci").reasons)


def test_lansky_shows_its_descriptor() -> None:
    result = assess(make_case(lansky=LanskyScore(50, AS_OF)), AS_OF)
    assert _modifier(result, "lansky").label.startswith("Lansky 50: Lies around")


def test_lansky_rejects_a_score_off_the_scale() -> None:
    with pytest.raises(ValueError, match="Lansky"):
        assess_lansky(LanskyScore(55, AS_OF), date(2024, 1, 1), KB)


def test_lansky_at_16_notes_the_karnofsky_convention() -> None:
    conclusion = assess_lansky(LanskyScore(90, date(2024, 1, 1)), date(2008, 1, 1), KB)
    assert any("Karnofsky" in r.text for r in conclusion.reasons)
    younger = assess_lansky(LanskyScore(90, date(2023, 12, 31)), date(2008, 1, 1), KB)
    assert not any("Karnofsky" in r.text for r in younger.reasons)


def test_missing_lansky_and_hct_ci_are_flagged_not_recorded() -> None:
    result = assess(make_case(), AS_OF)
    assert _modifier(result, "lansky").value == "not_recorded"
    assert _modifier(result, "hct_ci").value == "not_recorded"


def test_donor_outcome_for_a_sibling_cites_orchard_and_driessen() -> None:
    result = assess(make_case(donor_type=DonorType.MSD), AS_OF)
    donors = _modifier(result, "donor_outcomes")
    cited = {c.source_id for r in donors.reasons for c in r.citations}
    assert {"orchard2015", "driessen2003"} <= cited
    assert any("62%" in r.text for r in donors.reasons)


def test_cord_blood_is_flagged_for_graft_failure_risk() -> None:
    result = assess(make_case(donor_type=DonorType.UCB), AS_OF)
    assert "graft-failure" in _modifier(result, "donor_outcomes").reasons[0].text
