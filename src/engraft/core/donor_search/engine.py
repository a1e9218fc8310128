"""The fast grading engine: every donor of a store graded and ranked in one numba pass.

Why hand-written rather than py-ard per donor: py-ard grades one typing at a time (about 13 us
uncached per reduction, data README), far too slow for millions of donors. The engine does not
redo nomenclature: py-ard has already reduced every typing to lgx codes in the store, and the
facts about those alleles (null, first field, serologic antigens, DPB1 TCE groups) were built
with the store (:mod:`engraft.core.donor_search.facts`); only the patient's own alleles are
asked of py-ard at search time. What it precomputes, per search, from the rules in
``engraft.core.hla.match_grade``:

1. per locus, per genotype the patient may have (one for a high-resolution typing; every
   combination of an ambiguous one, and every genotype of a genotype list), and per store
   code, the set of *relations* its alleles have to that genotype's two copies (equal to copy
   1/2, same antigen as copy 1/2, null: 5 bits, 32 relations), as a 32-bit mask, and the
   single relation index when the code is one allele;
2. per locus and patient genotype, a 32 x 32 table of outcomes for each relation pair, built
   with :func:`~engraft.core.hla.match_grade.pair_outcome` itself;
3. for each genotype-list code of the store (a donor typed ``g1|g2`` at a locus), its outcome
   over its genotypes, one by one (never over their merged slots);

so that grading a donor is 12 table look-ups and 6 pair look-ups; ambiguous codes (MAC, XX,
serology, allele lists) and ambiguous patients take the min/max over the pairs of relations and
the patient genotypes they allow, in the same kernel.

Speed (the 10-million-donor target): a donor's outcome at a locus depends only on the relation
masks of its two codes under each patient genotype (and, at DPB1, their TCE groups). Codes
with equal masks form a *class* (a handful a locus), so :func:`prepare_patient` also folds
everything a locus contributes to the rank key (matches, potential-match count, HvG flag, DPB1
TCE rank) into one small class x class table of additive contributions. Grading a donor is
then 12 byte look-ups (code -> class), 6 table look-ups and a sum, whatever the patient's
ambiguity; the top-k selection runs inside the same parallel pass (a small min-heap per
chunk), so no per-donor key array is written during a search. The general per-relation kernel
above stays for locus details, and as the fallback when a locus has more than 255 classes.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

import numpy as np

from engraft.core.donor_search.facts import UNKNOWN_DP, LocusFacts, StoreFacts, ensure_facts
from engraft.core.donor_search.store import ABO_CODES, CMV_CODES, DonorStore
from engraft.core.hla.antigens import first_field, is_null, split_antigens
from engraft.core.hla.dpb1_tce import typing_score
from engraft.core.hla.hla_typing import HlaTyping
from engraft.core.hla.match_grade import (
    AG1,
    AG2,
    EQ1,
    EQ2,
    GRADE_LOCI,
    NULL,
    RELATIONS,
    pair_outcome,
    patient_pairs,
)
from engraft.core.hla.nomenclature import LOCI, Nomenclature, cache_dir
from engraft.core.hla.ranking import PatientContext

# numba caches compiled kernels beside the sources by default; keep them in the cache dir.
os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir() / "numba"))

import numba
from numba import njit, prange

# numba reads the variable when it is first imported: if something imported it before this
# module, set its config too (read when each kernel below is decorated), or every process
# would compile the kernels again wherever the sources' folder is not writable.
if not numba.config.CACHE_DIR:
    numba.config.CACHE_DIR = os.environ["NUMBA_CACHE_DIR"]

DPB1 = LOCI.index("DPB1")
DQB1 = LOCI.index("DQB1")

#: What the kernels return for one locus of one donor, in this order.
OUTCOME_FIELDS = ("mm_min", "mm_max", "ag_min", "ag_max", "gvh_min", "hvg_min", "hvg_possible")
#: A locus not typed on either side: 0 to 2 mismatches, at allele and antigen level.
UNTYPED_OUTCOME = (0, 2, 0, 2, 0, 0, 1)


class PatientTypingTooAmbiguous(ValueError):
    """The patient's typing allows more genotypes at a locus than are graded
    (``match_grade.MAX_PATIENT_COMBINATIONS``): type the patient again."""


@dataclass(frozen=True)
class PatientTables:
    """Per-search look-up tables for one patient against one store."""

    sig_mask: np.ndarray  # (6, P, codes) uint32: relations a code allows, per patient genotype
    sig_index: np.ndarray  # (6, P, codes) int8: the relation of a one-allele code, else -1
    pair: np.ndarray  # (6, P, 32, 32) uint8: packed pair outcomes per patient genotype
    n_pairs: np.ndarray  # (6,) int64: patient genotypes of each locus (0: not typed)
    is_gl: np.ndarray  # (6, codes) bool: genotype-list codes of the store
    gl_outcome: np.ndarray  # (6, codes, 7) int8: their outcome (OUTCOME_FIELDS)
    dp_group: np.ndarray  # (codes,) int8: donor TCE group of a DPB1 code, -1 unknown
    patient_dp_score: int
    patient_typed: np.ndarray  # (6,) bool
    patient_cmv: int
    patient_abo: int
    # Class tables of the fast path (see the module docstring); None when a locus has more
    # than 255 classes (the general kernel is used then).
    class_map: np.ndarray | None = None  # (6, codes) uint8: class of each code
    class_table: np.ndarray | None = None  # (6, K, K) int64: additive key contributions
    #: The patient's loci typed ambiguously (several genotypes graded), in LOCI order.
    ambiguous_loci: tuple[str, ...] = ()


@functools.cache
def _pair_table(expressed: tuple[bool, bool]) -> np.ndarray:
    table = np.zeros((RELATIONS, RELATIONS), dtype=np.uint8)
    for r1 in range(RELATIONS):
        for r2 in range(RELATIONS):
            table[r1, r2] = pair_outcome(r1, r2, expressed).packed()
    return table


def _copy_relation(
    nomenclature: Nomenclature, facts: LocusFacts, copy: str
) -> tuple[np.ndarray, np.ndarray]:
    """(equal, same antigen) of every allele of a store locus to one expressed patient allele."""
    n = facts.null.shape[0]
    eq = np.zeros(n, dtype=np.bool_)
    if copy in facts.index:
        eq[facts.index[copy]] = True
    same_ff = facts.first_field == facts.first_field_ids.get(first_field(copy), -1)
    copy_splits = split_antigens(nomenclature, copy)
    if copy_splits:
        cols = [facts.antigen_ids[x] for x in copy_splits if x in facts.antigen_ids]
        has_serology = facts.antigens.any(axis=1)
        shared = facts.antigens[:, cols].any(axis=1) if cols else np.zeros(n, np.bool_)
        ag = eq | np.where(has_serology, shared, same_ff)
    else:
        ag = eq | same_ff
    return eq, ag


def _pair_relations(
    facts: LocusFacts, parts: dict[str, tuple[np.ndarray, np.ndarray]], patient: tuple[str, str]
) -> np.ndarray:
    bits = np.zeros(facts.null.shape[0], dtype=np.int64)
    for copy, (eq_bit, ag_bit) in zip(patient, ((EQ1, AG1), (EQ2, AG2)), strict=True):
        if is_null(copy):
            continue
        eq, ag = parts[copy]
        bits |= np.where(eq, eq_bit, 0) | np.where(ag, ag_bit, 0)
    bits[facts.null] = NULL
    return bits


def relations(
    nomenclature: Nomenclature, store: DonorStore, locus: str, patient: tuple[str, str]
) -> np.ndarray:
    """``match_grade.relation`` of every allele of a store locus (``LocusFacts.alleles`` order).

    Vectorised over the alleles (thousands a locus once XX codes are expanded); the same rules:
    null -> NULL; per expressed patient copy, EQ when equal, AG when the same antigen (shared
    split antigen when both have serology, else the first field).
    """
    facts = ensure_facts(nomenclature, store).loci[locus]
    parts = {c: _copy_relation(nomenclature, facts, c) for c in patient if not is_null(c)}
    return _pair_relations(facts, parts, patient)


@dataclass(frozen=True)
class _GenotypeLists:
    """A store locus's genotype-list codes, as arrays: code g's genotypes are
    ``geno_off[g]:geno_off[g+1]``; genotype j's two slots are ``2j`` and ``2j+1``, slot s's
    alleles ``flat[slot_off[s]:slot_off[s+1]]`` (indices into ``LocusFacts.alleles``)."""

    codes: np.ndarray
    geno_off: np.ndarray
    slot_off: np.ndarray
    flat: np.ndarray


def _genotype_lists(store: DonorStore, facts: StoreFacts, locus: str) -> _GenotypeLists:
    """Read once per opened store (kept in ``store.memo``, keyed by its codes)."""
    key = f"genotype_lists:{locus}:{facts.codes_sha256}"
    if key not in store.memo:
        store.memo[key] = _read_genotype_lists(store, facts, locus)
    return store.memo[key]


def _read_genotype_lists(store: DonorStore, facts: StoreFacts, locus: str) -> _GenotypeLists:
    index = facts.loci[locus].index
    codes, geno_off, slot_off, flat = [], [0], [0], []
    book = store.codebook
    for code in range(1, book.size(locus)):
        genotypes = book.genotypes(locus, code)
        if genotypes is None:
            continue
        codes.append(code)
        for genotype in genotypes:
            for slot in genotype:
                flat.extend(index[a] for a in sorted(slot))
                slot_off.append(len(flat))
        geno_off.append(geno_off[-1] + len(genotypes))
    return _GenotypeLists(
        np.asarray(codes, np.int64), np.asarray(geno_off, np.int64),
        np.asarray(slot_off, np.int64), np.asarray(flat, np.int64),
    )  # fmt: skip


def _patient_dp_score(groups: dict[str, int], patient: HlaTyping) -> int:
    """The patient's DPB1 TCE score: the same over every genotype the typing allows, else
    unknown."""
    dp = patient.locus("DPB1")
    if dp is None:
        return UNKNOWN_DP
    score = typing_score(groups, dp.alternatives)
    return UNKNOWN_DP if score is None else score


def prepare_patient(
    nomenclature: Nomenclature,
    store: DonorStore,
    patient: HlaTyping,
    context: PatientContext | None = None,
) -> PatientTables:
    """Build the look-up tables for one patient (milliseconds; done once per search)."""
    context = context or PatientContext()
    facts = ensure_facts(nomenclature, store)
    width = max(store.codebook.size(locus) for locus in LOCI)
    per_locus: list[list[tuple[str, str]]] = []
    for locus in LOCI:
        lt = patient.locus(locus)
        try:
            per_locus.append(patient_pairs(lt) if lt is not None else [])
        except ValueError as error:
            raise PatientTypingTooAmbiguous(str(error)) from error
    ambiguous = tuple(locus for locus, pairs in zip(LOCI, per_locus, strict=True) if len(pairs) > 1)
    n_p = max(1, *(len(p) for p in per_locus))
    sig_mask = np.zeros((len(LOCI), n_p, width), dtype=np.uint32)
    sig_index = np.full((len(LOCI), n_p, width), -1, dtype=np.int8)
    pair = np.zeros((len(LOCI), n_p, RELATIONS, RELATIONS), dtype=np.uint8)
    n_pairs = np.asarray([len(p) for p in per_locus], dtype=np.int64)
    is_gl = np.zeros((len(LOCI), width), dtype=np.bool_)
    gl_outcome = np.zeros((len(LOCI), width, len(OUTCOME_FIELDS)), dtype=np.int8)
    for li, locus in enumerate(LOCI):
        pairs = per_locus[li]
        if not pairs:
            continue
        lf = facts.loci[locus]
        parts = {
            c: _copy_relation(nomenclature, lf, c)
            for c in {a for p in pairs for a in p}
            if not is_null(c)
        }
        rel = np.stack([_pair_relations(lf, parts, p) for p in pairs]).astype(np.uint32)
        bits = np.left_shift(np.uint32(1), rel)  # (P, alleles)
        flat, offsets = lf.flat, lf.offsets
        n_codes = len(offsets) - 1
        masks = np.zeros((len(pairs), n_codes), dtype=np.uint32)
        nonempty = np.diff(offsets) > 0
        if nonempty.any() and len(flat):
            masks[:, nonempty] = np.bitwise_or.reduceat(
                bits[:, flat], offsets[:-1][nonempty], axis=1
            )
        sig_mask[li, : len(pairs), :n_codes] = masks
        single = (masks != 0) & ((masks & (masks - np.uint32(1))) == 0)
        index = np.full(masks.shape, -1, dtype=np.int8)
        index[single] = np.log2(masks[single]).astype(np.int8)
        sig_index[li, : len(pairs), :n_codes] = index
        for k, p in enumerate(pairs):
            pair[li, k] = _pair_table((not is_null(p[0]), not is_null(p[1])))
        lists = _genotype_lists(store, facts, locus)
        if lists.codes.size:
            is_gl[li, lists.codes] = True
            _gl_outcomes(li, len(pairs), bits, lists.codes, lists.geno_off, lists.slot_off,
                         lists.flat, pair, gl_outcome)  # fmt: skip
    patient_dp = _patient_dp_score(facts.tce_groups, patient)
    typed = n_pairs > 0
    dp_group = facts.dp_group
    sizes = [store.codebook.size(locus) for locus in LOCI]
    class_map, class_table = _class_tables(
        sig_mask, sig_index, pair, n_pairs, is_gl, gl_outcome, dp_group, patient_dp, sizes
    )
    return PatientTables(
        sig_mask=sig_mask,
        sig_index=sig_index,
        pair=pair,
        n_pairs=n_pairs,
        is_gl=is_gl,
        gl_outcome=gl_outcome,
        dp_group=dp_group,
        patient_dp_score=patient_dp,
        patient_typed=typed,
        patient_cmv=CMV_CODES.index(context.cmv),
        patient_abo=ABO_CODES.index(context.abo),
        class_map=class_map,
        class_table=class_table,
        ambiguous_loci=ambiguous,
    )


def _class_tables(
    sig_mask: np.ndarray,
    sig_index: np.ndarray,
    pair: np.ndarray,
    n_pairs: np.ndarray,
    is_gl: np.ndarray,
    gl_outcome: np.ndarray,
    dp_group: np.ndarray,
    patient_dp: int,
    sizes: list[int],
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Code -> class maps and class x class contribution tables (None, None: too many)."""
    width = sig_mask.shape[2]
    class_map = np.zeros((len(LOCI), width), dtype=np.uint8)
    reps = []
    for li, size in enumerate(sizes):
        # a code's signature: its relation mask under each patient genotype; a genotype-list
        # code's: its outcome (codes of equal outcome grade alike); at DPB1 also the TCE group
        signature = np.zeros((size, sig_mask.shape[1] + 1), dtype=np.int64)
        signature[:, :-1] = sig_mask[li, :, :size].T
        gl = np.flatnonzero(is_gl[li, :size])
        if gl.size:
            packed = np.zeros(gl.size, dtype=np.int64)
            for j in range(len(OUTCOME_FIELDS)):
                packed |= gl_outcome[li, gl, j].astype(np.int64) << (2 * j)
            signature[gl, :-1] = 0
            signature[gl, 0] = (1 << 40) | packed
        if li == DPB1:  # the TCE rank also depends on the code's TCE group
            signature[:, -1] = dp_group[:size].astype(np.int64) + 1
        _, first, inverse = np.unique(signature, axis=0, return_index=True, return_inverse=True)
        if first.size > 255:
            return None, None
        class_map[li, :size] = inverse.reshape(-1)
        reps.append(first.astype(np.int64))
    k = max(r.size for r in reps)
    rep = np.zeros((len(LOCI), k), dtype=np.int64)
    for li, r in enumerate(reps):
        rep[li, : r.size] = r
    counts = np.asarray([r.size for r in reps], dtype=np.int64)
    table = np.zeros((len(LOCI), k, k), dtype=np.int64)
    _fill_class_table(rep, counts, n_pairs, sig_mask, sig_index, pair, is_gl, gl_outcome,
                      dp_group, patient_dp, table)  # fmt: skip
    return class_map, table


