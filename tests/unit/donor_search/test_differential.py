"""The fast engine agrees with a simple reference grader built on py-ard: 10,000 pairs."""

from __future__ import annotations

import numpy as np
import pytest

from engraft.core.donor_search import engine
from engraft.core.donor_search.numpy_engine import score_store_numpy
from engraft.core.donor_search.reference_grader import facts_from_codes, reference_key
from engraft.core.hla.hla_typing import parse_typing
from engraft.core.hla.ranking import PatientContext

PAIRS_PER_PATIENT = 500


def _patients(nom, store, rng, count, row_gl):
    """Rows typed at one allele per copy, usable as patients."""
    out = []
    for row in rng.permutation(store.count):
        gl = row_gl(store, row)
        if gl and not parse_typing(nom, gl).is_ambiguous:
            out.append(gl)
        if len(out) == count:
            return out
    return out


def _check(nom, store, patient_gl, context, rng, row_gl):
    patient = parse_typing(nom, patient_gl)
    tables = engine.prepare_patient(nom, store, patient, context)
    keys = engine.score_store(store, tables)
    rows = rng.integers(0, store.count, PAIRS_PER_PATIENT)
    details = engine.locus_details(store, tables, rows)
    c = store.columns
    mismatches = []
    for k, row in enumerate(rows):
        facts = facts_from_codes(c["age"][row], c["sex"][row], c["cmv"][row], c["abo"][row])
        ref_key, mg = reference_key(nom, patient_gl, row_gl(store, row), facts, context)
        ref_loci = [
            (lg.mismatches_min, lg.mismatches_max, lg.antigen_mismatches_min,
             lg.antigen_mismatches_max, lg.gvh_min, lg.hvg_min, int(lg.hvg_possible))
            for lg in mg.loci.values()
        ]  # fmt: skip
        if ref_key != keys[row] or ref_loci != [tuple(x) for x in details[k].tolist()]:
            mismatches.append((patient_gl, row_gl(store, row), ref_key, int(keys[row])))
    return mismatches, keys, tables


@pytest.mark.parametrize(("store_name", "patients"), [("synthetic_store", 12), ("wmda_store", 8)])
def test_fast_engine_agrees_with_the_py_ard_reference_grader(
    nom, request, row_gl, store_name, patients
):
    store = request.getfixturevalue(store_name)
    rng = np.random.default_rng(2024)
    contexts = [PatientContext("negative", "A"), PatientContext("positive", "O"), PatientContext()]
    disagreements = []
    pairs = 0
    for i, patient_gl in enumerate(_patients(nom, store, rng, patients, row_gl)):
        found, keys, tables = _check(nom, store, patient_gl, contexts[i % 3], rng, row_gl)
        disagreements += found
        pairs += PAIRS_PER_PATIENT
        # the straightforward numpy implementation grades every donor the same way
        assert np.array_equal(score_store_numpy(store, tables), keys)
    assert pairs == patients * PAIRS_PER_PATIENT
    assert disagreements == []
