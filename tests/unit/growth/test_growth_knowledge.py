"""growth.json: valid against its schema; the term gestation and default reference are in-house."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from jsonschema import Draft202012Validator

from engraft.core.growth import build_growth_knowledge, load_growth_knowledge
from engraft.core.knowledge import KnowledgeBaseError

KB = files("engraft.core.knowledge")


def _data() -> dict:
    return json.loads(KB.joinpath("growth.json").read_text("utf-8"))


def _shared() -> dict[str, str]:
    raw = json.loads(KB.joinpath("sources.json").read_text("utf-8"))["sources"]
    return {k: v["reference"] for k, v in raw.items()}


def test_growth_json_is_valid_against_its_schema() -> None:
    schema = json.loads(KB.joinpath("growth.schema.json").read_text("utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(_data()))
    assert errors == [], [f"{e.json_path}: {e.message}" for e in errors]


def test_the_term_gestation_is_an_in_house_assumption_of_40_weeks() -> None:
    fact = load_growth_knowledge().default_gestation_weeks
    assert fact.value == 40
    assert {c.evidence for c in fact.citations} == {"in-house"}


def test_uk_who_is_the_default_and_cites_the_rcpch_charts() -> None:
    kb = load_growth_knowledge()
    assert kb.default_reference.value == "uk-who"
    assert {c.source_id for c in kb.references["uk-who"].citations} >= {"rcpch-uk-who"}
    assert {c.source_id for c in kb.references["who"].citations} >= {"who-mgrs-2006"}


def test_the_nine_centiles_are_charted() -> None:
    assert load_growth_knowledge().centile_values == (0.4, 2, 9, 25, 50, 75, 91, 98, 99.6)


def test_a_default_reference_not_listed_is_refused() -> None:
    data = _data()
    data["references"] = [r for r in data["references"] if r["id"] != "uk-who"]
    with pytest.raises(KnowledgeBaseError, match="default reference 'uk-who' not listed"):
        build_growth_knowledge(data, _shared())


def test_an_unknown_source_key_is_refused() -> None:
    data = _data()
    data["centiles"]["sources"] = ["cole-typo"]
    with pytest.raises(KnowledgeBaseError, match="unknown source key 'cole-typo'"):
        build_growth_knowledge(data, _shared())
