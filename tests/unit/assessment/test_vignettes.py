"""Clinical vignettes drawn from the published cases and series in the research notes.

Each file under vignettes/ holds a case, the paper it is drawn from, and the expected
candidacy, urgency, subtype and key rules.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from engraft.core.assessment import assess, case_from_dict

VIGNETTES = sorted((Path(__file__).parent / "vignettes").glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_at_least_25_vignettes_each_citing_its_source() -> None:
    assert len(VIGNETTES) >= 25
    for path in VIGNETTES:
        assert _load(path)["drawn_from"], path.name


@pytest.mark.parametrize("path", VIGNETTES, ids=lambda p: p.stem)
def test_vignette_gives_the_expected_candidacy_urgency_and_reasons(path: Path) -> None:
    vignette = _load(path)
    expected = vignette["expected"]
    assessment = assess(case_from_dict(vignette["case"]), date.fromisoformat(vignette["as_of"]))
    assert assessment.candidacy.value == expected["candidacy"]
    assert assessment.urgency.value == expected["urgency"]
    if "subtype" in expected:
        assert assessment.subtype.value == expected["subtype"]
    missing_rules = set(expected["rules_fired"]) - assessment.fired_rules()
    assert not missing_rules, f"rules that did not fire: {missing_rules}"
