"""followup.json: valid against its own schema, sourced where the notes give it, in-house else."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from jsonschema import Draft202012Validator

from engraft.core.followup import build_followup_knowledge, load_followup_knowledge
from engraft.core.knowledge import KnowledgeBaseError

KB = files("engraft.core.knowledge")


def _data() -> dict:
    return json.loads(KB.joinpath("followup.json").read_text("utf-8"))


def _shared() -> dict[str, str]:
    raw = json.loads(KB.joinpath("sources.json").read_text("utf-8"))["sources"]
    return {k: v["reference"] for k, v in raw.items()}


def test_followup_json_is_valid_against_its_schema() -> None:
    schema = json.loads(KB.joinpath("followup.schema.json").read_text("utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(_data()))
    assert errors == [], [f"{e.json_path}: {e.message}" for e in errors]


def test_cibmtr_timepoints_are_sourced_and_day_30_is_in_house() -> None:
    kb = load_followup_knowledge()
    for tid in ("day_100", "month_6", "year_1"):
        assert "cibmtr-fim-2450" in {c.source_id for c in kb.timepoints[tid].citations}, tid
    assert {c.evidence for c in kb.timepoints["day_30"].citations} == {"in-house"}


def test_every_item_is_labelled_for_review() -> None:
    for item in load_followup_knowledge().items.values():
        assert {c.evidence for c in item.citations} & {"unverified", "in-house"}, item.id


def test_an_item_naming_an_unknown_timepoint_is_refused() -> None:
    data = _data()
    data["items"][0]["timepoints"].append("month_9")
    with pytest.raises(KnowledgeBaseError, match="unknown timepoints"):
        build_followup_knowledge(data, _shared())


def test_an_unknown_source_key_is_refused() -> None:
    data = _data()
    data["items"][0]["sources"] = ["thompson-typo"]
    with pytest.raises(KnowledgeBaseError, match="unknown source key 'thompson-typo'"):
        build_followup_knowledge(data, _shared())
