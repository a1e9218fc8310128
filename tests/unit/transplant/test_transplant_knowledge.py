"""transplant.json: valid against its schema, every value cited, in-house values labelled."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from jsonschema import Draft202012Validator

from engraft.core.knowledge import KnowledgeBaseError
from engraft.core.transplant import load_transplant_knowledge
from engraft.core.transplant.knowledge import build_transplant_knowledge

KB = files("engraft.core.knowledge")


def _data() -> dict:
    return json.loads(KB.joinpath("transplant.json").read_text("utf-8"))


def _shared_sources() -> dict[str, str]:
    raw = json.loads(KB.joinpath("sources.json").read_text("utf-8"))["sources"]
    return {k: v["reference"] for k, v in raw.items()}


def test_transplant_json_is_valid_against_its_schema() -> None:
    schema = json.loads(KB.joinpath("transplant.schema.json").read_text("utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(_data()))
    assert errors == [], [f"{e.json_path}: {e.message}" for e in errors]


# The published values the engine relies on (ASTCT 2021, clinical.md 4b), as data.
PUBLISHED = {
    "anc_threshold": 0.5,
    "platelet_threshold": 20,
    "consecutive_measurements": 3,
    "platelet_transfusion_free_days": 7,
    "primary_failure_day_marrow_or_blood": 30,
    "primary_failure_day_cord_blood": 42,
    "full_chimerism_above_percent": 95,
    "mixed_chimerism_from_percent": 5,
}


@pytest.mark.parametrize(("name", "value"), PUBLISHED.items())
def test_published_thresholds_are_sourced(name: str, value: float) -> None:
    fact = load_transplant_knowledge().parameters[name]
    assert fact.value == value
    assert not fact.unverified


@pytest.mark.parametrize(
    "name",
    [
        "max_gap_days_in_run",
        "secondary_loss_measurements",
        "secondary_support_window_days",
        "chimerism_drop_points",
        "chimerism_consecutive_falls",
    ],
)
def test_unsourced_thresholds_are_labelled_in_house(name: str) -> None:
    assert load_transplant_knowledge().parameters[name].citations[0].evidence == "in-house"


def test_open_cases_are_documented_as_choices() -> None:
    choices = load_transplant_knowledge().choices
    assert {"missing_day", "same_day_values", "late_engraftment", "nadir"} <= choices.keys()


def test_typical_regimen_doses_are_labelled_in_house() -> None:
    for regimen in load_transplant_knowledge().regimens.values():
        for agent in regimen.agents:
            assert {c.evidence for c in agent.citations} == {"in-house"}, regimen.id


def test_an_unknown_source_key_is_refused() -> None:
    data = _data()
    data["parameters"]["anc_threshold"]["sources"] = ["astct-typo"]
    with pytest.raises(KnowledgeBaseError, match="unknown source key 'astct-typo'"):
        build_transplant_knowledge(data, _shared_sources())


def test_a_source_may_not_be_defined_in_both_files() -> None:
    data = _data()
    data["sources"]["orchard2015"] = {"reference": "another wording"}
    with pytest.raises(KnowledgeBaseError, match=r"redefines sources\.json keys"):
        build_transplant_knowledge(data, _shared_sources())


def test_a_regimen_unit_the_agent_is_never_dosed_in_is_refused() -> None:
    data = _data()
    data["regimens"][0]["agents"][0]["unit"] = "Gy"
    with pytest.raises(KnowledgeBaseError, match="unit 'Gy' not allowed"):
        build_transplant_knowledge(data, _shared_sources())
