"""trials.json: valid, cited, and the conventions the parser relies on."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from importlib.resources import files

import pytest

from engraft.core.knowledge.loader import KnowledgeBaseError
from engraft.core.trials.knowledge import build_trials_knowledge, trials_knowledge


def _data():
    return json.loads(files("engraft.core.knowledge").joinpath("trials.json").read_text("utf-8"))


def test_days_per_unit_are_the_documented_conventions():
    days = trials_knowledge().days_per_unit
    assert days["Years"] == Fraction(1461, 4)  # 365.25
    assert days["Months"] == Fraction(1461, 48)  # 30.4375
    assert days["Weeks"] == 7 and days["Days"] == 1
    assert days["Hours"] == Fraction(1, 24) and days["Minutes"] == Fraction(1, 1440)


def test_the_conversion_factors_are_labelled_in_house():
    assert "in-house" in {c.evidence for c in trials_knowledge().age_units_citations}


def test_every_v2_status_of_software_md_is_known():
    expected = {
        "RECRUITING",
        "NOT_YET_RECRUITING",
        "ENROLLING_BY_INVITATION",
        "ACTIVE_NOT_RECRUITING",
        "COMPLETED",
        "SUSPENDED",
        "TERMINATED",
        "WITHDRAWN",
        "UNKNOWN",
        "AVAILABLE",
        "NO_LONGER_AVAILABLE",
        "TEMPORARILY_NOT_AVAILABLE",
        "APPROVED_FOR_MARKETING",
        "WITHHELD",
    }
    assert trials_knowledge().overall_statuses == expected


def test_an_unknown_source_is_refused():
    data = copy.deepcopy(_data())
    data["age_units"]["sources"].append("nowhere")
    with pytest.raises(KnowledgeBaseError, match="unknown source 'nowhere'"):
        build_trials_knowledge(data, {"in-house": "Engraft"})


def test_a_missing_unit_is_refused():
    data = copy.deepcopy(_data())
    del data["age_units"]["days_per_unit"]["Weeks"]
    with pytest.raises(KnowledgeBaseError, match="days_per_unit"):
        build_trials_knowledge(data, {"in-house": "Engraft"})
