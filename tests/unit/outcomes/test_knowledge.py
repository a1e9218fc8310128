"""outcomes_analysis.json: valid, cited, and the conventions the analytics rely on."""

from __future__ import annotations

import copy
import json
from importlib.resources import files

import pytest

from engraft.commands import outcomes as command
from engraft.core.knowledge.loader import KnowledgeBaseError
from engraft.core.outcomes import STRATA, analysis_conventions
from engraft.core.outcomes.knowledge import build_analysis_conventions


def _data():
    text = files("engraft.core.knowledge").joinpath("outcomes_analysis.json").read_text("utf-8")
    return json.loads(text)


def test_the_small_cell_threshold_is_11_from_software_md():
    conv = analysis_conventions()
    assert conv.suppress_below == 11
    assert [c.source_id for c in conv.suppression.citations] == ["software-md-4"]


def test_the_age_groups_split_at_3_months_the_vision_threshold():
    conv = analysis_conventions()
    assert conv.age_group.value == 3
    assert "driessen2003" in {c.source_id for c in conv.age_group.citations}
    assert conv.age_threshold_days == pytest.approx(91.3125)


def test_the_day_counts_of_a_year_and_a_month_are_labelled_in_house():
    conv = analysis_conventions()
    assert {c.evidence for c in conv.year_days.citations} == {"in-house"}
    assert {c.evidence for c in conv.month_days.citations} == {"in-house"}
    assert [conv.day_label(d) for d in (28, 365, 730, 1095, 1826, 3652)] == [
        "day 28", "1 year", "2 years", "3 years", "5 years", "10 years",
    ]  # fmt: skip


def test_the_reporting_days_of_vod_and_hypercalcaemia_are_in_house():
    conv = analysis_conventions()
    for endpoint in ("vod", "hypercalcaemia"):
        assert "in-house" in {c.evidence for c in conv.endpoint(endpoint).citations}


def test_the_command_offers_every_endpoint_and_stratum_of_the_knowledge():
    assert set(command.ENDPOINTS) == set(analysis_conventions().endpoints)
    assert set(command.STRATA) == set(STRATA) == set(analysis_conventions().strata)


def test_an_incidence_with_two_events_is_refused():
    data = copy.deepcopy(_data())
    graft = next(e for e in data["endpoints"] if e["id"] == "graft_failure")
    graft["events"] = ["graft_failure", "death"]
    with pytest.raises(KnowledgeBaseError, match="needs one event"):
        build_analysis_conventions(
            data,
            {
                "in-house": "x",
                "orchard2015": "x",
                "driessen2003": "x",
                "ebmt-registry-2025": "x",
                "corbacioglu2018": "x",
                "martinez2010": "x",
            },
        )


def test_a_source_defined_twice_is_refused():
    with pytest.raises(KnowledgeBaseError, match=r"redefines sources\.json keys"):
        build_analysis_conventions(_data(), {"software-md-4": "x"})


def test_an_unknown_endpoint_names_the_known_ones():
    with pytest.raises(KeyError, match="one of os, efs"):
        analysis_conventions().endpoint("rfs")
