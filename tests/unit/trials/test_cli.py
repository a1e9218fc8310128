"""`engraft trials match`, `import --dry-run` and `fetch` arguments, without the database."""

from __future__ import annotations

import json
import shutil
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
import time_machine

from engraft.cli import main
from engraft.core.trials import sample_trials

TODAY = date(2026, 12, 2)
SAMPLES = Path(str(files("engraft.core.trials").joinpath("samples")))
TRIALS = SAMPLES / "trials"
INFANT = SAMPLES / "patients" / "infant-candidate.json"
AFTER = SAMPLES / "patients" / "after-graft-failure.json"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def _json(capsys, *args):
    assert main(["trials", "match", *args, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    return {m["nct_id"]: m for m in out["matches"]}


def test_samples_are_synthetic_and_curated():
    trials = sample_trials()
    assert len(trials) == 5
    assert all(t.record.brief_title.startswith("(synthetic)") for t in trials)
    assert sum(t.rule is not None for t in trials) == 4


def test_infant_candidate_may_join_the_haplo_trial_with_one_item_to_check(capsys):
    matches = _json(capsys, str(INFANT), "--trials", str(TRIALS), "--as-of", "2026-12-01")
    haplo = matches["NCT90000001"]
    assert haplo["overall"] == "possibly_eligible"
    assert haplo["failing"] == [] and haplo["to_check"] == []
    assert [i["id"] for i in haplo["not_assessed"]] == ["E3"]
    assert haplo["not_assessed"][0]["note"] == "not assessed by Engraft"
    # the second-transplant trial needs a previous HSCT; the adult trial a minimum of 16 years
    assert matches["NCT90000002"]["failing"] == ["post-hsct", "had-hsct"]
    assert matches["NCT90000005"]["failing"][0] == "registry-age"


def test_child_after_graft_failure_may_join_the_second_transplant_trial(capsys):
    matches = _json(capsys, str(AFTER), "--trials", str(TRIALS))
    second = matches["NCT90000002"]
    assert second["overall"] == "possibly_eligible"
    assert [i["id"] for i in second["not_assessed"]] == ["I3"]
    assert matches["NCT90000001"]["overall"] == "not_eligible"


def test_text_output_gives_reasons_with_local_dates(capsys):
    assert main(["trials", "match", str(INFANT), "--trials", str(TRIALS)]) == 0
    out = capsys.readouterr().out
    assert "NCT90000001  POSSIBLY ELIGIBLE" in out
    assert "patient: TCIRG1 homozygous pathogenic (3 Aug 2026)" in out
    assert "not assessed by Engraft (for a human):" in out
    assert "E3 (exclusion): Active uncontrolled infection" in out


def _write(tmp_path, data):
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda p: p["transplant"].update(status="done"),
            "transplant.status: 'done' is not one of",
        ),
        (lambda p: p.update(sex="f"), "sex: 'f' is not one of"),
        (lambda p: p["trial_labs"][0].update(unit="g"), "trial_labs[0].unit: 'g' is not a unit"),
        (
            lambda p: p["candidacy"].update(date="2027-01-01"),
            "candidacy.date: 2027-01-01 is in the future",
        ),
        (lambda p: p.pop("date_of_birth"), "date_of_birth: required field is missing"),
        (
            lambda p: p["diagnosis"].update(icd10="osteopetrosis"),
            "diagnosis.icd10: 'osteopetrosis'",
        ),
    ],
)
def test_bad_patient_exits_2_naming_the_field(tmp_path, capsys, change, message):
    data = json.loads(INFANT.read_text())
    change(data)
    assert main(["trials", "match", str(_write(tmp_path, data)), "--trials", str(TRIALS)]) == 2
    assert message in capsys.readouterr().err


def test_bad_trial_file_exits_2_naming_file_and_path(tmp_path, capsys):
    shutil.copytree(TRIALS, tmp_path / "trials")
    record = tmp_path / "trials" / "NCT90000003.json"
    data = json.loads(record.read_text())
    data["protocolSection"]["eligibilityModule"]["minimumAge"] = "6 Moons"
    record.write_text(json.dumps(data))
    assert main(["trials", "match", str(INFANT), "--trials", str(tmp_path / "trials")]) == 2
    err = capsys.readouterr().err
    assert (
        "NCT90000003.json study 0 (NCT90000003): protocolSection.eligibilityModule."
        "minimumAge: '6 Moons' is not an age"
    ) in err


def test_a_rule_covering_an_item_the_trial_lacks_is_refused(tmp_path, capsys):
    shutil.copytree(TRIALS, tmp_path / "trials")
    rule_file = tmp_path / "trials" / "NCT90000003.rule.json"
    rule = json.loads(rule_file.read_text())
    rule["criteria"]["and"][0]["covers"] = ["I9"]
    rule_file.write_text(json.dumps(rule))
    assert main(["trials", "match", str(INFANT), "--trials", str(tmp_path / "trials")]) == 2
    assert "covers 'I9'" in capsys.readouterr().err


def test_as_of_in_the_future_exits_2(capsys):
    assert (
        main(["trials", "match", str(INFANT), "--trials", str(TRIALS), "--as-of", "2026-12-03"])
        == 2
    )
    assert "--as-of: 2026-12-03 is in the future" in capsys.readouterr().err


def test_import_dry_run_reports_each_record_and_refuses_the_bad_one(tmp_path, capsys):
    response = {
        "studies": [
            json.loads((TRIALS / "NCT90000001.json").read_text()),
            {"protocolSection": {"identificationModule": {"nctId": "NCT90000009"}}},
        ]
    }
    (tmp_path / "search.json").write_text(json.dumps(response))
    assert main(["trials", "import", "--dry-run", str(tmp_path / "search.json")]) == 1
    out = capsys.readouterr().out
    assert "ok NCT90000001 RECRUITING" in out
    assert (
        "refused search.json study 1 (NCT90000009): protocolSection.statusModule: "
        "required field is missing" in out
    )
    assert "nothing stored (dry run)" in out


def test_import_of_a_missing_path_exits_2_naming_it(tmp_path, capsys):
    missing = tmp_path / "nowhere.json"
    assert main(["trials", "import", str(missing)]) == 2
    assert f"cannot read {missing}" in capsys.readouterr().err


def test_fetch_refuses_a_root_that_is_not_http(capsys):
    code = main(["trials", "fetch", "--condition", "osteopetrosis", "--base-url", "file:///etc"])
    assert code == 2
    assert "must be an http(s) URL" in capsys.readouterr().err
