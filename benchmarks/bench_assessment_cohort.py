"""Median time to re-assess the whole demo cohort, from the stored record.

Run: .venv/bin/python benchmarks/bench_assessment_cohort.py [--repeat N] [--size N]

The demo cohort is loaded into a throwaway SQLite database (a temporary ENGRAFT_DATA_DIR,
test settings). Two figures, each the median of ``repeat`` passes over every patient:
- map + assess: fetch each record (prefetched), map it to a case, ``assess`` it; no writes;
- with storing: the same through ``store_if_changed``, which writes a StoredAssessment for
  every patient (each pass first deletes the previous pass's rows so every pass stores).
The knowledge base is loaded once before timing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time


def setup_django(data_dir: str) -> None:
    os.environ["ENGRAFT_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "engraft.web.settings.test"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15, help="passes over the cohort")
    parser.add_argument("--size", type=int, default=None, help="cohort size (default: demo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="engraft-bench-") as data_dir:
        setup_django(data_dir)
        run(args.repeat, args.size)


def run(repeat: int, size: int | None) -> None:
    from django.db import connection
    from django.utils import timezone

    from engraft.assessment.models import StoredAssessment
    from engraft.assessment.services import compute, store_if_changed
    from engraft.core.knowledge import load_knowledge_base
    from engraft.record.demo import DEMO_SIZE, load_demo_cohort
    from engraft.record.mapping import load_patient
    from engraft.record.models import Patient

    load_demo_cohort(size or DEMO_SIZE)
    ids = list(Patient.objects.values_list("public_id", flat=True))
    load_knowledge_base()
    today = timezone.localdate()
    print(f"database: {connection.vendor}; cohort: {len(ids)} patients; passes: {repeat}")

    def assess_all() -> None:
        for public_id in ids:
            compute(load_patient(public_id), today)

    def assess_and_store_all() -> None:
        for public_id in ids:
            store_if_changed(None, load_patient(public_id), today)

    for label, work in (("map + assess", assess_all), ("with storing", assess_and_store_all)):
        timings = []
        for _ in range(repeat):
            StoredAssessment.objects.all().delete()
            start = time.perf_counter()
            work()
            timings.append(time.perf_counter() - start)
        median = statistics.median(timings)
        print(
            f"{label}: median {median * 1000:.1f} ms per cohort "
            f"({median * 1000 / len(ids):.2f} ms per patient); "
            f"min {min(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms"
        )
    print(f"python {sys.version.split()[0]}; nproc {os.cpu_count()}")


if __name__ == "__main__":
    main()