@njit(inline="always", cache=True)
def _grade_masks(li, p, m1, m2, pair):
    """The 7 outcome fields (OUTCOME_FIELDS) of relation masks m1, m2 under patient genotype p."""
    mm_min = 3
    mm_max = 0
    ag_min = 3
    ag_max = 0
    g_min = 3
    h_min = 3
    h_any = 0
    for a in range(32):
        if (m1 >> a) & 1:
            for b in range(32):
                if (m2 >> b) & 1:
                    o = pair[li, p, a, b]
                    mm = o & 3
                    ag = (o >> 2) & 3
                    mm_min = min(mm_min, mm)
                    mm_max = max(mm_max, mm)
                    ag_min = min(ag_min, ag)
                    ag_max = max(ag_max, ag)
                    g_min = min(g_min, (o >> 4) & 3)
                    hv = (o >> 6) & 3
                    h_min = min(h_min, hv)
                    if hv > 0:
                        h_any = 1
    return mm_min, mm_max, ag_min, ag_max, g_min, h_min, h_any


@njit(inline="always", cache=True)
def _grade_one(li, p, c1, c2, sig_mask, sig_index, pair):
    """One locus of one donor (codes c1, c2) under one patient genotype p."""
    i1 = sig_index[li, p, c1]
    i2 = sig_index[li, p, c2]
    if i1 >= 0 and i2 >= 0:
        o = pair[li, p, i1, i2]
        mm = o & 3
        ag = (o >> 2) & 3
        hv = (o >> 6) & 3
        return mm, mm, ag, ag, (o >> 4) & 3, hv, 1 if hv > 0 else 0
    m1 = sig_mask[li, p, c1]
    m2 = sig_mask[li, p, c2]
    if m1 == 0 or m2 == 0:
        return 0, 2, 0, 2, 0, 0, 1  # donor locus not typed (UNTYPED_OUTCOME)
    return _grade_masks(li, p, m1, m2, pair)


