"""The class-table path and the fused top-k agree with the general kernel."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engraft.core.donor_search import engine
from engraft.core.donor_search.facts import ensure_facts
from engraft.core.hla.hla_typing import parse_typing
from engraft.core.hla.match_grade import relation
from engraft.core.hla.nomenclature import LOCI
from engraft.core.hla.ranking import PatientContext

MIN_GRADES = (None, "8/8", "7/8", "9/10", "11/12", "0/12")


def _patients(nom, store, row_gl, count):
    rng = np.random.default_rng(5)
    out = []
    for row in rng.permutation(store.count):
        gl = row_gl(store, row)
        if gl and not parse_typing(nom, gl).is_ambiguous:
            out.append(parse_typing(nom, gl))
        if len(out) == count:
            break
    return out


@pytest.mark.parametrize("store_name", ["synthetic_store", "wmda_store"])
def test_fast_keys_and_top_k_equal_the_general_kernel(nom, request, row_gl, store_name):
    store = request.getfixturevalue(store_name)
    contexts = (PatientContext("negative", "A"), PatientContext())
    for i, patient in enumerate(_patients(nom, store, row_gl, 4)):
        tables = engine.prepare_patient(nom, store, patient, contexts[i % 2])
        assert tables.class_table is not None
        for min_grade in MIN_GRADES:
            general = engine.score_store(store, tables, min_grade, general=True)
            assert np.array_equal(engine.score_store(store, tables, min_grade), general)
            for top in (1, 100, store.count + 5):
                rows, keys = engine.search_top(store, tables, top, min_grade)
                expected = engine.top_rows(general, top)
                assert np.array_equal(rows, expected)
                assert np.array_equal(keys, general[expected])
        # without class tables (a locus with over 255 classes) the general kernel serves
        slow = dataclasses.replace(tables, class_table=None, class_map=None)
        rows, keys = engine.search_top(store, slow, 50)
        assert np.array_equal(rows, engine.search_top(store, tables, 50)[0])


def test_top_rows_breaks_ties_by_row():
    keys = np.asarray([5, 7, 7, 7, -1, 7, 3], dtype=np.int32)
    assert engine.top_rows(keys, 2).tolist() == [1, 2]
    assert engine.top_rows(keys, 10).tolist() == [1, 2, 3, 5, 0, 6]


def test_vectorised_relations_equal_match_grade_relation(nom, wmda_store, row_gl):
    for patient in _patients(nom, wmda_store, row_gl, 3):
        for locus in LOCI:
            lt = patient.locus(locus)
            if lt is None:
                continue
            copies = (next(iter(lt.slots[0])), next(iter(lt.slots[1])))
            alleles = ensure_facts(nom, wmda_store).loci[locus].alleles
            expected = [relation(nom, a, copies) for a in alleles]
            assert engine.relations(nom, wmda_store, locus, copies).tolist() == expected
