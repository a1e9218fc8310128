"""`engraft outcomes analyse` on the docs example file, and its refusals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import time_machine

from engraft.cli import main
from engraft.core.outcomes import COLUMNS, read_outcomes_csv

TODAY = date(2026, 12, 2)
ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "docs" / "examples" / "outcomes-synthetic-60.csv"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def _json(capsys, *args):
    assert main(["outcomes", "analyse", str(EXAMPLE), *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_docs_example_is_synthetic_and_reads_without_error():
    report = read_outcomes_csv(EXAMPLE.read_text("utf-8").splitlines(keepends=True), today=TODAY)
    assert report.errors == [] and len(report.outcomes) == 60
    assert all(o.transplant_id.startswith("SYN-") for o in report.outcomes)


def test_os_by_donor_type_as_json(capsys):
    out = _json(capsys, "--endpoint", "os", "--by", "donor_type")
    assert out["endpoint"]["id"] == "os" and out["by"] == "donor_type"
    tables = {t["id"]: t for t in out["tables"]}
    assert set(tables) >= {"summary", "estimates", "at_risk", "test", "published"}
    total = tables["summary"]["rows"][-1]
    assert total["group"] == "all transplants" and total["transplants"] == 60
    assert out["small_cell_rule"]["below"] == 11
    assert "withheld" in json.dumps(tables["summary"])  # groups of this small file are


def test_the_rule_can_be_turned_off_for_checking_against_other_tools(capsys):
    out = _json(capsys, "--endpoint", "os", "--by", "donor_type", "--suppress-below", "0")
    summary = next(t for t in out["tables"] if t["id"] == "summary")
    assert "withheld" not in json.dumps(summary)
    assert sum(r["transplants"] for r in summary["rows"][:-1]) == 60
    assert out["small_cell_rule"]["text"].startswith("No small-cell rule applied")


def test_graft_failure_text_names_the_competing_event(capsys):
    assert main(["outcomes", "analyse", str(EXAMPLE), "--endpoint", "graft_failure"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Graft failure\n=============")
    assert "competing: death." in text and "Small-cell rule" in text


def test_the_chart_is_written(tmp_path, capsys):
    chart = tmp_path / "os.svg"
    assert (
        main(["outcomes", "analyse", str(EXAMPLE), "--endpoint", "os", "--chart", str(chart)]) == 0
    )
    assert chart.read_text("utf-8").count('role="img"') == 1


def test_bad_rows_exit_2_naming_row_and_column_and_nothing_is_analysed(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    rows = EXAMPLE.read_text("utf-8").splitlines()
    cells = rows[3].split(",")
    cells[COLUMNS.index("donor_type")] = "sibling"
    rows[3] = ",".join(cells)
    cells = rows[5].split(",")
    cells[COLUMNS.index("transplant_date")] = "2030-01-01"
    rows[5] = ",".join(cells)
    bad.write_text("\n".join(rows) + "\n", "utf-8")
    assert main(["outcomes", "analyse", str(bad), "--endpoint", "os"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{bad} row 4, donor_type: 'sibling' is not a donor type" in captured.err
    assert f"{bad} row 6, transplant_date: 2030-01-01 is in the future" in captured.err
    assert "2 problem(s)" in captured.err and "nothing analysed" in captured.err


def test_a_missing_file_exits_2(capsys):
    assert main(["outcomes", "analyse", "/nonexistent.csv", "--endpoint", "os"]) == 2
    assert "cannot read /nonexistent.csv" in capsys.readouterr().err


def test_an_unknown_endpoint_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["outcomes", "analyse", str(EXAMPLE), "--endpoint", "rfs"])
    assert exit_.value.code == 2


def test_era_breaks_split_the_eras(capsys):
    out = _json(
        capsys, "--endpoint", "os", "--by", "era", "--era-breaks", "2010", "--suppress-below", "0"
    )
    groups = [r["group"] for r in next(t for t in out["tables"] if t["id"] == "summary")["rows"]]
    assert groups == ["before 2010", "2010 or later", "all transplants"]