@njit(inline="always", cache=True)
def _grade_locus(li, c1, c2, n_pairs, sig_mask, sig_index, pair, is_gl, gl_out):
    """OUTCOME_FIELDS of one locus of one donor, over every patient genotype."""
    if n_pairs[li] == 0:
        return 0, 2, 0, 2, 0, 0, 1  # patient locus not typed (UNTYPED_OUTCOME)
    if is_gl[li, c1]:
        o = gl_out[li, c1]
        return o[0], o[1], o[2], o[3], o[4], o[5], o[6]
    mm_min, mm_max, ag_min, ag_max, g_min, h_min, h_any = _grade_one(
        li, 0, c1, c2, sig_mask, sig_index, pair
    )
    for p in range(1, n_pairs[li]):
        r = _grade_one(li, p, c1, c2, sig_mask, sig_index, pair)
        mm_min = min(mm_min, r[0])
        mm_max = max(mm_max, r[1])
        ag_min = min(ag_min, r[2])
        ag_max = max(ag_max, r[3])
        g_min = min(g_min, r[4])
        h_min = min(h_min, r[5])
        h_any = max(h_any, r[6])
    return mm_min, mm_max, ag_min, ag_max, g_min, h_min, h_any


@njit(cache=True)
def _gl_outcomes(li, n_p, bits, codes, geno_off, slot_off, flat, pair, out):
    """Each genotype-list code's outcome: every genotype of the list under every patient
    genotype, the two slots of a genotype graded together (never the merged slots)."""
    for g in range(codes.shape[0]):
        mm_min = 3
        mm_max = 0
        ag_min = 3
        ag_max = 0
        g_min = 3
        h_min = 3
        h_any = 0
        for p in range(n_p):
            for j in range(geno_off[g], geno_off[g + 1]):
                m1 = np.uint32(0)
                for x in range(slot_off[2 * j], slot_off[2 * j + 1]):
                    m1 |= bits[p, flat[x]]
                m2 = np.uint32(0)
                for x in range(slot_off[2 * j + 1], slot_off[2 * j + 2]):
                    m2 |= bits[p, flat[x]]
                r = _grade_masks(li, p, m1, m2, pair)
                mm_min = min(mm_min, r[0])
                mm_max = max(mm_max, r[1])
                ag_min = min(ag_min, r[2])
                ag_max = max(ag_max, r[3])
                g_min = min(g_min, r[4])
                h_min = min(h_min, r[5])
                h_any = max(h_any, r[6])
        c = codes[g]
        out[li, c, 0] = mm_min
        out[li, c, 1] = mm_max
        out[li, c, 2] = ag_min
        out[li, c, 3] = ag_max
        out[li, c, 4] = g_min
        out[li, c, 5] = h_min
        out[li, c, 6] = h_any


