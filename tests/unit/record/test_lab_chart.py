"""The lab trend chart is an accessible SVG, readable without colour."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engraft.core.record.analytes import ReferenceBand
from engraft.core.record.lab_chart import lab_trend_svg
from engraft.core.record.patient import LabResult

RESULTS = [
    LabResult("calcium", datetime(2025, 2, d, 8, tzinfo=UTC), v, "mg/dL")
    for d, v in ((1, 7.1), (8, 8.4), (15, 11.6))
]


def test_chart_is_svg_with_title_and_description():
    svg = lab_trend_svg(RESULTS, "calcium")
    assert svg.lstrip().startswith("<?xml")
    assert 'role="img"' in svg
    assert '<title id="chart-title">Calcium (total) trend</title>' in svg
    assert "3 results of Calcium (total)" in svg
    assert "No sourced reference band" in svg


def test_values_and_sourced_threshold_are_printed_as_text():
    svg = lab_trend_svg(RESULTS, "calcium")
    for text in ("7.1", "8.4", "11.6", "Martinez 2010"):
        assert text in svg


def test_a_band_given_by_the_caller_shows_its_source():
    svg = lab_trend_svg(RESULTS, "calcium", reference_band=ReferenceBand(8.5, 10.5, "in-house"))
    assert "Reference band 8.5-10.5 mg/dL (in-house)" in svg


def test_same_results_give_the_same_svg():
    assert lab_trend_svg(RESULTS, "calcium") == lab_trend_svg(RESULTS, "calcium")


def test_chart_without_results_for_the_analyte_is_refused():
    with pytest.raises(ValueError, match="no Haemoglobin results"):
        lab_trend_svg(RESULTS, "haemoglobin")
