"""A straightforward numpy implementation of the same grading, for the benchmark's comparison.

Same look-up tables as the numba engine (``engine.prepare_patient``), evaluated column by
column with numpy fancy indexing and temporary arrays; ambiguous codes (more than one relation)
are graded by a loop over relation pairs on those rows only, an ambiguous patient by a loop over
its genotypes. It exists to measure what the numba kernel buys; the search itself uses
``engine``.
"""

from __future__ import annotations

import numpy as np

from engraft.core.donor_search.engine import PatientTables, parse_min_grade
from engraft.core.donor_search.store import DonorStore

Outcome = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _one_genotype(tables: PatientTables, li: int, p: int, c1: np.ndarray, c2: np.ndarray):
    """(mm_min, mm_max, ag_min, ag_max, h_min) under one patient genotype p."""
    i1 = tables.sig_index[li, p][c1].astype(np.int64)
    i2 = tables.sig_index[li, p][c2].astype(np.int64)
    o = tables.pair[li, p][i1.clip(0), i2.clip(0)].astype(np.int64)
    mm_min = o & 3
    mm_max = mm_min.copy()
    ag_min = (o >> 2) & 3
    ag_max = ag_min.copy()
    h_min = (o >> 6) & 3
    multi = np.flatnonzero((i1 < 0) | (i2 < 0))
    if multi.size:
        m1 = tables.sig_mask[li, p][c1[multi]].astype(np.int64)
        m2 = tables.sig_mask[li, p][c2[multi]].astype(np.int64)
        lo = np.full(multi.size, 3)
        hi = np.zeros(multi.size, np.int64)
        ag_lo = np.full(multi.size, 3)
        ag_hi = np.zeros(multi.size, np.int64)
        hv = np.full(multi.size, 3)
        for a in range(32):
            has_a = (m1 >> a) & 1
            if not has_a.any():
                continue
            for b in range(32):
                both = (has_a & (m2 >> b) & 1).astype(bool)
                if not both.any():
                    continue
                ob = int(tables.pair[li, p, a, b])
                lo[both] = np.minimum(lo[both], ob & 3)
                hi[both] = np.maximum(hi[both], ob & 3)
                ag_lo[both] = np.minimum(ag_lo[both], (ob >> 2) & 3)
                ag_hi[both] = np.maximum(ag_hi[both], (ob >> 2) & 3)
                hv[both] = np.minimum(hv[both], (ob >> 6) & 3)
        untyped = (m1 == 0) | (m2 == 0)
        lo[untyped], hi[untyped], ag_lo[untyped], ag_hi[untyped], hv[untyped] = 0, 2, 0, 2, 0
        mm_min[multi], mm_max[multi], h_min[multi] = lo, hi, hv
        ag_min[multi], ag_max[multi] = ag_lo, ag_hi
    return mm_min, mm_max, ag_min, ag_max, h_min


def _locus(tables: PatientTables, li: int, c1: np.ndarray, c2: np.ndarray) -> Outcome:
    """(mm_min, mm_max, ag_min, ag_max, h_min) over every patient genotype; genotype-list
    codes from their precomputed outcome."""
    n = c1.shape[0]
    if not tables.n_pairs[li]:
        z = np.zeros(n, np.int64)
        return z, z + 2, z, z + 2, z
    out = list(_one_genotype(tables, li, 0, c1, c2))
    for p in range(1, int(tables.n_pairs[li])):
        nxt = _one_genotype(tables, li, p, c1, c2)
        for j, better in enumerate((np.minimum, np.maximum, np.minimum, np.maximum, np.minimum)):
            out[j] = better(out[j], nxt[j])
    gl = np.flatnonzero(tables.is_gl[li][c1])
    if gl.size:
        fixed = tables.gl_outcome[li][c1[gl]].astype(np.int64)
        for j, field in enumerate((0, 1, 2, 3, 5)):  # engine.OUTCOME_FIELDS
            out[j][gl] = fixed[:, field]
    return out[0], out[1], out[2], out[3], out[4]


def score_store_numpy(
    store: DonorStore, tables: PatientTables, min_grade: str | None = None
) -> np.ndarray:
    """Rank keys of every donor, as ``engine.score_store`` computes them."""
    of, min_matched = parse_min_grade(min_grade)
    hla = store.hla
    n = hla.shape[0]
    m8 = np.zeros(n, np.int64)
    open_loci = np.zeros(n, np.int64)
    ag_open_loci = np.zeros(n, np.int64)
    hvg_loci = np.zeros(n, np.int64)
    per_locus = []
    for li in range(6):
        mm_min, mm_max, ag_min, ag_max, h_min = _locus(
            tables, li, hla[:, 2 * li], hla[:, 2 * li + 1]
        )
        per_locus.append((mm_min, mm_max))
        if li < 4:
            m8 += 2 - mm_min
            is_open = mm_min != mm_max
            open_loci += is_open
            ag_open_loci += is_open & (ag_min != ag_max)
        if li < 5:
            hvg_loci += h_min > 0
    confidence = np.where(open_loci == 0, 2, np.where(ag_open_loci == 0, 1, 0))
    dq = 2 - per_locus[4][0]
    matched = m8 + (dq if of >= 10 else 0) + ((2 - per_locus[5][0]) if of >= 12 else 0)
    # DPB1 TCE rank, as in the kernel
    tce = np.full(n, 2, np.int64)
    d1, d2 = hla[:, 10], hla[:, 11]
    if tables.patient_typed[5]:
        typed = (d1 != 0) & (d2 != 0)
        g1 = tables.dp_group[d1].astype(np.int64)
        g2 = tables.dp_group[d2].astype(np.int64)
        ds = np.where(g1 == 0, g2, np.where(g2 == 0, g1, np.minimum(g1, g2)))
        ok = typed & (g1 >= 0) & (g2 >= 0) & ((g1 > 0) | (g2 > 0)) & (tables.patient_dp_score >= 0)
        p = tables.patient_dp_score
        tce = np.where(ok & (ds == p), 3, tce)
        tce = np.where(ok & (p < ds), 1, tce)
        tce = np.where(ok & (p > ds), 0, tce)
        tce = np.where(typed & (per_locus[5][1] == 0), 4, tce)
    c = store.columns
    age = c["age"].astype(np.int64)
    youth = np.where(age >= 255, 0, 127 - np.minimum(age, 127))
    cmv = (tables.patient_cmv < 2) & (c["cmv"] == tables.patient_cmv)
    male = c["sex"] == 1
    abo = (tables.patient_abo < 4) & (c["abo"] == tables.patient_abo)
    key = m8
    key = (key << 2) | confidence
    key = (key << 7) | youth
    key = (key << 3) | tce
    key = (key << 2) | dq
    key = (key << 3) | (5 - hvg_loci)
    key = (key << 1) | cmv
    key = (key << 1) | male
    key = (key << 1) | abo
    return np.where(matched >= min_matched, key, -1).astype(np.int32)