# Bit layout of the rank key (engraft.core.hla.ranking.RANK_FIELDS, least significant first):
# abo 0, male 1, cmv 2, no_hvg 3-5, dqb1 6-7, tce 8-10, youth 11-17, confidence 18-19,
# m8 20-23. Above the key, in the fast path's int64 accumulator only: the 8/8 loci open at
# allele level 24-26 and open at antigen level too 27-29 (they give the confidence), and the
# DPB1 matches 30-31 (for the x/12 filter).
SH_NO_HVG, SH_DQ, SH_TCE, SH_YOUTH, SH_CONFIDENCE, SH_M8 = 3, 6, 8, 11, 18, 20
SH_OPEN, SH_AG_OPEN, SH_DP_MATCH = 24, 27, 30
KEY_MASK = (1 << 24) - 1
#: The accumulator before any locus: no HvG locus yet (5).
ACC_BASE = 5 << SH_NO_HVG
#: youth(age) << SH_YOUTH, for every age code (255 = unknown -> 0).
AGE_TABLE = np.asarray(
    [0 if a >= 255 else (127 - min(a, 127)) << SH_YOUTH for a in range(256)], dtype=np.int64
)


@njit(inline="always", cache=True)
def _confidence(open_loci, ag_open_loci):
    """engraft.core.hla.ranking.confidence from the counts of open loci."""
    if open_loci == 0:
        return 2
    return 1 if ag_open_loci == 0 else 0


