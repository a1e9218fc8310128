"""The store and the fast engine grade null-containing codes and genotype lists as the
reference grader does (issue 12), with the issue's own examples as hand-written expectations."""

from __future__ import annotations

import numpy as np
import pytest

from engraft.core.donor_search import engine
from engraft.core.donor_search.importers import import_file
from engraft.core.donor_search.numpy_engine import score_store_numpy
from engraft.core.donor_search.reference_grader import facts_from_codes, reference_key
from engraft.core.donor_search.search import search
from engraft.core.donor_search.store import open_store
from engraft.core.hla.hla_typing import parse_typing
from engraft.core.hla.ranking import PatientContext

B_TO_DP = (
    "^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01^DQB1*02:01+DQB1*03:02"
    "^DPB1*04:01+DPB1*02:01"
)
PATIENT = "A*24:02+A*01:01" + B_TO_DP


def _at(old: str, new: str) -> str:
    """The patient's typing with one locus replaced."""
    return PATIENT.replace(old, new)


DONORS = {
    "MATCH": PATIENT,
    "AMG": _at("A*24:02+A*01:01", "A*24:AMG+A*01:01"),  # A*24:02/A*24:09N
    "GLIST": _at("A*24:02+A*01:01", "A*24:02+A*01:02|A*24:03+A*01:01"),  # 1 mismatch each
    "GLBEST": _at("A*24:02+A*01:01", "A*24:02+A*01:01|A*24:03+A*01:01"),  # 0 or 1 mismatch
    "NULLS": _at("A*24:02+A*01:01", "A*24:09N+A*01:01"),
    "GLDP": _at("DPB1*04:01+DPB1*02:01", "DPB1*04:01+DPB1*02:01|DPB1*04:01+DPB1*03:01"),
    "GLCOPY": _at("C*07:01+C*05:01", "C*07:01+C*05:01|C*07:02+C*05:01"),
    "GLCOPY2": _at("C*07:01+C*05:01", "C*07:02+C*05:01|C*07:01+C*05:01"),  # the same list
    "NODQ": "A*24:AMG+A*01:01" + B_TO_DP.split("^DQB1")[0],
}
PATIENTS = (
    PATIENT,
    "A*24:09N+A*01:01" + B_TO_DP,  # a patient with a null allele
    "A*02:01+A*24:09N" + B_TO_DP,
)


@pytest.fixture(scope="module")
def edge_store(nom, tmp_path_factory):
    path = tmp_path_factory.mktemp("edge")
    source = path / "donors.gl.txt"
    source.write_text("".join(f"{k}%{v}\n" for k, v in DONORS.items()), encoding="utf-8")
    report = import_file(nom, source, path / "store", progress=False)
    assert report.errors == []
    return open_store(path / "store")


def _row(store, donor_id):
    return store.row_of(donor_id)


def test_a_genotype_list_is_one_code_in_both_copies(edge_store):
    row = _row(edge_store, "GLIST")
    c1, c2 = (int(c) for c in edge_store.hla[row, :2])
    assert c1 == c2
    assert edge_store.codebook.locus_gl("A", c1, c2) == "A*01:01+A*24:03|A*01:02+A*24:02"
    # the same list written in another order is the same code
    same = [edge_store.hla[_row(edge_store, d), 4] for d in ("GLCOPY", "GLCOPY2")]
    assert same[0] == same[1]


def test_the_engine_grades_nulls_and_genotype_lists_as_the_issue_says(nom, edge_store):
    tables = engine.prepare_patient(nom, edge_store, parse_typing(nom, PATIENT))
    rows = np.asarray([_row(edge_store, d) for d in ("MATCH", "AMG", "GLIST", "GLBEST")])
    details = engine.locus_details(edge_store, tables, rows)
    a = [tuple(int(x) for x in details[k, 0, :2]) for k in range(len(rows))]
    # (mismatches best, worst) at A: certain match; A*24:AMG potential; list 1 each; list 0-1
    assert a == [(0, 0), (0, 1), (1, 1), (0, 1)]


def test_a_genotype_list_with_no_matching_genotype_fails_an_8_of_8_filter(nom, edge_store):
    result = search(nom, edge_store, parse_typing(nom, PATIENT), PatientContext(),
                    min_grade="8/8")  # fmt: skip
    found = {h.donor_id for h in result.unrelated}
    assert {"MATCH", "AMG", "GLBEST"} <= found
    assert "GLIST" not in found and "NULLS" not in found


@pytest.mark.parametrize("patient_gl", PATIENTS)
def test_every_donor_agrees_with_the_reference_grader(nom, edge_store, row_gl, patient_gl):
    context = PatientContext("negative", "A")
    tables = engine.prepare_patient(nom, edge_store, parse_typing(nom, patient_gl), context)
    keys = engine.score_store(edge_store, tables)
    general = engine.score_store(edge_store, tables, general=True)
    assert np.array_equal(score_store_numpy(edge_store, tables), keys)
    rows = np.arange(edge_store.count)
    details = engine.locus_details(edge_store, tables, rows)
    c = edge_store.columns
    for row in rows:
        facts = facts_from_codes(c["age"][row], c["sex"][row], c["cmv"][row], c["abo"][row])
        ref_key, mg = reference_key(nom, patient_gl, row_gl(edge_store, row), facts, context)
        ref = [
            (lg.mismatches_min, lg.mismatches_max, lg.antigen_mismatches_min,
             lg.antigen_mismatches_max, lg.gvh_min, lg.hvg_min, int(lg.hvg_possible))
            for lg in mg.loci.values()
        ]  # fmt: skip
        assert [tuple(x) for x in details[row].tolist()] == ref, edge_store.donor_id(row)
        assert keys[row] == general[row] == ref_key, edge_store.donor_id(row)
