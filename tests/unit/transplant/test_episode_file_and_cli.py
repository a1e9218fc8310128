"""The episode file and `engraft transplant evaluate`: good files, bad fields named, exit 2."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import time_machine

from engraft.commands.transplant import run
from engraft.core.transplant import EpisodeFileError, episode_from_dict
from engraft.core.transplant.episode_file import episode_schema

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"
ENGRAFTED = EXAMPLES / "transplant-episode-engrafted.json"
CORD_FAILURE = EXAMPLES / "transplant-episode-cord-graft-failure.json"
TODAY = "2026-12-02"


def _episode() -> dict:
    return json.loads(ENGRAFTED.read_text())


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "episode.json"
    path.write_text(json.dumps(data))
    return path


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_the_schema_documents_every_top_level_field() -> None:
    fields = set(episode_schema()["properties"])
    expected = {"day0", "graft_source", "daily", "transfusions", "chimerism", "conditioning"}
    assert expected <= fields


# (file, as-of, expected neutrophil day, platelet day, graft status, alert ids)
EXAMPLE_RESULTS = [
    (ENGRAFTED, "2026-04-15", 16, 22, "engrafted", []),
    (CORD_FAILURE, "2026-06-18", None, None, "primary_graft_failure", ["plan_retransplant"]),
]


@pytest.mark.parametrize(
    ("path", "as_of", "neutrophil", "platelet", "status", "alerts"), EXAMPLE_RESULTS
)
def test_the_documented_examples_evaluate_as_described(
    path: Path, as_of: str, neutrophil, platelet, status: str, alerts: list[str], capsys
) -> None:
    assert run(["evaluate", str(path), "--as-of", as_of, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["neutrophil_engraftment"]["day"] == neutrophil
    assert out["platelet_engraftment"]["day"] == platelet
    assert out["graft_failure"]["status"] == status
    assert [a["rule_id"] for a in out["alerts"]] == alerts


def test_cord_blood_example_shows_the_ric_warning_and_the_limit_countdown(capsys) -> None:
    assert run(["evaluate", str(CORD_FAILURE), "--as-of", "2026-06-04"]) == 0
    out = capsys.readouterr().out
    assert "day +31, no engraftment yet, 11 days to the day +42 limit" in out
    assert "Cord blood under reduced-intensity conditioning" in out


def test_text_report_shows_qualifying_days_and_citation(capsys) -> None:
    assert run(["evaluate", str(ENGRAFTED), "--as-of", "2026-04-15"]) == 0
    out = capsys.readouterr().out
    assert "neutrophil engraftment on day +16 (2026-03-26)" in out
    assert "day +19 (2026-03-29): 1.1" in out
    assert "kharfan-dabaja2021" in out


def test_default_as_of_is_today(capsys) -> None:
    assert run(["evaluate", str(ENGRAFTED), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == TODAY


# (how the file is spoiled, the field path the message must start with)
def _negative_anc(d: dict) -> None:
    d["daily"][3]["anc"] = -1


def _future_transfusion(d: dict) -> None:
    d["transfusions"][1]["date"] = "2027-01-05"


def _impossible_date(d: dict) -> None:
    d["chimerism"][0]["date"] = "2026-02-30"


def _missing_source(d: dict) -> None:
    del d["graft_source"]


def _bad_unit(d: dict) -> None:
    d["conditioning"]["agents"][0]["unit"] = "g/m2"


def _bad_lineage(d: dict) -> None:
    d["chimerism"][1]["lineage"] = "cd19"


BAD_FILES = [
    (_negative_anc, "daily[3].anc: -1 is less than the minimum of 0"),
    (_future_transfusion, "transfusions[1].date: 2027-01-05 is in the future"),
    (_impossible_date, "chimerism[0].date: '2026-02-30' is not a valid date"),
    (_missing_source, "graft_source: required field is missing"),
    (_bad_unit, "conditioning.agents[0].unit: Busulfan is not dosed in 'g/m2'"),
    (_bad_lineage, "chimerism[1].lineage: 'cd19' is not one of"),
]


@pytest.mark.parametrize(("spoil", "message"), BAD_FILES, ids=[f.__name__ for f, _ in BAD_FILES])
def test_a_bad_file_exits_2_naming_the_field(spoil, message: str, tmp_path, capsys) -> None:
    data = _episode()
    spoil(data)
    assert run(["evaluate", str(_write(tmp_path, data))]) == 2
    assert message in capsys.readouterr().err
    with pytest.raises(EpisodeFileError, match="^" + re.escape(message)):
        episode_from_dict(data, today=date.fromisoformat(TODAY))


def test_an_as_of_date_in_the_future_exits_2(capsys) -> None:
    assert run(["evaluate", str(ENGRAFTED), "--as-of", "2026-12-03"]) == 2
    assert "--as-of: 2026-12-03 is in the future" in capsys.readouterr().err


def test_a_missing_file_exits_2(tmp_path, capsys) -> None:
    assert run(["evaluate", str(tmp_path / "absent.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_a_file_that_is_not_json_exits_2(tmp_path, capsys) -> None:
    path = tmp_path / "episode.json"
    path.write_text("{not json")
    assert run(["evaluate", str(path)]) == 2
    assert "(file): not valid JSON" in capsys.readouterr().err


def test_a_bad_as_of_value_exits_2() -> None:
    with pytest.raises(SystemExit) as exc:
        run(["evaluate", str(ENGRAFTED), "--as-of", "15/04/2026"])
    assert exc.value.code == 2


def test_the_report_gives_bsa_and_cell_doses_per_kg_of_the_day_0_weight(capsys) -> None:
    assert run(["evaluate", str(ENGRAFTED), "--as-of", "2026-04-15", "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)["body"]
    # 6.8 kg on day 0, 65 cm: sqrt(65 * 6.8 / 3600) = 0.350; CD34+ 3.4e7 / 6.8 = 5.0e6 per kg
    assert (body["weight_kg"], body["bsa_m2"], body["bsa_formula"]) == (6.8, 0.35, "mosteller")
    doses = {d["marker"]: d["cells_per_kg"] for d in body["cell_doses"]}
    assert doses["cd34"] == pytest.approx(5.0e6)
    assert doses["tnc"] == pytest.approx(5.0e8)


def test_without_a_recent_weight_the_doses_say_what_is_missing(capsys) -> None:
    assert run(["evaluate", str(CORD_FAILURE), "--as-of", "2026-06-18", "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)["body"]
    assert body["cell_doses"] == []
    assert body["missing"][0].startswith("weight: none recorded in the 7 days up to day 0")