@njit(inline="always", cache=True)
def _donor_key(
    i, hla, n_pairs, sig_mask, sig_index, pair, is_gl, gl_out, dp_group, patient_dp,
    age, cmv, sex, abo, patient_cmv, patient_abo, min_of, min_matched,
):  # fmt: skip
    m8 = 0
    dq = 0
    dp_mm_max = 2
    open_loci = 0
    ag_open_loci = 0
    hvg_loci = 0
    mism = 0
    for li in range(6):
        r = _grade_locus(li, hla[i, 2 * li], hla[i, 2 * li + 1], n_pairs, sig_mask, sig_index,
                         pair, is_gl, gl_out)  # fmt: skip
        mm_min = r[0]
        mm_max = r[1]
        if li < 4:
            m8 += 2 - mm_min
            if mm_min != mm_max:
                open_loci += 1
                if r[2] != r[3]:
                    ag_open_loci += 1
        elif li == 4:
            dq = 2 - mm_min
        else:
            dp_mm_max = mm_max
            mism = mm_min
        if li < 5 and r[5] > 0:
            hvg_loci += 1
    matched = m8
    if min_of >= 10:
        matched += dq
    if min_of >= 12:
        matched += 2 - mism
    if matched < min_matched:
        return -1
    # DPB1 TCE rank (see engraft.core.hla.ranking.TCE_RANK)
    tce = _tce_rank(hla[i, 10], hla[i, 11], dp_mm_max, n_pairs[5] > 0, dp_group, patient_dp)
    a = age[i]
    youth = 0 if a >= 255 else 127 - min(a, 127)
    cmv_match = 1 if (patient_cmv < 2 and cmv[i] == patient_cmv) else 0
    male = 1 if sex[i] == 1 else 0
    abo_match = 1 if (patient_abo < 4 and abo[i] == patient_abo) else 0
    key = m8
    key = (key << 2) | _confidence(open_loci, ag_open_loci)
    key = (key << 7) | youth
    key = (key << 3) | tce
    key = (key << 2) | dq
    key = (key << 3) | (5 - hvg_loci)
    key = (key << 1) | cmv_match
    key = (key << 1) | male
    key = (key << 1) | abo_match
    return key


