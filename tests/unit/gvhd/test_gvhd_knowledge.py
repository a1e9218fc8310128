"""gvhd.json: valid against its own schema, every value cited, refused when inconsistent."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from jsonschema import Draft202012Validator

from engraft.core.gvhd import build_gvhd_knowledge, load_gvhd_knowledge
from engraft.core.knowledge import KnowledgeBaseError

KB = files("engraft.core.knowledge")


def _data() -> dict:
    return json.loads(KB.joinpath("gvhd.json").read_text("utf-8"))


def _shared() -> dict[str, str]:
    raw = json.loads(KB.joinpath("sources.json").read_text("utf-8"))["sources"]
    return {k: v["reference"] for k, v in raw.items()}


def test_gvhd_json_is_valid_against_its_schema() -> None:
    schema = json.loads(KB.joinpath("gvhd.schema.json").read_text("utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(_data()))
    assert errors == [], [f"{e.json_path}: {e.message}" for e in errors]


def test_the_staging_table_is_labelled_unverified_until_checked() -> None:
    kb = load_gvhd_knowledge()
    for name, table in kb.organs.items():
        assert {c.evidence for c in table.citations} == {"unverified"}, name
    assert {c.evidence for c in kb.grade_citations} == {"unverified"}


def test_an_unknown_source_key_is_refused() -> None:
    data = _data()
    data["organs"]["liver"]["sources"] = ["harris-typo"]
    with pytest.raises(KnowledgeBaseError, match="unknown source key 'harris-typo'"):
        build_gvhd_knowledge(data, _shared())


def test_bands_out_of_order_are_refused() -> None:
    data = _data()
    data["organs"]["liver"]["bands"][1]["lowest"] = 1.0
    with pytest.raises(KnowledgeBaseError, match=r"organs\.liver"):
        build_gvhd_knowledge(data, _shared())


def test_a_schema_error_names_its_place() -> None:
    data = _data()
    del data["grade"]["implied_by_stage"]["skin"]
    with pytest.raises(KnowledgeBaseError, match=r"gvhd\.json \$\.grade\.implied_by_stage"):
        build_gvhd_knowledge(data, _shared())
