"""The surveillance knowledge: validated, cited, and honest about what is unverified."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any

import pytest

from engraft.core.knowledge.loader import KnowledgeBaseError
from engraft.core.surveillance.hypercalcaemia import evaluate_hypercalcaemia
from engraft.core.surveillance.knowledge import (
    build_surveillance_knowledge,
    load_surveillance_knowledge,
)
from tests.unit.surveillance.builders import episode, on_day


def _raw() -> Any:
    text = files("engraft.core.knowledge").joinpath("surveillance.json").read_text("utf-8")
    return json.loads(text)


SHARED = {"martinez2010": "M", "research-notes": "R", "in-house": "I"}


def test_a_parameter_without_sources_is_refused_naming_where() -> None:
    data = copy.deepcopy(_raw())
    del data["parameters"]["calcium_alert_threshold"]["sources"]
    with pytest.raises(KnowledgeBaseError, match="calcium_alert_threshold"):
        build_surveillance_knowledge(data, SHARED)


def test_an_unknown_source_key_is_refused() -> None:
    with pytest.raises(KnowledgeBaseError, match="unknown source key"):
        build_surveillance_knowledge(_raw(), SHARED)


def test_the_calcium_frequency_is_labelled_unverified_and_the_threshold_is_not() -> None:
    kb = load_surveillance_knowledge()
    assert kb.parameters["calcium_draw_interval_days"].unverified
    assert not kb.parameters["calcium_alert_threshold"].unverified
    assert kb.value("calcium_alert_threshold") == 11.0


def test_the_in_house_platelet_days_and_alt_limit_are_labelled_in_house() -> None:
    kb = load_surveillance_knowledge()
    for name in ("vod_refractory_platelet_days", "vod_alt_upper_limit"):
        assert "in-house" in [c.evidence for c in kb.parameters[name].citations]


def test_severity_rows_cut_off_in_the_notes_are_unverified_and_not_graded() -> None:
    rows = {r.criterion: r for r in load_surveillance_knowledge().vod_severity}
    for criterion in ("ascites", "weight_gain", "renal"):
        assert rows[criterion].bounds is None
        assert [c.evidence for c in rows[criterion].citations] == ["unverified"]
    assert rows["bilirubin_mg_dl"].citations[0].source_id == "corbacioglu2018"


def test_management_is_information_noting_denosumab_rebound_never_an_order() -> None:
    result = evaluate_hypercalcaemia(episode(), as_of=on_day(20))
    text = " ".join(i.text for i in result.information).lower()
    assert "rebound" in text and "denosumab" in text
    assert all(i.citations for i in result.information)
    for order in ("give ", "start ", "administer", "prescribe"):
        assert order not in text
