"""The fast grading engine: every donor of a store graded and ranked in one numba pass.

Why hand-written rather than py-ard per donor: py-ard grades one typing at a time (about 13 us
uncached per reduction, data README), far too slow for millions of donors. The engine does not
redo nomenclature: py-ard has already reduced every typing to lgx codes in the store. What it
precomputes, per search, from the rules in ``engraft.core.hla.match_grade``:

1. per locus and store code, the set of *relations* its alleles have to the patient's two
   copies (equal to copy 1/2, same antigen as copy 1/2, null: 5 bits, 32 relations), as a
   32-bit mask, and the single relation index when the code is one allele;
2. per locus, a 32 x 32 table of outcomes for each relation pair, built with
   :func:`~engraft.core.hla.match_grade.pair_outcome` itself;

so that grading a donor is 12 table look-ups and 6 pair look-ups; ambiguous codes (MAC, XX,
serology, allele lists) take the min/max over the pairs of relations they allow, in the same
kernel. The patient must be unambiguous at lgx resolution (typed at high resolution, as before
any unrelated search).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

import numpy as np

from engraft.core.donor_search.store import ABO_CODES, CMV_CODES, DonorStore
from engraft.core.hla.dpb1_tce import side_score, tce_groups
from engraft.core.hla.hla_typing import HlaTyping
from engraft.core.hla.match_grade import GRADE_LOCI, RELATIONS, pair_outcome, relation
from engraft.core.hla.nomenclature import LOCI, Nomenclature, cache_dir
from engraft.core.hla.ranking import PatientContext

# numba caches compiled kernels beside the sources by default; keep them in the cache dir.
os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir() / "numba"))

import numba
from numba import njit, prange

DPB1 = LOCI.index("DPB1")
DQB1 = LOCI.index("DQB1")
UNKNOWN_DP = -1


class PatientTypingTooAmbiguous(ValueError):
    """The fast engine needs one allele per patient copy at lgx resolution."""


@dataclass(frozen=True)
class PatientTables:
    """Per-search look-up tables for one patient against one store."""

    sig_mask: np.ndarray  # (6, codes) uint32: relations a code allows
    sig_index: np.ndarray  # (6, codes) int8: the relation of a one-allele code, else -1
    pair: np.ndarray  # (6, 32, 32) uint8: packed pair outcomes
    dp_group: np.ndarray  # (codes,) int8: donor TCE group of a DPB1 code, -1 unknown
    patient_dp_score: int
    patient_typed: np.ndarray  # (6,) bool
    patient_cmv: int
    patient_abo: int


@functools.cache
def _pair_table(expressed: tuple[bool, bool]) -> np.ndarray:
    table = np.zeros((RELATIONS, RELATIONS), dtype=np.uint8)
    for r1 in range(RELATIONS):
        for r2 in range(RELATIONS):
            table[r1, r2] = pair_outcome(r1, r2, expressed).packed()
    return table


def _store_cache(store: DonorStore) -> dict:
    # Per-store derived data (allele lists per code), kept on the object across searches.
    cache = store.__dict__.setdefault("_engine_cache", {})
    return cache


def _code_alleles(store: DonorStore, locus: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Unique alleles at a locus, and for each code the indices of its alleles (CSR form)."""
    cache = _store_cache(store)
    key = ("alleles", locus, store.codebook.size(locus))
    if key not in cache:
        index: dict[str, int] = {}
        flat: list[int] = []
        offsets = [0]
        for code in range(store.codebook.size(locus)):
            for allele in store.codebook.alleles(locus, code):
                flat.append(index.setdefault(allele, len(index)))
            offsets.append(len(flat))
        cache[key] = (list(index), np.asarray(flat, np.int64), np.asarray(offsets, np.int64))
    return cache[key]


def _dp_groups(nomenclature: Nomenclature, store: DonorStore) -> np.ndarray:
    cache = _store_cache(store)
    key = ("dp", store.codebook.size("DPB1"))
    if key not in cache:
        groups = tce_groups(nomenclature)
        out = np.full(store.codebook.size("DPB1"), UNKNOWN_DP, dtype=np.int8)
        for code in range(1, store.codebook.size("DPB1")):
            score = side_score(groups, (store.codebook.alleles("DPB1", code),))
            alleles = store.codebook.alleles("DPB1", code)
            if score is not None:
                out[code] = score
            elif all(a.endswith("N") for a in alleles):
                out[code] = 0
        cache[key] = out
    return cache[key]


