"""The knowledge base: valid against its schema, versioned, cited, honest about evidence."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from engraft.core.knowledge import KNOWLEDGE_BASE_VERSION, load_knowledge_base

KB_PACKAGE = "engraft.core.knowledge"


def _read(name: str) -> Any:
    return json.loads(files(KB_PACKAGE).joinpath(name).read_text("utf-8"))


SCHEMA = _read("knowledge.schema.json")
DATA_FILES = [*_read("manifest.json")["files"], "manifest.json"]


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_is_valid_against_the_schema(name: str) -> None:
    sub = {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"]}
    sub["$ref"] = f"#/$defs/{name.removesuffix('.json')}"
    errors = list(Draft202012Validator(sub).iter_errors(_read(name)))
    assert errors == [], [f"{e.json_path}: {e.message}" for e in errors]


def test_schema_rejects_a_fact_without_sources() -> None:
    sub = {"$defs": SCHEMA["$defs"], "$ref": "#/$defs/fact"}
    bad = {"value": "AR", "evidence": "V", "sources": []}
    assert not Draft202012Validator(sub).is_valid(bad)


def test_every_gene_of_section_1_is_in_the_knowledge_base() -> None:
    genes = load_knowledge_base().genes
    section_1 = {"TCIRG1", "CLCN7", "OSTM1", "SNX10", "PLEKHM1", "CA2", "TNFSF11"}
    section_1 |= {"TNFRSF11A", "FERMT3", "IKBKG", "LRP5", "MITF", "CSF1R", "SLC4A2"}
    assert section_1 <= genes


def test_clcn7_has_a_recessive_and_a_dominant_row() -> None:
    rows = load_knowledge_base().subtypes_for_gene("CLCN7")
    assert {(r.genotype, r.hsct_stance.value) for r in rows} == {
        ("biallelic", "indicated"),
        ("heterozygous", "not_indicated"),
    }


def test_version_matches_the_latest_released_changelog_entry() -> None:
    # An "(unreleased)" heading collects changes until the lead bumps the manifest version.
    changelog = files(KB_PACKAGE).joinpath("CHANGELOG.md").read_text("utf-8")
    first = re.search(r"^## (\S+) (?!\(unreleased\))", changelog, re.MULTILINE)
    assert first is not None
    assert first.group(1) == KNOWLEDGE_BASE_VERSION == load_knowledge_base().version


def test_facts_unverified_in_the_notes_are_flagged_unverified() -> None:
    kb = load_knowledge_base()
    ostm1 = kb.subtypes_for_gene("OSTM1")[0]
    assert ostm1.osteoclasts.unverified  # "unverified (from memory)" in clinical.md
    assert not ostm1.hsct_stance.unverified  # read in Blood Adv 2017 [V]
    assert kb.rule("R5").citations[0].evidence == "unverified"


def test_in_house_thresholds_are_labelled_in_house() -> None:
    kb = load_knowledge_base()
    for name in ("haemoglobin_impairment_g_dl", "platelets_impairment_10e9_l"):
        assert [c.evidence for c in kb.parameter(name).citations] == ["in-house"]


def test_subtype_notes_carry_the_rank_and_ca2_warnings() -> None:
    kb = load_knowledge_base()
    rank = kb.subtypes_for_gene("TNFRSF11A")[0]
    ca2 = kb.subtypes_for_gene("CA2")[0]
    assert any("hypercalcaemia" in n.text for n in rank.notes)
    assert any("tubular acidosis persists" in n.text for n in ca2.notes)


def test_donor_outcomes_cite_orchard_and_driessen() -> None:
    kb = load_knowledge_base()
    cited = {c.source_id for o in kb.donor_outcomes for c in o.citations}
    assert {"orchard2015", "driessen2003"} <= cited
    msd = [o for o in kb.donor_outcomes if o.donor_type == "MSD" and "5-year overall" in o.measure]
    assert msd[0].percent == 62
