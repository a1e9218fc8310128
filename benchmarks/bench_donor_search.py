"""Benchmark: one full donor search on synthetic registries (not a test).

For each size: build a synthetic store (6 loci, allele level; optionally a share typed
ambiguously), then time one full search (patient tables, grade every donor, rank, top 100 with
locus details) with the numba engine (median of --repeats, after a warm-up that excludes JIT
compilation), the same grading in straightforward numpy (every key, then top 100), and report
memory and store build time. Each store is searched for three patients (``--patients``): one
typed at high resolution, one with allele lists at A, B and C (9 x 2 x 2 genotypes), and the
most ambiguous patient of the WMDA validation set (P000066: 55 genotypes at A, 25 at B, 21 at C,
one of them with a null allele). The numba search writes no per-donor key (top-k inside the
kernel); the RSS growth column is what one search adds to the memory-mapped store.

    .venv/bin/python benchmarks/bench_donor_search.py --sizes 100000,1000000,10000000 \
        --ambiguous-shares 0,0.3
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


PATIENTS = {
    "high_resolution": "A*01:01+A*02:01^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01"
    "^DQB1*02:01+DQB1*03:02^DPB1*04:01+DPB1*02:01",
    "allele_lists": "A*01:01/A*01:02/A*01:03+A*02:01/A*02:02/A*02:05^B*08:01+B*44:02/B*44:03"
    "^C*07:01/C*07:02+C*05:01^DRB1*03:01+DRB1*04:01^DQB1*02:01+DQB1*03:02^DPB1*04:01+DPB1*02:01",
    "wmda_P000066": "A*02:01/A*02:02/A*02:05/A*02:06/A*02:13/A*02:17/A*02:19/A*02:20/A*02:24"
    "/A*02:30+A*02:01/A*02:02/A*02:05/A*02:06/A*02:13/A*02:17/A*02:19/A*02:20/A*02:24/A*02:30"
    "^C*05:01/C*05:05/C*05:07N+C*07:01/C*07:02/C*07:04/C*07:07/C*07:09/C*07:10/C*07:12"
    "^B*39:01/B*39:03/B*39:05/B*39:06/B*39:24+B*44:02/B*44:03/B*44:04/B*44:05/B*44:09"
    "^DRB1*04:01+DRB1*08:01^DQB1*03:01+DQB1*04:02",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000,10000000")
    parser.add_argument("--ambiguous-shares", "--ambiguous-share", default="0,0.3")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--numpy-repeats", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--patients", default=",".join(PATIENTS))
    args = parser.parse_args(argv)

    from engraft.core.donor_search import engine
    from engraft.core.donor_search.generator import generate_registry
    from engraft.core.donor_search.numpy_engine import score_store_numpy
    from engraft.core.donor_search.store import open_store
    from engraft.core.hla.hla_typing import parse_typing
    from engraft.core.hla.nomenclature import get_nomenclature
    from engraft.core.hla.ranking import PatientContext

    nom = get_nomenclature()
    freqs = nom.data_dir / "freqs" / "CAU.5locus.freqs.gz"
    patients = {name: parse_typing(nom, gl) for name, gl in PATIENTS.items()
                if name in args.patients.split(",")}  # fmt: skip
    context = PatientContext("negative", "A")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="engraft-bench-"))
    rows = []
    compile_s = None
    for size in (int(s) for s in args.sizes.split(",")):
        for share in (float(s) for s in args.ambiguous_shares.split(",")):
            path = work / f"store-{size}-{share}"
            shutil.rmtree(path, ignore_errors=True)
            t = time.perf_counter()
            generate_registry(nom, freqs, size, path, ambiguous_share=share, seed=args.seed)
            build_s = time.perf_counter() - t
            store = open_store(path)
            for patient_name, patient in patients.items():
                row = _one_patient(args, engine, score_store_numpy, nom, store, patient, context)
                first = row.pop("first_call_s")
                compile_s = first if compile_s is None else compile_s
                disk = sum(f.stat().st_size for f in path.glob("*.npy"))
                row = {
                    "donors": size, "ambiguous_share": share, "patient": patient_name,
                    "store_build_s": round(build_s, 2), **row,
                    "store_bytes_per_donor_on_disk": round(disk / size, 1),
                    "hla_bytes_per_donor": store.hla.shape[1] * store.hla.itemsize,
                }  # fmt: skip
                rows.append(row)
                print(json.dumps(row), flush=True)
            del store
            shutil.rmtree(path, ignore_errors=True)
    print(json.dumps({"first_call_s (JIT compile or cache load)": round(compile_s, 2),
                      "numba_threads": engine.numba_threads()}))  # fmt: skip
    return 0


def _one_patient(args, engine, score_store_numpy, nom, store, patient, context) -> dict:
    """One patient's searches on one store: numba median, numpy baseline, memory."""
    rss0 = _rss_mb()
    t = time.perf_counter()
    tables = engine.prepare_patient(nom, store, patient, context)
    prep_s = time.perf_counter() - t
    t = time.perf_counter()
    engine.search_top(store, tables, 100)  # warm-up: JIT compile or cache load
    first = time.perf_counter() - t
    times = []
    for _ in range(args.repeats):
        t = time.perf_counter()
        tables = engine.prepare_patient(nom, store, patient, context)
        top, top_keys = engine.search_top(store, tables, 100)
        engine.locus_details(store, tables, top)
        times.append(time.perf_counter() - t)
    rss1 = _rss_mb()
    keys = engine.score_store(store, tables)  # every key, for the comparison below
    np_times = []
    for _ in range(args.numpy_repeats):
        t = time.perf_counter()
        np_keys = score_store_numpy(store, tables)
        np_top = engine.top_rows(np_keys, 100, store.id_rank())
        np_times.append(time.perf_counter() - t)
    assert np.array_equal(np_keys, keys), "numpy and numba engines disagree"
    assert np.array_equal(np_top, top), "top 100 differ"
    assert np.array_equal(keys[top], top_keys)
    median = statistics.median(times)
    np_median = statistics.median(np_times) if np_times else float("nan")
    return {
        "patient_genotypes": [int(x) for x in tables.n_pairs],
        "classes_max": int(tables.class_table.shape[1]) if tables.class_table is not None else None,
        "patient_tables_s": round(prep_s, 4),
        "search_median_s": round(median, 4),
        "search_min_s": round(min(times), 4),
        "numpy_median_s": round(np_median, 3),
        "speedup_vs_numpy": round(np_median / median, 1),
        "search_rss_growth_bytes_per_donor": round((rss1 - rss0) * 2**20 / store.count, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "first_call_s": first,
    }


if __name__ == "__main__":
    sys.exit(main())
