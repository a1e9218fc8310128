"""The surveillance sections of the episode file and their part of `engraft transplant evaluate`.

The sample (docs/examples/transplant-episode-surveillance.json) was written by hand with the
expected results below worked out from clinical.md before running the command: day 0 is
2026-05-04, the baseline weight 10.0 kg on day -7 (conditioning from day -6), weight 10.0 ->
10.2 -> 10.4 -> 10.6 on days +6 to +9, bilirubin 1.2 on day +8 then 2.1 on day +9, ascites on
the day +9 imaging (none at the day -8 baseline), SpO2 90 % with tachycardia on day +5,
calcium 11.4 on day +21 and 11.0 on day +22, no calcium on days +30, +31 and +40; GVHD
assessed on days +25 to +27 with 50, 150 and 250 mL of stool at 10 kg.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import time_machine

from engraft.commands.transplant import run
from engraft.core.surveillance.episode_file import surveillance_inputs_from_dict
from engraft.core.transplant import EpisodeFileError

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples"
SAMPLE = EXAMPLE / "transplant-episode-surveillance.json"
TODAY = "2026-12-02"
AS_OF = "2026-06-13"  # day +40


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _sample() -> dict:
    return json.loads(SAMPLE.read_text())


def _json(capsys, path: Path = SAMPLE, as_of: str = AS_OF) -> dict:
    assert run(["evaluate", str(path), "--as-of", as_of, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["surveillance"]


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "episode.json"
    path.write_text(json.dumps(data))
    return path


def test_the_sample_raises_the_alerts_of_each_day(capsys) -> None:
    out = _json(capsys)
    got = [(a["day"], a["rule_id"]) for a in out["alerts"]]
    assert got == [
        (5, "pulmonary_hypertension_prompt"),
        (9, "vod_sos"),
        (21, "hypercalcaemia"),
    ]
    calcium = out["alerts"][2]
    assert [(v["analyte"], v["value"]) for v in calcium["values"]] == [("calcium", 11.4)]
    assert calcium["citations"][0]["source_id"] == "martinez2010"
    vod = out["alerts"][1]
    values = {(v["analyte"], v["day"], v["value"]) for v in vod["values"]}
    assert {("weight", 9, 10.6), ("bilirubin", 8, 1.2), ("bilirubin", 9, 2.1)} <= values
    assert ("ascites", 9, True) in values
    assert vod["data_date"] == "2026-05-13"


def test_the_sample_gives_the_schedule_risk_vod_ph_and_gvhd(capsys) -> None:
    out = _json(capsys)
    calcium = out["hypercalcaemia"]
    assert calcium["schedule"]["due"] == [40]
    assert calcium["schedule"]["overdue"] == [30, 31]
    assert calcium["risk"]["raised"] is True
    assert len(calcium["risk"]["reasons"]) == 2  # RANK deficiency and age 3 at transplant
    vod = out["vod"]
    assert vod["as_of_day"]["day"] == 40 and vod["as_of_day"]["criteria_met"] == 0
    assert vod["alert_days"] == [9]
    assert vod["baseline_weight"] == {"date": "2026-04-27", "kg": 10.0}
    assert vod["missing"] == []
    ph = out["pulmonary_hypertension"]
    assert (ph["first_day"], ph["last_day"], ph["watching"]) == (-2, 90, True)
    assert ph["prompt_days"] == [5]  # the dyspnoea of day -4 is before the watch
    gvhd = out["acute_gvhd"]
    assert gvhd["evidence"] == "unverified"
    assert [(g["day"], g["grade_label"]) for g in gvhd["days"]] == [
        (25, "I"),
        (26, "II"),
        (27, "II"),
    ]
    stages = {o["organ"]: o["stage"] for o in gvhd["latest"]["organs"]}
    # Day +27: rash 30 % -> skin 2; bilirubin 0.6 -> liver 0; nausea -> upper GI 1;
    # (5 + 15 + 25) / 3 = 15 mL/kg/day -> lower GI 1.
    assert stages == {"skin": 2, "liver": 0, "upper_gi": 1, "lower_gi": 1}


def test_an_earlier_as_of_date_ignores_what_came_after(capsys) -> None:
    out = _json(capsys, as_of="2026-05-12")  # day +8: bilirubin 1.2, weight rising 2 days
    assert [a["day"] for a in out["alerts"]] == [5]
    assert out["vod"]["as_of_day"]["criteria_met"] == 0
    assert out["acute_gvhd"]["latest"] is None
    assert out["hypercalcaemia"]["schedule"]["due"] == []


def test_the_text_report_prints_the_surveillance_after_engraftment(capsys) -> None:
    assert run(["evaluate", str(SAMPLE), "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert out.index("Neutrophils:") < out.index("Surveillance alerts by day:")
    assert "* day +21 (2026-05-25): Calcium above 11.0 mg/dL after HCT" in out
    assert "values: calcium 11.4 mg/dL (day +21, 2026-05-25)" in out
    assert "Echocardiogram on day +6: no pulmonary hypertension reported" in out
    assert "overdue: 2 (day +30 to day +31)" in out
    assert "Hypercalcaemia: Higher risk of hypercalcaemia" in out
    assert "SOS/VOD on day +40 (2026-06-13): 0 of 5 criteria met" in out
    assert "Pulmonary hypertension watch day -2 to day +90: watching now; prompts: day +5" in out
    assert "Acute GVHD (MAGIC staging, unverified): latest day +27 (2026-05-31): grade II" in out
    assert "day +25 (2026-05-29): grade I; skin 1, liver 0, upper GI 0, lower GI 0" in out


def test_the_last_imaging_before_day_0_is_the_baseline(tmp_path, capsys) -> None:
    data = _sample()
    data["liver_imaging"][2]["hepatomegaly"] = True  # day +9
    out = _json(capsys, _write(tmp_path, data), as_of="2026-05-13")
    met = {c["id"]: c["met"] for c in out["vod"]["as_of_day"]["criteria"]}
    # Against day -8 (no hepatomegaly) it is met; against day -20 (hepatomegaly, no span)
    # it would not be assessable.
    assert met["hepatomegaly"] is True


def test_a_file_without_the_sections_has_no_surveillance_alerts(capsys) -> None:
    out = _json(capsys, EXAMPLE / "transplant-episode-engrafted.json", as_of="2026-04-15")
    assert out["alerts"] == []
    assert (
        "Baseline imaging missing: hepatomegaly and ascites cannot be assessed"
        in (out["vod"]["missing"])
    )
    assert out["acute_gvhd"] == {"evidence": "", "latest": None, "days": [], "citations": []}


def _future_gvhd(d: dict) -> None:
    d["gvhd"][1]["date"] = "2026-12-03"


def _spo2_above_100(d: dict) -> None:
    d["observations"][1]["spo2_percent"] = 101


def _imaging_without_ascites(d: dict) -> None:
    del d["liver_imaging"][0]["ascites"]


def _future_birth_date(d: dict) -> None:
    d["birth_date"] = "2027-01-01"


def _uncoded_echo_as_text(d: dict) -> None:
    d["echocardiograms"][0]["pulmonary_hypertension"] = "yes"


def _negative_stool(d: dict) -> None:
    d["gvhd"][0]["stool_ml"] = -5


def _impossible_observation_date(d: dict) -> None:
    d["observations"][0]["date"] = "2026-02-30"


BAD_FILES = [
    (_future_gvhd, "gvhd[1].date: 2026-12-03 is in the future"),
    (_spo2_above_100, "observations[1].spo2_percent: 101 is greater than the maximum of 100"),
    (_imaging_without_ascites, "liver_imaging[0].ascites: required field is missing"),
    (_future_birth_date, "birth_date: 2027-01-01 is in the future"),
    (_uncoded_echo_as_text, "echocardiograms[0].pulmonary_hypertension: 'yes' is not of type"),
    (_negative_stool, "gvhd[0].stool_ml: -5 is less than the minimum of 0"),
    (_impossible_observation_date, "observations[0].date: '2026-02-30' is not a valid date"),
]


@pytest.mark.parametrize(("spoil", "message"), BAD_FILES, ids=[f.__name__ for f, _ in BAD_FILES])
def test_a_bad_surveillance_field_exits_2_naming_it(spoil, message, tmp_path, capsys) -> None:
    data = _sample()
    spoil(data)
    assert run(["evaluate", str(_write(tmp_path, data))]) == 2
    assert message in capsys.readouterr().err
    with pytest.raises(EpisodeFileError, match="^" + re.escape(message)):
        surveillance_inputs_from_dict(data, today=date.fromisoformat(TODAY))