@njit(parallel=True, cache=True)
def _score_all(
    hla, n_pairs, sig_mask, sig_index, pair, is_gl, gl_out, dp_group, patient_dp,
    age, cmv, sex, abo, patient_cmv, patient_abo, min_of, min_matched, keys,
):  # fmt: skip
    for i in prange(hla.shape[0]):
        keys[i] = _donor_key(
            i, hla, n_pairs, sig_mask, sig_index, pair, is_gl, gl_out, dp_group, patient_dp,
            age, cmv, sex, abo, patient_cmv, patient_abo, min_of, min_matched,
        )  # fmt: skip


@njit(cache=True)
def _details(rows, hla, n_pairs, sig_mask, sig_index, pair, is_gl, gl_out):
    out = np.zeros((rows.shape[0], 6, 7), dtype=np.int8)
    for k in range(rows.shape[0]):
        i = rows[k]
        for li in range(6):
            r = _grade_locus(li, hla[i, 2 * li], hla[i, 2 * li + 1], n_pairs, sig_mask,
                             sig_index, pair, is_gl, gl_out)  # fmt: skip
            for j in range(7):
                out[k, li, j] = r[j]
    return out


@njit(cache=True)
def _fill_class_table(
    rep, counts, n_pairs, sig_mask, sig_index, pair, is_gl, gl_out, dp_group, patient_dp, table
):  # fmt: skip
    """Each class pair's additive contribution, graded on representative codes."""
    for li in range(6):
        for a in range(counts[li]):
            for b in range(counts[li]):
                c1 = rep[li, a]
                c2 = rep[li, b]
                r = _grade_locus(li, c1, c2, n_pairs, sig_mask, sig_index, pair, is_gl, gl_out)
                mm_min = r[0]
                mm_max = r[1]
                v = np.int64(0)
                if li < 4:
                    v += np.int64(2 - mm_min) << SH_M8
                    if mm_min != mm_max:
                        v += np.int64(1) << SH_OPEN
                        if r[2] != r[3]:
                            v += np.int64(1) << SH_AG_OPEN
                elif li == 4:
                    v += np.int64(2 - mm_min) << SH_DQ
                else:
                    v += np.int64(2 - mm_min) << SH_DP_MATCH
                    tce = _tce_rank(c1, c2, mm_max, n_pairs[5] > 0, dp_group, patient_dp)
                    v += np.int64(tce) << SH_TCE
                if li < 5 and r[5] > 0:
                    v -= np.int64(1) << SH_NO_HVG
                table[li, a, b] = v


