"""Benchmark: outcomes analytics of 100,000 synthetic transplants (the pure core, no database).

.venv/bin/python benchmarks/bench_outcomes.py                  # 100,000 transplants, 5 warm, 3 cold
.venv/bin/python benchmarks/bench_outcomes.py --transplants 20000 --repeats 3 --cold 2

What is timed (issue 14 section 4): overall survival by donor type (Kaplan-Meier of each of the
six donor types and of all transplants, lifelines, with the log-rank test between the donor
types) plus the cumulative incidence of graft failure with death as the competing event
(scikit-survival's exact Aalen-Johansen with its log-log interval), each from the
``TransplantOutcome`` dataclasses: ``analyse(cohort, "os", by="donor_type")`` then
``analyse(cohort, "graft_failure")``. The cohort is drawn from a seed
(``synthetic_outcomes``, 1990 to 2025, 2 % of facts unknown) before the clock starts.

"Warm" repeats both analyses in this process after one untimed run (imports done, the
knowledge read). "Cold" is a new Python process for each run: it times the imports of the
core and the two libraries, then the first run of both analyses (which also reads and
validates the knowledge files), the cohort being generated in that process beforehand.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

END = date(2025, 12, 31)

COLD = r"""
import json, sys, time
start = time.perf_counter()
from engraft.core.outcomes import analyse
import lifelines, sksurv.nonparametric  # what the first analyses import anyway
imported = time.perf_counter()
from datetime import date
from engraft.core.outcomes.synthetic import synthetic_outcomes
cohort = synthetic_outcomes(int(sys.argv[1]), seed=int(sys.argv[2]), end_date=date(2025, 12, 31))
t0 = time.perf_counter()
analyse(cohort, "os", by="donor_type")
analyse(cohort, "graft_failure")
t1 = time.perf_counter()
print(json.dumps({"imports": imported - start, "first_run": t1 - t0}))
"""


def _cpu() -> str:
    return next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transplants", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cold", type=int, default=3, help="new processes to time (0: none)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    from engraft.core.outcomes import analyse, synthetic_outcomes

    start = time.perf_counter()
    cohort = synthetic_outcomes(args.transplants, seed=args.seed, end_date=END)
    generated = time.perf_counter() - start
    os_result = analyse(cohort, "os", by="donor_type")  # untimed warm-up
    gf_result = analyse(cohort, "graft_failure")
    totals, os_times, gf_times = [], [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        analyse(cohort, "os", by="donor_type")
        t1 = time.perf_counter()
        analyse(cohort, "graft_failure")
        t2 = time.perf_counter()
        os_times.append(t1 - t0)
        gf_times.append(t2 - t1)
        totals.append(t2 - t0)

    cold = []
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    for _ in range(args.cold):
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", COLD, str(args.transplants), str(args.seed)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        wall = time.perf_counter() - t0
        cold.append({**json.loads(out.stdout), "process": wall})

    print(f"machine: {_cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{args.transplants:,} synthetic transplants (generated in {generated:.1f} s, untimed)")
    print(
        f"warm, {args.repeats} repeats: OS by donor type + graft-failure CIF median "
        f"{statistics.median(totals) * 1000:.0f} ms (min {min(totals) * 1000:.0f}, "
        f"max {max(totals) * 1000:.0f}); OS {statistics.median(os_times) * 1000:.0f} ms, "
        f"CIF {statistics.median(gf_times) * 1000:.0f} ms"
    )
    if cold:
        for key, label in (
            ("imports", "imports"),
            ("first_run", "first run of both"),
            ("process", "whole process"),
        ):
            values = [c[key] for c in cold]
            median = statistics.median(values) * 1000
            print(
                f"cold, {len(cold)} processes: {label} median {median:.0f} ms "
                f"(p95 {_p95(values) * 1000:.0f})"
            )
    overall = os_result.overall.curve
    five = overall.estimate_on(1826)
    gf = gf_result.overall.curve.estimate_on(365)
    print(
        f"check: OS 5 years {100 * five.value:.1f} % (n {overall.n:,}, log-rank chi-square "
        f"{os_result.log_rank.statistic:.0f} on {os_result.log_rank.degrees_of_freedom} df); "
        f"graft failure at 1 year {100 * gf.value:.1f} % "
        f"(n {gf_result.overall.curve.n:,})"
    )


if __name__ == "__main__":
    main()
