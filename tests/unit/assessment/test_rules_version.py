"""Clinical constants live in the versioned knowledge base, and every assessment names the
code and data version it was computed with."""

from __future__ import annotations

import re

from assessment_builders import AS_OF, base_case

from engraft.core.assessment import assess
from engraft.core.assessment.from_record import CATEGORY_MARKERS, PRESENCE_MARKERS
from engraft.core.knowledge import KNOWLEDGE_BASE_VERSION, load_knowledge_base, read_data_file
from engraft.core.knowledge import rules_version as current_rules_version
from engraft.core.record.analytes import get_analyte
from engraft.core.record.findings import FindingKind


def test_an_assessment_carries_the_rules_version_of_code_and_data() -> None:
    result = assess(base_case(), AS_OF)
    assert re.fullmatch(
        rf"engraft \S+; knowledge base {re.escape(KNOWLEDGE_BASE_VERSION)}; sha256 [0-9a-f]{{16}}",
        result.rules_version,
    )
    assert result.to_dict()["rules_version"] == result.rules_version == current_rules_version()


def test_the_classic_infantile_subtypes_of_rule_3_are_knowledge_base_data() -> None:
    kb = load_knowledge_base()
    assert kb.classic_infantile.members == ("TCIRG1-ARO", "TNFRSF11A-ARO", "SNX10-ARO", "CLCN7-ARO")
    assert {c.source_id for c in kb.classic_infantile.citations} == {
        "driessen2003", "orchard2015", "gerritsen1994-pediatrics"
    }  # fmt: skip


def test_the_finding_to_marker_tables_are_read_from_the_knowledge_base() -> None:
    assert PRESENCE_MARKERS[FindingKind.TRANSFUSION_DEPENDENCE] == "transfusion_dependence"
    assert [(m, str(s)) for m, s in CATEGORY_MARKERS[(FindingKind.ERG, "extinguished")]] == [
        ("erg_abnormal", "present")
    ]
    assert read_data_file("record_markers.json")["presence"]["hydrocephalus"] == "raised_icp"


def test_lab_plausibility_limits_are_in_house_knowledge_base_data() -> None:
    limits = read_data_file("lab_limits.json")
    assert limits["evidence"] == "in-house"
    assert limits["analytes"]["haemoglobin"] == {"possible": [1.0, 25.0], "unusual": [6.0, 20.0]}
    assert get_analyte("haemoglobin").possible == (1.0, 25.0)
    assert get_analyte("calcium").unusual == (7.0, 11.0)
