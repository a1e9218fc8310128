"""The case JSON format and `engraft assess`: clear errors naming the bad field, exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engraft.commands.assess import run
from engraft.core.assessment import CaseError, case_from_dict, case_from_json
from engraft.core.assessment.parse import case_schema
from engraft.core.knowledge import load_knowledge_base

VIGNETTE = Path(__file__).parent / "vignettes" / "v01-tcirg1-falling-vep.json"


def _case() -> dict:
    return json.loads(VIGNETTE.read_text())["case"]


def test_bad_zygosity_names_the_field() -> None:
    data = _case()
    data["genetics"][0]["zygosity"] = "homo"
    with pytest.raises(CaseError, match=r"^genetics\[0\]\.zygosity: 'homo' is not one of"):
        case_from_dict(data)


def test_missing_required_field_is_named() -> None:
    data = _case()
    del data["date_of_birth"]
    with pytest.raises(CaseError, match=r"^date_of_birth: required field is missing"):
        case_from_dict(data)


def test_impossible_date_is_named() -> None:
    data = _case()
    data["findings"][1]["date"] = "2024-02-30"
    with pytest.raises(CaseError, match=r"^findings\[1\]\.date: '2024-02-30' is not a valid date"):
        case_from_dict(data)


def test_unknown_marker_is_rejected() -> None:
    data = _case()
    data["findings"][0]["marker"] = "anaemia"
    with pytest.raises(CaseError, match=r"^findings\[0\]\.marker"):
        case_from_dict(data)


def test_a_fhir_bundle_is_not_read_as_a_case() -> None:
    with pytest.raises(CaseError, match="read it with case_from_bundle"):
        case_from_dict({"resourceType": "Bundle", "entry": []})


def test_malformed_json_is_a_case_error() -> None:
    with pytest.raises(CaseError, match="not valid JSON"):
        case_from_json("{")


def test_schema_enums_match_the_knowledge_base() -> None:
    kb, props = load_knowledge_base(), case_schema()["properties"]
    assert set(props["findings"]["items"]["properties"]["marker"]["enum"]) == set(kb.markers)
    assert set(props["hct_ci"]["properties"]["items"]["items"]["enum"]) == set(kb.hct_ci_items)
    workup = set(props["workup"]["items"]["properties"]["item"]["enum"])
    assert workup == {w.id for w in kb.workup} - {"genetic_testing"}


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(_case()))
    return path


def test_cli_prints_json_with_candidacy(case_file, capsys) -> None:
    assert run([str(case_file), "--format", "json", "--as-of", "2024-02-22"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["candidacy"]["value"] == "indicated"
    assert out["sign_off_required"] is True


def test_cli_prints_text_with_the_sign_off_notice(case_file, capsys) -> None:
    assert run([str(case_file), "--as-of", "2024-02-22"]) == 0
    out = capsys.readouterr().out
    assert "Candidacy: HSCT indicated" in out
    assert "sign-off" in out


def test_cli_exits_2_naming_the_bad_field(tmp_path, capsys) -> None:
    data = _case()
    data["genetics"][0]["zygosity"] = "homo"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    assert run([str(bad)]) == 2
    assert "genetics[0].zygosity" in capsys.readouterr().err


def test_cli_exits_2_for_a_missing_file(tmp_path, capsys) -> None:
    assert run([str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_cli_exits_2_when_as_of_precedes_birth(case_file, capsys) -> None:
    assert run([str(case_file), "--as-of", "2000-01-01"]) == 2
    assert "before the date of birth" in capsys.readouterr().err
