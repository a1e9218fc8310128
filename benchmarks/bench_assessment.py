"""Median time of one assessment in the core, across the clinical vignettes.

Run: .venv/bin/python benchmarks/bench_assessment.py [--repeat N]
Parsing is done once, outside the timed loop: the figure is ``assess(case, as_of)`` alone,
with the knowledge base already loaded (it is cached after the first call).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

from engraft.core.assessment import assess, case_from_dict
from engraft.core.knowledge import load_knowledge_base

VIGNETTES = Path(__file__).resolve().parent.parent / "tests/unit/assessment/vignettes"


def main() -> None:
    """Time every vignette ``repeat`` times and print the median and 95th percentile."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200, help="repetitions per vignette")
    args = parser.parse_args()
    load_knowledge_base()
    cases = []
    for path in sorted(VIGNETTES.glob("*.json")):
        vignette = json.loads(path.read_text(encoding="utf-8"))
        cases.append((case_from_dict(vignette["case"]), date.fromisoformat(vignette["as_of"])))
    timings = []
    for _ in range(args.repeat):
        for case, as_of in cases:
            start = time.perf_counter()
            assess(case, as_of)
            timings.append(time.perf_counter() - start)
    timings.sort()
    median_ms = statistics.median(timings) * 1000
    p95_ms = timings[int(len(timings) * 0.95)] * 1000
    print(f"vignettes: {len(cases)}, assessments timed: {len(timings)}")
    print(f"median: {median_ms:.3f} ms per assessment; p95: {p95_ms:.3f} ms (target < 5 ms)")


if __name__ == "__main__":
    main()
