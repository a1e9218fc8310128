"""The store's nomenclature facts: built with the store, used cold, never trusted when stale."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from engraft.commands.donors import run
from engraft.core.donor_search import engine
from engraft.core.donor_search.facts import (
    FACTS_FILE,
    StoreReleaseMismatch,
    build_facts,
    ensure_facts,
    load_facts,
    save_facts,
)
from engraft.core.donor_search.importers import import_file
from engraft.core.donor_search.search import as_json_ready, search
from engraft.core.donor_search.store import open_store
from engraft.core.hla.hla_typing import parse_typing
from engraft.core.hla.match_grade import AG1, AG2, EQ1, EQ2, NULL
from engraft.core.hla.nomenclature import LOCI
from engraft.core.hla.ranking import PatientContext

PATIENT = (
    "A*01:01+A*02:01^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01"
    "^DQB1*02:01+DQB1*03:02^DPB1*04:01+DPB1*02:01"
)
CONTEXT = PatientContext("negative", "A")
OTHER_RELEASE = "3.57.0"

# A fresh interpreter: open the store, search once, report py-ard calls and numba cache use.
COLD_SEARCH = """
import json, sys
from pathlib import Path
from engraft.core.hla.nomenclature import get_nomenclature
from engraft.core.hla.hla_typing import parse_typing
from engraft.core.hla.ranking import PatientContext
nom = get_nomenclature()
patient = parse_typing(nom, sys.argv[2])
calls = []
redux = nom.ard.redux
nom.ard.redux = lambda *a, **k: calls.append(a) or redux(*a, **k)
from engraft.core.donor_search import engine
from engraft.core.donor_search.search import as_json_ready, search
from engraft.core.donor_search.store import open_store
store = open_store(Path(sys.argv[1]))
result = search(nom, store, patient, PatientContext("negative", "A")).to_json()
kernels = (engine._fill_class_table, engine._fast_top, engine._details)
print(json.dumps({
    "result": result,
    "pyard_calls": len(calls),
    "cache_misses": sum(sum(k.stats.cache_misses.values()) for k in kernels),
    "cache_hits": sum(sum(k.stats.cache_hits.values()) for k in kernels),
}, default=as_json_ready))
"""


@pytest.fixture(scope="module")
def generated(nom, tmp_path_factory):
    """2,000 synthetic donors, 30% ambiguous (MAC and XX codes), 5% cord units."""
    path = tmp_path_factory.mktemp("facts") / "generated"
    code = run(["generate", "--haplotypes", str(nom.data_dir / "freqs" / "CAU.5locus.freqs.gz"),
                "--count", "2000", "--out", str(path), "--ambiguous-share", "0.3",
                "--cord-share", "0.05", "--seed", "11"])  # fmt: skip
    assert code == 0
    return path


@pytest.fixture
def store_dir(generated, tmp_path):
    """A copy of the generated store that a test may change."""
    copy = tmp_path / "store"
    shutil.copytree(generated, copy)
    return copy


def _json(result) -> dict:
    return json.loads(json.dumps(result.to_json(), default=as_json_ready))


def _warm_result(nom, path) -> dict:
    """The reference: facts asked of py-ard in this process, the saved file ignored."""
    store = open_store(path)
    store.facts = build_facts(nom, store.codebook, store.codes_sha256)
    return _json(search(nom, store, parse_typing(nom, PATIENT), CONTEXT))


def _cold_search(path) -> dict:
    done = subprocess.run(  # our own interpreter and script
        [sys.executable, "-c", COLD_SEARCH, str(path), PATIENT],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def cold(generated):
    """A search in a fresh process, twice: the first may compile the kernels into the cache."""
    _cold_search(generated)
    return _cold_search(generated)


def _poisoned(facts):
    """Facts that would grade every donor allele as null, if anyone used them."""
    loci = {
        locus: dataclasses.replace(lf, null=np.ones_like(lf.null))
        for locus, lf in facts.loci.items()
    }
    return dataclasses.replace(facts, loci=loci)


def test_generate_and_import_save_facts_keyed_by_release_and_codes(nom, store_dir, tmp_path):
    store = open_store(store_dir)
    saved = load_facts(store_dir)
    assert saved is not None
    assert (saved.imgt_release, saved.codes_sha256) == ("3.58.0", store.codes_sha256)
    gl = tmp_path / "new.gl.txt"
    assert "A*80:01" not in saved.loci["A"].index  # the generated store has no A*80
    gl.write_text("N1%A*80:01+A*43:01^B*07:02+B*51:01\n", encoding="utf-8")
    import_file(nom, gl, store_dir, progress=False)
    after = load_facts(store_dir)
    assert after.codes_sha256 == open_store(store_dir).codes_sha256 != saved.codes_sha256
    assert "A*80:01" in after.loci["A"].index  # the import's new allele has its facts


def test_saved_facts_equal_facts_asked_of_py_ard(nom, store_dir):
    store = open_store(store_dir)
    fresh = build_facts(nom, store.codebook, store.codes_sha256)
    saved = store.facts
    assert saved.tce_groups == fresh.tce_groups
    assert np.array_equal(saved.dp_group, fresh.dp_group)
    for locus in LOCI:
        s, f = saved.loci[locus], fresh.loci[locus]
        assert s.alleles == f.alleles and s.antigen_ids == f.antigen_ids
        assert s.first_field_ids == f.first_field_ids
        for name in ("flat", "offsets", "null", "first_field", "antigens"):
            assert np.array_equal(getattr(s, name), getattr(f, name)), (locus, name)


def test_first_search_in_a_fresh_process_asks_py_ard_only_about_the_patient(cold):
    # 12 patient alleles, each reduced to serology once; the store's ~2,000 alleles not at all
    assert cold["pyard_calls"] <= 24


def test_a_store_searched_cold_gives_the_same_results_as_a_warm_one(nom, generated, cold):
    assert cold["result"] == _warm_result(nom, generated)
    assert cold["result"]["results"]  # not trivially equal


def test_numba_kernels_load_from_the_cache_in_a_fresh_process(cold):
    assert cold["cache_misses"] == 0
    assert cold["cache_hits"] == 3


def test_missing_facts_are_rebuilt_and_saved(nom, store_dir, caplog):
    expected = _warm_result(nom, store_dir)
    (store_dir / FACTS_FILE).unlink()
    store = open_store(store_dir)
    with caplog.at_level(logging.WARNING):
        result = _json(search(nom, store, parse_typing(nom, PATIENT), CONTEXT))
    assert result == expected
    assert "facts missing, rebuilding" in caplog.text
    assert load_facts(store_dir).codes_sha256 == store.codes_sha256


@pytest.mark.parametrize("stale", ["other release", "other codes"])
def test_stale_facts_are_rebuilt_not_used(nom, store_dir, caplog, stale):
    expected = _warm_result(nom, store_dir)
    facts = _poisoned(load_facts(store_dir))
    if stale == "other release":
        facts = dataclasses.replace(facts, imgt_release=OTHER_RELEASE)
    else:
        facts = dataclasses.replace(facts, codes_sha256="0" * 64)
    save_facts(store_dir, facts)
    store = open_store(store_dir)
    with caplog.at_level(logging.WARNING):
        result = _json(search(nom, store, parse_typing(nom, PATIENT), CONTEXT))
    assert result == expected
    assert "rebuilding" in caplog.text
    rebuilt = load_facts(store_dir)
    assert (rebuilt.imgt_release, rebuilt.codes_sha256) == ("3.58.0", store.codes_sha256)
    assert not rebuilt.loci["A"].null.all()


def test_a_damaged_facts_file_is_rebuilt_not_trusted(nom, store_dir):
    expected = _warm_result(nom, store_dir)
    file = store_dir / FACTS_FILE
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])  # a write cut short
    assert load_facts(store_dir) is None
    store = open_store(store_dir)
    assert _json(search(nom, store, parse_typing(nom, PATIENT), CONTEXT)) == expected
    assert load_facts(store_dir).codes_sha256 == store.codes_sha256
    assert not list(store_dir.glob(f".{FACTS_FILE}*"))  # no temporary file left behind


def test_a_store_of_another_imgt_release_is_refused_with_the_reason(nom, store_dir, capsys):
    meta = json.loads((store_dir / "meta.json").read_text())
    meta["imgt_release"] = OTHER_RELEASE
    (store_dir / "meta.json").write_text(json.dumps(meta))
    store = open_store(store_dir)
    with pytest.raises(StoreReleaseMismatch, match=r"3\.57\.0.*3\.58\.0.*rebuild"):
        ensure_facts(nom, store)
    with pytest.raises(StoreReleaseMismatch):
        search(nom, store, parse_typing(nom, PATIENT), CONTEXT)
    code = run(["search", "--store", str(store_dir), "--patient-typing", PATIENT])
    assert code == 2
    err = capsys.readouterr().err
    assert "built with IPD-IMGT/HLA 3.57.0" in err and "nomenclature is 3.58.0" in err


def test_patient_alleles_the_store_has_never_seen_are_graded_from_py_ard(nom, tmp_path):
    gl = tmp_path / "few.gl.txt"
    gl.write_text(
        "F1%A*01:01+A*02:01^B*08:01+B*44:02\nF2%A*03:01+A*24:09N^B*07:02+B*08:01\n",
        encoding="utf-8",
    )
    import_file(nom, gl, tmp_path / "few", progress=False)
    store = open_store(tmp_path / "few")
    assert "A*02:05" not in store.facts.loci["A"].index
    alleles = store.facts.loci["A"].alleles
    bits = dict(zip(alleles, engine.relations(nom, store, "A", ("A*01:01", "A*02:05")).tolist(),
                    strict=True))  # fmt: skip
    # A*02:05 is another protein of antigen A2: A*02:01 matches it at antigen level only
    assert bits == {
        "A*01:01": EQ1 | AG1,
        "A*02:01": AG2,
        "A*03:01": 0,
        "A*24:09N": NULL,
    }
    assert EQ2 not in bits.values()


def test_a_donor_is_found_by_id_with_or_without_the_id_index(store_dir):
    store = open_store(store_dir)
    assert store.id_order is not None
    ids = [store.donor_id(i) for i in range(store.count)]
    for row in (0, 1, 977, store.count - 1):
        assert store.row_of(ids[row]) == row
    assert store.row_of("NOT-A-DONOR") is None
    assert store.row_of("X" * 40) is None
    (store_dir / "id_order.npy").unlink()
    older = open_store(store_dir)  # a store written before the index existed
    assert older.id_order is None
    assert older.row_of(ids[977]) == 977
    stale = open_store(store_dir)
    stale.id_order = np.arange(store.count)[::-1].copy()  # an index that lies
    assert stale.row_of(ids[977]) == 977


def test_kernels_are_cached_under_the_cache_dir_even_when_numba_was_imported_first(tmp_path):
    code = (
        "import numba\n"
        "from engraft.core.donor_search import engine\n"
        "print(engine._fast_top.stats.cache_path)\n"
    )
    env = dict(os.environ, ENGRAFT_CACHE_DIR=str(tmp_path))
    env.pop("NUMBA_CACHE_DIR", None)
    done = subprocess.run(  # our own interpreter and script
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip().splitlines()[-1].startswith(str(tmp_path / "numba"))
