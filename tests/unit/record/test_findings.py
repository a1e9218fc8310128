"""Each finding kind takes the value its marker needs (clinical.md section 5)."""

from __future__ import annotations

from engraft.core.record.findings import FINDING_SPECS, FindingKind, Trend, finding_value_errors


def test_every_finding_kind_has_a_spec_with_a_source():
    assert set(FINDING_SPECS) == set(FindingKind)
    assert all(spec.source for spec in FINDING_SPECS.values())


def test_vep_takes_a_latency_a_result_and_a_trend():
    assert finding_value_errors(FindingKind.VEP, None, 140.0, "delayed", Trend.WORSENING) == []


def test_vep_without_a_result_is_refused():
    assert ("category", "Visual evoked potentials needs a result") in finding_value_errors(
        FindingKind.VEP, None, 140.0, None, None
    )


def test_presence_finding_needs_present_or_absent():
    errors = finding_value_errors(FindingKind.HYDROCEPHALUS, None, None, None, None)
    assert [field for field, _ in errors] == ["present"]


def test_lansky_score_must_be_a_multiple_of_ten():
    assert finding_value_errors(FindingKind.LANSKY, None, 70.0, None, None) == []
    assert finding_value_errors(FindingKind.LANSKY, None, 75.0, None, None)


def test_unknown_category_is_refused_listing_the_allowed_ones():
    errors = finding_value_errors(FindingKind.ERG, None, None, "purple", None)
    assert errors and "normal, abnormal, extinguished" in errors[0][1]