@njit(inline="always", cache=True)
def _tce_rank(c1, c2, dp_mm_max, dp_typed, dp_group, patient_dp):
    """DPB1 TCE rank (engraft.core.hla.ranking.TCE_RANK) of donor DPB1 codes c1, c2."""
    tce = 2
    if dp_typed and c1 != 0 and c2 != 0:
        if dp_mm_max == 0:
            tce = 4
        else:
            g1 = dp_group[c1]
            g2 = dp_group[c2]
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
    return tce


@njit(inline="always", cache=True)
def _fast_key(i, hla, cmap, tab, age, cmv, sex, abo, pcmv, pabo, of, min_matched):
    """The rank key of donor i from the class tables; -1 below the minimum grade."""
    acc = np.int64(ACC_BASE)
    for li in range(6):
        acc += tab[li, cmap[li, hla[i, 2 * li]], cmap[li, hla[i, 2 * li + 1]]]
    key = acc & KEY_MASK
    key += _confidence((acc >> SH_OPEN) & 7, (acc >> SH_AG_OPEN) & 7) << SH_CONFIDENCE
    if min_matched > 0:
        matched = key >> SH_M8
        if of >= 10:
            matched += (key >> SH_DQ) & 3
        if of >= 12:
            matched += (acc >> SH_DP_MATCH) & 3
        if matched < min_matched:
            return -1
    key += AGE_TABLE[age[i]]
    if cmv[i] == pcmv:
        key += 4
    if sex[i] == 1:
        key += 2
    if abo[i] == pabo:
        key += 1
    return key


@njit(parallel=True, cache=True)
def _fast_keys(hla, cmap, tab, age, cmv, sex, abo, pcmv, pabo, of, min_matched, keys):
    for i in prange(hla.shape[0]):
        keys[i] = _fast_key(i, hla, cmap, tab, age, cmv, sex, abo, pcmv, pabo, of, min_matched)


@njit(parallel=True, cache=True)
def _fast_top(hla, cmap, tab, age, cmv, sex, abo, pcmv, pabo, of, min_matched, tie, heaps):
    """Per chunk, a min-heap of the k best (key << 32 | ~tie) values; -1 = empty slot.

    ``tie`` is each row's place in donor-id order: equal keys go to the lower donor id. It is
    read only for a donor whose key can still enter the heap.
    """
    n = hla.shape[0]
    chunks, k = heaps.shape
    step = (n + chunks - 1) // chunks
    for c in prange(chunks):
        heap = heaps[c]
        lo = c * step
        hi = min(n, lo + step)
        floor = np.int64(-1)  # heap[0], kept in a register
        for i in range(lo, hi):
            key = _fast_key(i, hla, cmap, tab, age, cmv, sex, abo, pcmv, pabo, of, min_matched)
            if key < 0:
                continue
            v = np.int64(key) << 32
            if v + np.int64(0xFFFFFFFF) <= floor:
                continue
            v |= np.int64(0xFFFFFFFF) - np.int64(tie[i])
            if v <= floor:
                continue
            # replace the smallest and sift it down
            j = 0
            while True:
                left = 2 * j + 1
                if left >= k:
                    break
                m = left
                if left + 1 < k and heap[left + 1] < heap[left]:
                    m = left + 1
                if heap[m] >= v:
                    break
                heap[j] = heap[m]
                j = m
            heap[j] = v
            floor = heap[0]


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


def _patient_codes(tables: PatientTables) -> tuple[int, int]:
    # An unknown patient CMV/ABO matches nobody: 255 is no donor's code.
    pcmv = tables.patient_cmv if tables.patient_cmv < 2 else 255
    pabo = tables.patient_abo if tables.patient_abo < 4 else 255
    return pcmv, pabo