def prepare_patient(
    nomenclature: Nomenclature,
    store: DonorStore,
    patient: HlaTyping,
    context: PatientContext | None = None,
) -> PatientTables:
    """Build the look-up tables for one patient (milliseconds; done once per search)."""
    context = context or PatientContext()
    width = max(store.codebook.size(locus) for locus in LOCI)
    sig_mask = np.zeros((len(LOCI), width), dtype=np.uint32)
    sig_index = np.full((len(LOCI), width), -1, dtype=np.int8)
    pair = np.zeros((len(LOCI), RELATIONS, RELATIONS), dtype=np.uint8)
    typed = np.zeros(len(LOCI), dtype=np.bool_)
    for li, locus in enumerate(LOCI):
        lt = patient.locus(locus)
        if lt is None:
            continue
        if lt.is_ambiguous:
            raise PatientTypingTooAmbiguous(
                f"patient typing at {locus} is ambiguous ({lt.gl()}): "
                "the registry search needs one allele per copy (high resolution)"
            )
        typed[li] = True
        copies = (next(iter(lt.slots[0])), next(iter(lt.slots[1])))
        alleles, flat, offsets = _code_alleles(store, locus)
        rel_bits = np.asarray(
            [1 << relation(nomenclature, a, copies) for a in alleles], dtype=np.uint32
        )
        per_allele = rel_bits[flat] if len(flat) else np.zeros(0, np.uint32)
        n_codes = len(offsets) - 1
        counts = np.diff(offsets)
        masks = np.zeros(n_codes, dtype=np.uint32)
        nonempty = counts > 0
        if nonempty.any():
            masks[nonempty] = np.bitwise_or.reduceat(per_allele, offsets[:-1][nonempty])
        sig_mask[li, :n_codes] = masks
        single = (masks != 0) & ((masks & (masks - np.uint32(1))) == 0)
        sig_index[li, :n_codes][single] = np.log2(masks[single]).astype(np.int8)
        expressed = (not copies[0].endswith("N"), not copies[1].endswith("N"))
        pair[li] = _pair_table(expressed)
    dp = patient.locus("DPB1")
    dp_score = None
    if dp is not None:
        dp_score = side_score(tce_groups(nomenclature), dp.slots)
    return PatientTables(
        sig_mask=sig_mask,
        sig_index=sig_index,
        pair=pair,
        dp_group=_dp_groups(nomenclature, store),
        patient_dp_score=UNKNOWN_DP if dp_score is None else dp_score,
        patient_typed=typed,
        patient_cmv=CMV_CODES.index(context.cmv),
        patient_abo=ABO_CODES.index(context.abo),
    )


@njit(inline="always", cache=True)
def _grade_locus(li, c1, c2, typed, sig_mask, sig_index, pair):
    """(mm_min, mm_max, ag_min, gvh_min, hvg_min, hvg_possible) of one locus."""
    if not typed[li]:
        return 0, 2, 0, 0, 0, 1
    i1 = sig_index[li, c1]
    i2 = sig_index[li, c2]
    if i1 >= 0 and i2 >= 0:
        o = pair[li, i1, i2]
        hv = (o >> 6) & 3
        return o & 3, o & 3, (o >> 2) & 3, (o >> 4) & 3, hv, 1 if hv > 0 else 0
    m1 = sig_mask[li, c1]
    m2 = sig_mask[li, c2]
    if m1 == 0 or m2 == 0:
        return 0, 2, 0, 0, 0, 1  # donor locus not typed
    mm_min = 3
    mm_max = 0
    ag_min = 3
    g_min = 3
    h_min = 3
    h_any = 0
    for a in range(32):
        if (m1 >> a) & 1:
            for b in range(32):
                if (m2 >> b) & 1:
                    o = pair[li, a, b]
                    mm = o & 3
                    mm_min = min(mm_min, mm)
                    mm_max = max(mm_max, mm)
                    ag_min = min(ag_min, (o >> 2) & 3)
                    g_min = min(g_min, (o >> 4) & 3)
                    hv = (o >> 6) & 3
                    h_min = min(h_min, hv)
                    if hv > 0:
                        h_any = 1
    return mm_min, mm_max, ag_min, g_min, h_min, h_any


