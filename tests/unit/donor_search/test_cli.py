"""``engraft donors`` end to end: generate, import (GL and CSV), re-import, search."""

from __future__ import annotations

import json

import pytest

from engraft.commands.donors import run
from engraft.core.donor_search.store import open_store

PATIENT = (
    "A*01:01+A*02:01^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01"
    "^DQB1*02:01+DQB1*03:02^DPB1*04:01+DPB1*02:01"
)
HEADER = "donor_id,kind,registry,age,sex,cmv,abo,tnc,cd34,hla\n"


def _csv(age: int) -> str:
    return (
        HEADER
        + f"D1,adult,REG-X,{age},male,negative,A,,,{PATIENT}\n"
        + "BAD1,adult,REG-X,40,female,positive,O,,,A*99:99+A*01:01^B*08:01+B*44:02\n"
        + f"C1,cord,CORD-X,,unknown,unknown,unknown,1.2e9,4e6,{PATIENT}\n"
    )


@pytest.fixture
def store_dir(tmp_path, nom, capsys):
    out = tmp_path / "store"
    haplotypes = nom.data_dir / "freqs" / "CAU.5locus.freqs.gz"
    code = run(["generate", "--haplotypes", str(haplotypes), "--count", "300",
                "--out", str(out), "--ambiguous-share", "0.3", "--seed", "5"])  # fmt: skip
    assert code == 0
    assert json.loads(capsys.readouterr().out) == {"generated": 300, "store": str(out)}
    return out


def _import(path, store_dir, capsys) -> tuple[int, dict]:
    code = run(["import", str(path), "--store", str(store_dir)])
    return code, json.loads(capsys.readouterr().out)


def test_import_gl_and_csv_reports_the_bad_row_and_reimport_updates(tmp_path, store_dir, capsys):
    gl = tmp_path / "donors.gl.txt"
    gl.write_text(f"G1%{PATIENT}\nG2%A*02:01+A*03:01^B*07:02+B*08:01\n", encoding="utf-8")
    code, report = _import(gl, store_dir, capsys)
    assert code == 0
    assert (report["added"], report["updated"], report["errors"]) == (2, 0, [])

    csv_path = tmp_path / "donors.csv"
    csv_path.write_text(_csv(34), encoding="utf-8")
    code, report = _import(csv_path, store_dir, capsys)
    assert code == 2  # one row refused
    assert (report["added"], report["updated"]) == (2, 0)
    [error] = report["errors"]
    assert error["line"] == 3 and error["donor_id"] == "BAD1"
    assert "A*99:99" in error["message"]
    store = open_store(store_dir)
    assert store.count == 304
    ids = [store.donor_id(i) for i in range(store.count)]
    d1 = ids.index("D1")
    assert int(store.columns["age"][d1]) == 34
    assert store.registries[int(store.columns["registry"][d1])] == "REG-X"
    c1 = ids.index("C1")
    assert int(store.columns["kind"][c1]) == 1 and float(store.columns["tnc"][c1]) == 1.2e9

    csv_path.write_text(_csv(35), encoding="utf-8")  # one attribute changed
    code, report = _import(csv_path, store_dir, capsys)
    assert code == 2
    assert (report["added"], report["updated"]) == (0, 2)
    store = open_store(store_dir)
    assert store.count == 304  # updated, not duplicated
    ids = [store.donor_id(i) for i in range(store.count)]
    assert ids.count("D1") == 1
    assert int(store.columns["age"][ids.index("D1")]) == 35


def test_search_prints_ranked_results_with_reasons(tmp_path, store_dir, capsys):
    csv_path = tmp_path / "donors.csv"
    csv_path.write_text(_csv(34), encoding="utf-8")
    _import(csv_path, store_dir, capsys)
    code = run(["search", "--store", str(store_dir), "--patient-typing", PATIENT,
                "--patient-cmv", "negative", "--patient-abo", "A", "--patient-weight-kg", "20",
                "--top", "10"])  # fmt: skip
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    hits = result["results"]
    assert len(hits) == 10
    keys = [h["rank_key"] for h in hits]
    assert keys == sorted(keys, reverse=True)
    assert all(h["why"] and h["why"][0].endswith("/8 best case at A, B, C, DRB1 (Dehn 2019)")
               for h in hits)  # fmt: skip
    by_id = {h["donor_id"]: h for h in hits}
    assert by_id["D1"]["grade_8"]["label"] == "8/8" and by_id["D1"]["grade_10"]["label"] == "10/10"
    assert (by_id["D1"]["grade_8"]["matched_min"], by_id["D1"]["grade_8"]["of"]) == (8, 8)
    assert by_id["D1"]["confidence"] == "confirmed"
    assert "confirmed: every 8/8 locus typed to its grade" in by_id["D1"]["why"]
    assert by_id["C1"]["source"] == "cord"
    assert by_id["C1"]["attributes"]["cord_grade_6"] == "6/6"
    assert by_id["C1"]["attributes"]["tnc_per_kg"] == pytest.approx(1.2e9 / 20)


def test_search_with_a_bad_patient_typing_exits_2_naming_the_token(store_dir, capsys):
    code = run(["search", "--store", str(store_dir), "--patient-typing",
                "A*01:01+A*99:99^B*08:01+B*44:02"])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "A*99:99" in err


def test_an_ambiguous_patient_is_searched_and_told_which_loci_are_ambiguous(store_dir, capsys):
    code = run(["search", "--store", str(store_dir), "--patient-typing",
                "A*01:01/A*01:02+A*02:01^B*08:01+B*44:02"])  # fmt: skip
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    ambiguity = result["patient_ambiguity"]
    assert [a["locus"] for a in ambiguity["loci"]] == ["A"]
    assert ambiguity["loci"][0]["genotypes"] == 2
    assert "High-resolution typing of the patient" in ambiguity["text"]
    assert result["results"]


def test_a_patient_too_ambiguous_to_grade_exits_2(store_dir, capsys):
    code = run(["search", "--store", str(store_dir), "--patient-typing",
                "A*01:XX+A*02:XX^B*08:01+B*44:02"])  # fmt: skip
    assert code == 2
    assert "too ambiguous to grade" in capsys.readouterr().err