def score_store(
    store: DonorStore,
    tables: PatientTables,
    min_grade: str | None = None,
    general: bool = False,
) -> np.ndarray:
    """The rank key of every donor (int32; -1 below the minimum grade).

    ``general=True`` forces the per-relation kernel (the class-table path is the default
    whenever the tables exist; both give the same keys, which the tests check).
    """
    of, matched = parse_min_grade(min_grade)
    keys = np.empty(store.count, dtype=np.int32)
    c = store.columns
    if tables.class_table is not None and not general:
        pcmv, pabo = _patient_codes(tables)
        _fast_keys(
            store.hla, tables.class_map, tables.class_table, c["age"], c["cmv"], c["sex"],
            c["abo"], pcmv, pabo, of, matched, keys,
        )  # fmt: skip
        return keys
    _score_all(
        store.hla, tables.n_pairs, tables.sig_mask, tables.sig_index, tables.pair,
        tables.is_gl, tables.gl_outcome, tables.dp_group, tables.patient_dp_score, c["age"],
        c["cmv"], c["sex"], c["abo"], tables.patient_cmv, tables.patient_abo, of, matched, keys,
    )  # fmt: skip
    return keys


def search_top(
    store: DonorStore, tables: PatientTables, top: int, min_grade: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Rows and keys of the ``top`` best donors, best first, in one pass; equal keys in
    donor-id order (never the order of the file the registry came from).

    Same result as ``top_rows(score_store(...), top, store.id_rank())``, without writing a key
    per donor.
    """
    n = store.count
    if n == 0 or top <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
    tie = store.id_rank()
    if tables.class_table is None:
        keys = score_store(store, tables, min_grade)
        rows = top_rows(keys, top, tie)
        return rows, keys[rows]
    of, matched = parse_min_grade(min_grade)
    k = min(top, n)
    # Enough chunks to balance the threads; each at least ~64k donors so heaps stay cheap.
    chunks = int(max(1, min(8 * numba.get_num_threads(), n // 65536)))
    heaps = np.full((chunks, k), -1, dtype=np.int64)
    c = store.columns
    pcmv, pabo = _patient_codes(tables)
    _fast_top(
        store.hla, tables.class_map, tables.class_table, c["age"], c["cmv"], c["sex"],
        c["abo"], pcmv, pabo, of, matched, tie, heaps,
    )  # fmt: skip
    values = heaps.ravel()
    values = values[values >= 0]
    if values.size > k:
        values = values[np.argpartition(values, values.size - k)[values.size - k :]]
    values = np.sort(values)[::-1]
    ranks = np.int64(0xFFFFFFFF) - (values & np.int64(0xFFFFFFFF))
    return store.id_order_rows(ranks), (values >> 32).astype(np.int32)


def top_rows(keys: np.ndarray, top: int, tie: np.ndarray | None = None) -> np.ndarray:
    """Rows of the ``top`` highest keys, best first; filtered rows left out. Equal keys go to
    the lower ``tie`` (each row's place in donor-id order), or the lower row without it."""
    n = keys.shape[0]
    if n == 0 or top <= 0:
        return np.zeros(0, dtype=np.int64)
    tie = np.arange(n) if tie is None else np.asarray(tie)
    k = min(top, n)
    if k < n:
        cand = np.argpartition(keys, n - k)[n - k :]
        # argpartition picks arbitrary rows among ties at the cut: take the lowest tie ranks
        cut = keys[cand].min()
        above = cand[keys[cand] > cut]
        tied = np.flatnonzero(keys == cut)
        tied = tied[np.argsort(tie[tied], kind="stable")[: k - above.size]]
        cand = np.concatenate([above, tied])
    else:
        cand = np.arange(n)
    cand = cand[keys[cand] >= 0]
    order = np.lexsort((tie[cand], -keys[cand].astype(np.int64)))
    return cand[order]


def locus_details(store: DonorStore, tables: PatientTables, rows: np.ndarray) -> np.ndarray:
    """(rows, 6 loci, 7) int8: :data:`OUTCOME_FIELDS` of each locus of each row."""
    return _details(
        np.asarray(rows, dtype=np.int64), store.hla, tables.n_pairs, tables.sig_mask,
        tables.sig_index, tables.pair, tables.is_gl, tables.gl_outcome,
    )  # fmt: skip


def numba_threads() -> int:
    """Threads numba runs the kernel on."""
    return numba.get_num_threads()
