"""Benchmark: the first donor search of a new process, beside a warm one (not a test).

Each figure is measured in a fresh interpreter (a subprocess), so that nothing py-ard, numba or
the store loaded earlier is reused; numba's compiled kernels come from its cache
(``ENGRAFT_CACHE_DIR/numba``), as in production.

1. ``engraft donors search`` as a whole process (wall clock: interpreter start to exit), the
   median of ``--runs``; once before them a process that may compile the kernels into the cache
   (the first process after an install or a code change), reported apart.
2. The web path (``engraft.donors.registry``): a process with Django set up opens the store,
   then times the first search (``open_registry``, the core search, then the typing of
   each hit, as ``donors.services.run_search`` does besides the database) and a second one;
   with and without ``registry.warm_up()`` at start (as ``engraft.web.wsgi`` does).
3. The same first search with the store's facts ignored and rebuilt from py-ard in memory:
   what every new process paid before the facts were saved with the store.
4. The warm kernel: patient tables, grading, top 100 and locus details in this process, the
   median of 7 after a warm-up.

    .venv/bin/python benchmarks/bench_cold_start.py --donors 1000000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PATIENT = (
    "A*01:01+A*02:01^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01"
    "^DQB1*02:01+DQB1*03:02^DPB1*04:01+DPB1*02:01"
)
ENGRAFT = Path(sys.executable).with_name("engraft")

# argv: mode (warm-up | no-warm-up | no-facts), patient typing. Prints JSON timings.
WEB_PATH = """
import json, sys, time
start = time.perf_counter()
import django
django.setup()
setup_s = time.perf_counter() - start
from engraft.donors import registry
mode, typing = sys.argv[1], sys.argv[2]
warm_s = None
if mode == "warm-up":
    t = time.perf_counter()
    registry.warm_up()
    warm_s = time.perf_counter() - t
if mode == "no-facts":  # the behaviour before facts.npz: asked of py-ard in every process
    import engraft.core.donor_search.facts as facts
    import engraft.core.donor_search.store as store_module
    facts.save_facts = lambda *args: None
    store_module.load_facts = lambda *args: None

def one_search():
    t = time.perf_counter()
    from engraft.core.donor_search.search import search
    from engraft.core.hla.hla_typing import parse_typing
    from engraft.core.hla.ranking import PatientContext
    store = registry.open_registry()
    nom = registry.nomenclature()
    result = search(nom, store, parse_typing(nom, typing), PatientContext("negative", "A"))
    result.to_json()  # every hit with its typing, as the page renders them
    return time.perf_counter() - t, len(result.unrelated)

first_s, hits = one_search()
second_s, _ = one_search()
print(json.dumps({"django_setup_s": setup_s, "warm_up_s": warm_s, "first_search_s": first_s,
                  "second_search_s": second_s, "hits": hits}))
"""


def _loadavg() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _cpu() -> str:
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(
    cmd: list[str], env: dict[str, str], cpu: list[float] | None = None
) -> tuple[float, str]:
    """Wall clock of one process; its CPU time (user + system) appended to ``cpu``."""
    cpu0 = _children_cpu()
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - t
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd[:3])}... failed:\n{done.stderr[-3000:]}")
    if cpu is not None:
        cpu.append(_children_cpu() - cpu0)
    return wall, done.stdout


def _web(store: Path, mode: str, env: dict[str, str]) -> dict:
    env = dict(env, ENGRAFT_REGISTRY_DIR=str(store),
               DJANGO_SETTINGS_MODULE=env.get("DJANGO_SETTINGS_MODULE",
                                              "engraft.web.settings.development"))  # fmt: skip
    cpu: list[float] = []
    _, out = _timed([sys.executable, "-c", WEB_PATH, mode, PATIENT], env, cpu)
    figures = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in json.loads(out).items()}
    return figures | {"process_cpu_s": round(cpu[0], 2)}


def _warm_kernel(store_path: Path, repeats: int = 7) -> float:
    from engraft.core.donor_search import engine
    from engraft.core.donor_search.store import open_store
    from engraft.core.hla.hla_typing import parse_typing
    from engraft.core.hla.nomenclature import get_nomenclature
    from engraft.core.hla.ranking import PatientContext

    nom = get_nomenclature()
    store = open_store(store_path)
    patient = parse_typing(nom, PATIENT)
    context = PatientContext("negative", "A")

    def once() -> float:
        t = time.perf_counter()
        tables = engine.prepare_patient(nom, store, patient, context)
        rows, _ = engine.search_top(store, tables, 100)
        engine.locus_details(store, tables, rows)
        return time.perf_counter() - t

    once()
    return statistics.median(once() for _ in range(repeats))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--donors", type=int, default=1_000_000)
    parser.add_argument("--ambiguous-share", type=float, default=0.3)
    parser.add_argument("--cord-share", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", type=Path, help="an existing store (else one is generated)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    env = dict(os.environ)
    report: dict[str, object] = {
        "machine": f"{os.cpu_count()} CPUs, {_cpu()}, Python {platform.python_version()}",
        "load_before": _loadavg(),
    }
    work = None
    store = args.store
    if store is None:
        work = Path(tempfile.mkdtemp(prefix="engraft-cold-"))
        store = work / "store"
        haplotypes = "CAU.5locus.freqs.gz"
        from engraft.core.hla.nomenclature import hla_data_dir

        build_s, _ = _timed([str(ENGRAFT), "donors", "generate", "--haplotypes",
                             str(hla_data_dir() / "freqs" / haplotypes), "--count",
                             str(args.donors), "--out", str(store), "--ambiguous-share",
                             str(args.ambiguous_share), "--cord-share", str(args.cord_share),
                             "--seed", "1"], env)  # fmt: skip
        report["store_build_s (generate, facts included)"] = round(build_s, 1)
    report["donors"] = json.loads((store / "meta.json").read_text())["count"]
    report["facts_file_bytes"] = (store / "facts.npz").stat().st_size
    try:
        cli = [str(ENGRAFT), "donors", "search", "--store", str(store), "--patient-typing",
               PATIENT, "--patient-cmv", "negative", "--patient-abo", "A"]  # fmt: skip
        first, _ = _timed(cli, env)
        report["cli_first_process_s (may compile the kernels)"] = round(first, 2)
        cpu: list[float] = []
        runs = [_timed(cli, env, cpu)[0] for _ in range(args.runs)]
        report["cli_whole_process_median_s"] = round(statistics.median(runs), 2)
        report["cli_whole_process_runs_s"] = [round(r, 2) for r in runs]
        # CPU time does not grow with the other work on a shared machine; wall clock does
        report["cli_whole_process_cpu_median_s"] = round(statistics.median(cpu), 2)
        report["web_with_warm_up"] = _web(store, "warm-up", env)
        report["web_without_warm_up"] = _web(store, "no-warm-up", env)
        report["web_facts_rebuilt_in_memory (before)"] = _web(store, "no-facts", env)
        report["warm_kernel_median_s"] = round(_warm_kernel(store), 4)
        from engraft.core.donor_search import engine

        report["numba_threads"] = engine.numba_threads()
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    report["load_after"] = _loadavg()
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
