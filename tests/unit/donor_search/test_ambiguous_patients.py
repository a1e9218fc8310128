"""A patient typed with MACs, allele lists, G groups or genotype lists is searched by grading
over the patient's possible genotypes as over the donor's (issue 12); expected values by hand."""

from __future__ import annotations

import gzip

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

REST = (
    "^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01^DQB1*02:01+DQB1*03:02"
    "^DPB1*04:01+DPB1*02:01"
)
DONORS = {
    "D-0101": "A*01:01+A*02:01" + REST,
    "D-0102": "A*01:02+A*02:01" + REST,
    "D-AB": "A*01:AB+A*02:01" + REST,  # A*01:01/A*01:02
    "D-0301": "A*03:01+A*02:01" + REST,
    "D-GL1": "A*02:01+A*03:01" + REST,
    "D-GL2": "A*02:01+A*03:02|A*02:05+A*03:01" + REST,
}
# patient, donor -> (mismatches best, worst) at A, worked out by hand
EXPECTED = [
    # allele list: A*01:01 or A*01:02 beside A*02:01
    ("A*01:01/A*01:02+A*02:01", "D-0101", (0, 1)),
    ("A*01:01/A*01:02+A*02:01", "D-0102", (0, 1)),
    ("A*01:01/A*01:02+A*02:01", "D-AB", (0, 1)),
    ("A*01:01/A*01:02+A*02:01", "D-0301", (1, 1)),
    # the same as a MAC
    ("A*01:AB+A*02:01", "D-0102", (0, 1)),
    # a genotype list against a genotype list: patient A*02:01+A*03:01 meets one mismatch in
    # each donor genotype; patient A*02:05+A*03:01 meets 0 (second) or 2 (first)
    ("A*02:01+A*03:01|A*02:05+A*03:01", "D-GL2", (0, 2)),
    ("A*02:01+A*03:01|A*02:05+A*03:01", "D-GL1", (0, 1)),
]


@pytest.fixture(scope="module")
def small_store(nom, tmp_path_factory):
    path = tmp_path_factory.mktemp("ambiguous")
    source = path / "donors.gl.txt"
    source.write_text("".join(f"{k}%{v}\n" for k, v in DONORS.items()), encoding="utf-8")
    assert import_file(nom, source, path / "store", progress=False).errors == []
    return open_store(path / "store")


@pytest.mark.parametrize(("patient_a", "donor", "expected"), EXPECTED)
def test_an_ambiguous_patient_is_graded_over_its_genotypes(
    nom, small_store, patient_a, donor, expected
):
    patient = parse_typing(nom, patient_a + REST)
    tables = engine.prepare_patient(nom, small_store, patient)
    assert tables.ambiguous_loci == ("A",)
    details = engine.locus_details(small_store, tables, np.asarray([small_store.row_of(donor)]))
    assert tuple(int(x) for x in details[0, 0, :2]) == expected


def test_the_result_names_the_ambiguous_loci_and_what_typing_would_change(nom, small_store):
    patient = parse_typing(nom, "A*01:01/A*01:02+A*02:01" + REST.replace("C*07:01", "C*07:AB"))
    result = search(nom, small_store, patient, PatientContext())
    loci = result.patient_ambiguity["loci"]
    assert [(a["locus"], a["genotypes"]) for a in loci] == [("A", 2), ("C", 2)]
    assert "ambiguous at A, C" in result.patient_ambiguity["text"]
    assert "High-resolution typing of the patient" in result.patient_ambiguity["text"]
    # no donor can be confirmed at an ambiguous patient locus whose alleles differ
    assert all(h.confidence != "confirmed" for h in result.unrelated)
    assert search(nom, small_store, parse_typing(nom, "A*01:01+A*02:01" + REST),
                  PatientContext()).patient_ambiguity is None  # fmt: skip


def _wmda_patients(nom, count):
    out = []
    with gzip.open(nom.data_dir / "wmda-mvt" / "pat.gl.txt.gz", "rt") as handle:
        for line in handle:
            pid, gl = line.strip().split("%")
            if parse_typing(nom, gl).is_ambiguous:
                out.append((pid, gl))
            if len(out) == count:
                break
    return out


def test_ambiguous_wmda_patients_agree_with_the_reference_grader(nom, wmda_store, row_gl):
    rng = np.random.default_rng(12)
    context = PatientContext("negative", "O")
    for _pid, patient_gl in _wmda_patients(nom, 3):
        tables = engine.prepare_patient(nom, wmda_store, parse_typing(nom, patient_gl), context)
        assert tables.class_table is not None
        keys = engine.score_store(wmda_store, tables)
        assert np.array_equal(engine.score_store(wmda_store, tables, general=True), keys)
        assert np.array_equal(score_store_numpy(wmda_store, tables), keys)
        rows = rng.integers(0, wmda_store.count, 150)
        details = engine.locus_details(wmda_store, tables, rows)
        c = wmda_store.columns
        for k, row in enumerate(rows):
            facts = facts_from_codes(c["age"][row], c["sex"][row], c["cmv"][row], c["abo"][row])
            ref_key, mg = reference_key(nom, patient_gl, row_gl(wmda_store, row), facts, context)
            ref = [
                (lg.mismatches_min, lg.mismatches_max, lg.antigen_mismatches_min,
                 lg.antigen_mismatches_max, lg.gvh_min, lg.hvg_min, int(lg.hvg_possible))
                for lg in mg.loci.values()
            ]  # fmt: skip
            assert [tuple(x) for x in details[k].tolist()] == ref
            assert keys[row] == ref_key
