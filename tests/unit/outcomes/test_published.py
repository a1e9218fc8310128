"""The published series as data, and what the comparison with the centre says."""

from __future__ import annotations

import copy
import json
from importlib.resources import files

import pytest

from engraft.core.assessment.case import DonorType
from engraft.core.knowledge.loader import KnowledgeBaseError
from engraft.core.outcomes import compare_with_published, published_series
from engraft.core.outcomes.curves import Estimate
from engraft.core.outcomes.knowledge import build_published_series
from engraft.core.outcomes.published import comparison_sentence, figures_for, in_group
from tests.unit.outcomes.builders import transplant

KB = files("engraft.core.knowledge")


def _data():
    return json.loads(KB.joinpath("published_series.json").read_text("utf-8"))


def _figure(figure_id: str):
    return next(f for s in published_series() for f in s.figures if f.id == figure_id)


def test_the_series_of_clinical_md_section_3_with_their_n():
    # Written from clinical.md section 3, not read from the data file.
    expected = {
        "gerritsen1994": 69,
        "driessen2003": 122,
        "orchard2015": 193,
        "schulz2002": 7,
        "minnesota2006": 11,
        "minnesota1998": 10,
        "stepensky2019": 7,
        "beijing2021": 27,
        "ebmt2025": 746,
        "merli2022": 70,
    }
    assert {s.id: s.n for s in published_series()} == expected


def test_the_headline_figures_are_the_notes_figures():
    assert (
        _figure("orchard2015-msd-os-5y").percent,
        _figure("orchard2015-msd-os-5y").time_days,
    ) == (62, 1826)
    assert _figure("orchard2015-alt-os-5y").percent == 42
    assert _figure("orchard2015-alt-os-10y").percent == 39
    driessen = {
        f.group.donor_type: (f.percent, f.n)
        for f in figures_for("efs")
        if f.series_id == "driessen2003" and f.time_days
    }
    assert driessen == {
        ("MSD",): (73, 40),
        ("MRD",): (43, 21),
        ("MUD",): (40, 20),
        ("MMRD",): (24, 41),
    }
    assert _figure("beijing2021-os-5y").percent == 73.9
    assert _figure("minnesota2006-os-1y").time_days == 365


def test_every_figure_has_a_source_and_the_largest_series_gives_no_invented_figure():
    for series in published_series():
        assert series.citations
        for figure in series.figures:
            assert figure.citations and figure.series_n >= 1
    assert next(s for s in published_series() if s.id == "ebmt2025").figures == ()


def test_an_unknown_source_is_refused():
    data = copy.deepcopy(_data())
    data["series"][0]["sources"] = ["nowhere"]
    with pytest.raises(KnowledgeBaseError, match="unknown source 'nowhere'"):
        build_published_series(data, {"in-house": "Engraft"})


def test_a_percent_over_100_is_refused_by_the_schema():
    data = copy.deepcopy(_data())
    data["series"][0]["figures"][0]["percent"] = 120
    with pytest.raises(KnowledgeBaseError, match=r"published_series\.json"):
        build_published_series(data, {})


def test_a_figure_group_selects_by_donor_and_years():
    haplo_before = _figure("driessen2003-haplo-before-1994").group
    assert in_group(
        transplant(1, last=10, donor=DonorType.MMRD), _figure("driessen2003-haplo-5y").group
    )
    assert not in_group(transplant(1, last=10, donor=DonorType.MMRD), haplo_before)  # 2015
    assert not in_group(transplant(1, last=10, donor=None), _figure("orchard2015-msd-os-5y").group)


def test_a_published_figure_inside_the_interval_is_compatible_not_the_same():
    figure = _figure("orchard2015-msd-os-5y")
    text = comparison_sentence(figure, 40, Estimate(1826, 0.60, 0.45, 0.72, 20), suppress_below=11)
    assert text.startswith(
        "The centre's figure at 5 years is 60 % (95 % CI 45 to 72 %), beside 62 %"
    )
    assert "compatible" in text and "cannot show the centre doing better or worse" in text


def test_a_published_figure_outside_the_interval_is_a_prompt_not_proof():
    figure = _figure("orchard2015-msd-os-5y")
    text = comparison_sentence(figure, 80, Estimate(1826, 0.85, 0.75, 0.92, 40), suppress_below=11)
    assert "lies below the centre's interval" in text and "not proof" in text


def test_few_children_still_followed_is_said():
    figure = _figure("orchard2015-msd-os-5y")
    text = comparison_sentence(figure, 30, Estimate(1826, 0.6, 0.4, 0.75, 4), suppress_below=11)
    assert "Fewer than 11 children are still followed at 5 years" in text


def test_under_the_threshold_the_centre_figure_is_withheld_in_words_too():
    figure = _figure("orchard2015-msd-os-5y")
    text = comparison_sentence(figure, 6, Estimate(1826, 0.5, 0.2, 0.8, 3), suppress_below=11)
    assert "withheld" in text and "50" not in text


def test_a_definition_that_differs_is_stated():
    figure = _figure("driessen2003-msd-5y")
    text = comparison_sentence(figure, 40, Estimate(1826, 0.7, 0.55, 0.8, 20), suppress_below=11)
    assert "Disease-free survival" in text


def test_figures_without_a_time_point_are_listed_not_compared():
    comparisons = compare_with_published([transplant(1, last=40)], "vod", suppress_below=11)
    assert comparisons and all(c.centre is None for c in comparisons)
    assert all(c.sentence.startswith("Not compared") for c in comparisons)


def test_the_centre_estimate_uses_the_figure_group():
    # 20 MSD: 4 died on day 300, 16 alive at day 2000 -> 5-year survival 16/20.
    cohort = [
        transplant(i, last=300 if i < 4 else 2000, died=i < 4, donor=DonorType.MSD)
        for i in range(20)
    ]
    cohort += [transplant(100 + i, last=100, died=True, donor=DonorType.MUD) for i in range(20)]
    (msd,) = [
        c
        for c in compare_with_published(cohort, "os", suppress_below=11)
        if c.figure.id == "orchard2015-msd-os-5y"
    ]
    assert msd.centre_n == 20
    assert msd.centre.value == pytest.approx(16 / 20)