@njit(inline="always", cache=True)
def _donor_key(
    i, hla, typed, sig_mask, sig_index, pair, dp_group, patient_dp,
    age, cmv, sex, abo, patient_cmv, patient_abo, min_of, min_matched,
):  # fmt: skip
    m8 = 0
    dq = 0
    dp_mm_max = 2
    uncertain = 0
    hvg_loci = 0
    mism = 0
    for li in range(6):
        mm_min, mm_max, _ag_min, _g_min, h_min, _h_any = _grade_locus(
            li, hla[i, 2 * li], hla[i, 2 * li + 1], typed, sig_mask, sig_index, pair
        )
        if li < 4:
            m8 += 2 - mm_min
        elif li == 4:
            dq = 2 - mm_min
        else:
            dp_mm_max = mm_max
            mism = mm_min
        if li < 5:
            if mm_min != mm_max:
                uncertain = 1
            if h_min > 0:
                hvg_loci += 1
    matched = m8
    if min_of >= 10:
        matched += dq
    if min_of >= 12:
        matched += 2 - mism
    if matched < min_matched:
        return -1
    # DPB1 TCE rank (see engraft.core.hla.ranking.TCE_RANK)
    tce = 2
    if typed[5] and hla[i, 10] != 0 and hla[i, 11] != 0:
        if dp_mm_max == 0:
            tce = 4
        else:
            g1 = dp_group[hla[i, 10]]
            g2 = dp_group[hla[i, 11]]
            if g1 >= 0 and g2 >= 0 and patient_dp >= 0 and (g1 > 0 or g2 > 0):
                if g1 == 0:
                    ds = g2
                elif g2 == 0:
                    ds = g1
                else:
                    ds = min(g1, g2)
                if ds == patient_dp:
                    tce = 3
                elif patient_dp < ds:
                    tce = 1
                else:
                    tce = 0
    a = age[i]
    youth = 0 if a >= 255 else 127 - min(a, 127)
    cmv_match = 1 if (patient_cmv < 2 and cmv[i] == patient_cmv) else 0
    male = 1 if sex[i] == 1 else 0
    abo_match = 1 if (patient_abo < 4 and abo[i] == patient_abo) else 0
    key = m8
    key = (key << 2) | dq
    key = (key << 1) | (1 - uncertain)
    key = (key << 3) | (5 - hvg_loci)
    key = (key << 3) | tce
    key = (key << 7) | youth
    key = (key << 1) | cmv_match
    key = (key << 1) | male
    key = (key << 1) | abo_match
    return key


@njit(parallel=True, cache=True)
def _score_all(
    hla, typed, sig_mask, sig_index, pair, dp_group, patient_dp,
    age, cmv, sex, abo, patient_cmv, patient_abo, min_of, min_matched, keys,
):  # fmt: skip
    for i in prange(hla.shape[0]):
        keys[i] = _donor_key(
            i, hla, typed, sig_mask, sig_index, pair, dp_group, patient_dp,
            age, cmv, sex, abo, patient_cmv, patient_abo, min_of, min_matched,
        )  # fmt: skip


@njit(cache=True)
def _details(rows, hla, typed, sig_mask, sig_index, pair):
    out = np.zeros((rows.shape[0], 6, 6), dtype=np.int8)
    for k in range(rows.shape[0]):
        i = rows[k]
        for li in range(6):
            r = _grade_locus(
                li, hla[i, 2 * li], hla[i, 2 * li + 1], typed, sig_mask, sig_index, pair
            )
            for j in range(6):
                out[k, li, j] = r[j]
    return out


def parse_min_grade(text: str | None) -> tuple[int, int]:
    """``"8/10"`` -> (10, 8); None -> no filter."""
    if not text:
        return 8, 0
    try:
        matched, of = (int(x) for x in text.split("/"))
    except ValueError:
        raise ValueError(f"minimum grade {text!r} is not of the form x/8, x/10 or x/12") from None
    if of not in GRADE_LOCI or not 0 <= matched <= of:
        raise ValueError(f"minimum grade {text!r} is not of the form x/8, x/10 or x/12")
    return of, matched


def score_store(
    store: DonorStore, tables: PatientTables, min_grade: str | None = None
) -> np.ndarray:
    """The rank key of every donor (int32; -1 below the minimum grade)."""
    of, matched = parse_min_grade(min_grade)
    keys = np.empty(store.count, dtype=np.int32)
    c = store.columns
    _score_all(
        store.hla, tables.patient_typed, tables.sig_mask, tables.sig_index, tables.pair,
        tables.dp_group, tables.patient_dp_score, c["age"], c["cmv"], c["sex"], c["abo"],
        tables.patient_cmv, tables.patient_abo, of, matched, keys,
    )  # fmt: skip
    return keys


def top_rows(keys: np.ndarray, top: int) -> np.ndarray:
    """Rows of the ``top`` highest keys (ties by row), best first; filtered rows left out."""
    n = keys.shape[0]
    if n == 0 or top <= 0:
        return np.zeros(0, dtype=np.int64)
    k = min(top, n)
    cand = np.argpartition(keys, n - k)[n - k :] if k < n else np.arange(n)
    cand = cand[keys[cand] >= 0]
    order = np.lexsort((cand, -keys[cand].astype(np.int64)))
    return cand[order]


def locus_details(store: DonorStore, tables: PatientTables, rows: np.ndarray) -> np.ndarray:
    """(rows, 6 loci, 6) int8: mm_min, mm_max, ag_min, gvh_min, hvg_min, hvg_possible."""
    return _details(
        np.asarray(rows, dtype=np.int64), store.hla, tables.patient_typed, tables.sig_mask,
        tables.sig_index, tables.pair,
    )  # fmt: skip


def numba_threads() -> int:
    """Threads numba runs the kernel on."""
    return numba.get_num_threads()
