"""Only data on or before the as-of date count; `engraft assess` refuses data dated after
today, lists what it ignored, and refuses impossible lab values as the record does."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import time_machine
from assessment_builders import AS_OF, base_case, finding, genotype

from engraft.commands.assess import run
from engraft.core.assessment import CaseError, assess, case_from_dict
from engraft.core.assessment.case import GeneticTesting, GeneticTestingStatus
from engraft.core.assessment.from_record import genetics_of
from engraft.core.record import patient as record
from engraft.core.vocabulary import VariantClassification, Zygosity

TODAY = "2024-03-01"


def test_a_genetic_result_reported_after_the_as_of_date_does_not_count() -> None:
    case = base_case(
        genetic_testing=GeneticTesting(
            GeneticTestingStatus.REPORTED,
            requested_on=date(2024, 2, 1),
            reported_on=date(2024, 3, 10),
        )
    )
    result = assess(case, AS_OF)
    assert result.subtype.value == "pending"
    assert ("genetic_testing.reported_on", date(2024, 3, 10)) in {
        (i.field, i.date) for i in result.ignored
    }


def test_a_genetic_result_counts_from_its_own_report_date() -> None:
    late = genotype("OSTM1")
    case = base_case(genetics=(genotype("TCIRG1"), _reported(late, date(2024, 3, 5))))
    before, after = assess(case, AS_OF), assess(case, date(2024, 3, 5))
    assert before.candidacy.value == "indicated"
    assert after.candidacy.value == "contraindicated"
    assert [(i.field, i.date) for i in before.ignored] == [
        ("genetics[1].reported_on", date(2024, 3, 5))
    ]


def _reported(result, on: date):
    return replace(result, reported_on=on)


def test_a_finding_after_the_as_of_date_is_left_out_and_listed() -> None:
    case = base_case(findings=(*base_case().findings, finding("raised_icp", on=date(2024, 3, 2))))
    result = assess(case, AS_OF)
    assert result.urgency.value == "urgent"
    assert [(i.field, i.date) for i in result.ignored] == [("findings[2].date", date(2024, 3, 2))]
    assert "after the as-of date" in result.ignored[0].why


def test_the_record_carries_each_genetic_report_date_into_the_case() -> None:
    variant = record.Variant("NM_006019.4:c.1674-1G>A", VariantClassification.PATHOGENIC)
    report = record.GeneticResult(
        "TCIRG1", (variant,), Zygosity.HOMOZYGOUS, "Lab", date(2024, 2, 9)
    )
    assert [g.reported_on for g in genetics_of((report,))] == [date(2024, 2, 9)]


def _case(**changes) -> dict:
    data = {
        "case_id": "cli",
        "sex": "male",
        "date_of_birth": "2024-01-15",
        "clinical_form": "infantile_aro",
        "genetic_testing": {"status": "reported", "reported_on": "2024-02-20"},
        "genetics": [{"gene": "TCIRG1", "zygosity": "homozygous", "classification": "pathogenic"}],
        "findings": [{"marker": "erg_abnormal", "status": "absent", "date": "2024-02-20"}],
        "labs": [{"name": "haemoglobin_g_dl", "value": 9.1, "date": "2024-02-20"}],
    }
    data.update(changes)
    return data


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data))
    return path


@time_machine.travel(TODAY, tick=False)
def test_cli_refuses_a_finding_dated_after_today_naming_the_field(tmp_path, capsys) -> None:
    future = [{"marker": "raised_icp", "status": "present", "date": "2024-03-02"}]
    path = _write(tmp_path, _case(findings=future))
    assert run([str(path)]) == 2
    err = capsys.readouterr().err
    assert "findings[0].date: 2024-03-02 is after today" in err


@time_machine.travel(TODAY, tick=False)
def test_cli_refuses_labs_dated_2099(tmp_path, capsys) -> None:
    labs = [{"name": "platelets_10e9_l", "value": 120, "date": "2099-01-01"}]
    assert run([str(_write(tmp_path, _case(labs=labs)))]) == 2
    assert "labs[0].date: 2099-01-01 is after today" in capsys.readouterr().err


@time_machine.travel(TODAY, tick=False)
def test_cli_lists_what_it_ignored_for_an_earlier_as_of(tmp_path, capsys) -> None:
    path = _write(tmp_path, _case())
    assert run([str(path), "--as-of", "2024-02-19", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {(i["field"], i["date"]) for i in out["ignored"]} == {
        ("genetic_testing.reported_on", "2024-02-20"),
        ("findings[0].date", "2024-02-20"),
        ("labs[0].date", "2024-02-20"),
        ("genetics[0]", "2024-02-20"),
    }
    assert out["subtype"]["value"] == "pending"


@time_machine.travel(TODAY, tick=False)
def test_cli_text_report_lists_what_it_ignored(tmp_path, capsys) -> None:
    assert run([str(_write(tmp_path, _case())), "--as-of", "2024-02-19"]) == 0
    out = capsys.readouterr().out
    assert "Ignored:" in out and "labs[0].date (2024-02-20): dated after the as-of date" in out


@pytest.mark.parametrize(("name", "value"), [("haemoglobin_g_dl", 250), ("platelets_10e9_l", 5000)])
def test_an_impossible_lab_value_is_refused_naming_the_field(name: str, value: float) -> None:
    data = _case(labs=[{"name": name, "value": value, "date": "2024-02-20"}])
    with pytest.raises(CaseError, match=r"^labs\[0\]\.value: .*physiologically possible"):
        case_from_dict(data)


@time_machine.travel(TODAY, tick=False)
def test_cli_exits_2_for_an_impossible_haemoglobin(tmp_path, capsys) -> None:
    labs = [{"name": "haemoglobin_g_dl", "value": 250, "date": "2024-02-20"}]
    assert run([str(_write(tmp_path, _case(labs=labs)))]) == 2
    assert "labs[0].value" in capsys.readouterr().err


def test_genetics_report_date_is_read_from_the_case_json() -> None:
    data = _case()
    data["genetics"][0]["reported_on"] = "2024-02-18"
    assert case_from_dict(data).genetics[0].reported_on == date(2024, 2, 18)
