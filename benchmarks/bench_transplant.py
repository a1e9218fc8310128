"""Benchmark: a child's transplant page with 365 days of daily values, and the ward with 30.

.venv/bin/python benchmarks/bench_transplant.py    # SQLite (temporary file)
bash benchmarks/bench_pages.sh                      # SQLite, then PostgreSQL
.venv/bin/python benchmarks/bench_transplant.py --ward 200 --ward-days 100 --repeats 5
    # the ward of issue 11: 200 open episodes of 100 days, every rule evaluated

Builds, with the demo's loader (synthetic courses of ``core.cohort.transplant_course``): one
child at day +29 and one at day +364 of daily counts (8 analytes a day, a weight a day), and
28 more children on the ward at day +29, so that 30 episodes are open. Times the pages
``transplant:patient`` and ``transplant:ward`` when they resolve; otherwise (the views are
not merged yet) what those pages compute: ``core_episode`` + ``evaluate_episode`` for the
child, and the ward selector with each episode's evaluation. Reports median, p95 and the SQL
query count, which must not grow from 30 to 365 days.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from page_bench import cpu_model, migrate

from engraft.core.cohort.transplant_course import Outcome
from engraft.core.transplant import GraftSource, evaluate_episode
from engraft.record.models import LabResult, Patient
from engraft.transplant.demo import Plan, load_episode
from engraft.transplant.models import TransplantEpisode
from engraft.transplant.selectors import core_episode, ward_episodes
from engraft.web.demo import ensure_demo_accounts

REPEATS = 20
WARD = 30
PLAN = Plan("matched_sibling", GraftSource.BONE_MARROW, "bu_flu", Outcome.ENGRAFTED)


def measure(call: Callable[[], object], repeats: int | None = None) -> dict[str, float]:
    """Run ``call`` once to warm up, then ``repeats`` times: median, p95 (ms), queries."""
    call()
    times, queries = [], 0
    for _ in range(repeats or REPEATS):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            call()
            times.append(time.perf_counter() - began)
        queries = len(captured)
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": statistics.quantiles(times, n=20)[18] * 1000,
        "queries": queries,
    }


def page(client: Client, url: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def url_or_none(name: str, *args: object) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def child(n: int, days: int, today: date) -> TransplantEpisode:
    patient = Patient.objects.create(
        family_name=f"Bench{n:02d}", given_names="Synthetic", birth_date=today.replace(
            year=today.year - 3), sex="female", pathway_stage="transplanted",
    )  # fmt: skip
    return load_episode(
        patient, PLAN, day0=today - timedelta(days=days - 1), today=today, seed=n,
        last_day=days, every_after_discharge=1,
    )  # fmt: skip


def evaluate(episode: TransplantEpisode, today: date) -> Callable[[], object]:
    def run() -> object:
        fresh = TransplantEpisode.objects.select_related("patient").get(pk=episode.pk)
        return evaluate_episode(core_episode(fresh, today), today)

    return run


def ward_core(today: date) -> object:
    return [evaluate_episode(core_episode(e, today), today) for e in ward_episodes()]


def main() -> None:
    global REPEATS, WARD
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ward", type=int, default=WARD, help="open episodes on the ward")
    parser.add_argument("--ward-days", type=int, default=30, help="days of each ward episode")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    WARD, REPEATS = args.ward, args.repeats
    migrate()
    ensure_demo_accounts()
    physician = get_user_model().objects.get(username="physician")
    today = timezone.localdate()
    short, long = child(0, 30, today), child(1, 365, today)
    for n in range(2, WARD):
        child(n, args.ward_days, today)
    assert ward_episodes().count() == WARD
    labs = {
        e.day0: LabResult.objects.filter(patient=e.patient, analyte="anc").count()
        for e in (short, long)
    }
    client = Client()
    client.force_login(physician)
    rows: list[tuple[str, dict[str, float]]] = []
    for label, episode in (("30 days", short), ("365 days", long)):
        url = url_or_none("transplant:patient", episode.patient.public_id)
        if url:
            rows.append((f"patient page, {label}", measure(page(client, url))))
        rows.append(
            (f"core_episode + evaluate_episode, {label}", measure(evaluate(episode, today)))
        )
        built = core_episode(episode, today)  # the pure core's share, without the database
        pure = measure(lambda built=built: evaluate_episode(built, today))
        rows.append((f"  of which evaluate_episode, {label}", pure))
    url = url_or_none("transplant:ward")
    if url:
        rows.append((f"ward page, {WARD} open episodes", measure(page(client, url))))
    rows.append((f"ward selector + {WARD} evaluations", measure(lambda: ward_core(today))))
    rows.append(("ward selector alone", measure(lambda: list(ward_episodes()))))
    print(f"database: {connection.vendor}")
    print(f"machine: {cpu_model()}; ANC values per child: {sorted(labs.values())}")
    print(f"{'what':<52} {'median':>9} {'p95':>9} {'queries':>8}")
    for title, f in rows:
        print(f"{title:<52} {f['median_ms']:>7.1f}ms {f['p95_ms']:>7.1f}ms {f['queries']:>8}")
    if not url:
        print("(transplant:patient / transplant:ward do not resolve yet: core paths timed)")
    # The query count must not grow with the days: compare each 30-day row with its 365 one.
    by_title = dict(rows)
    for kind in ("patient page", "core_episode + evaluate_episode"):
        if f"{kind}, 30 days" in by_title:
            few, many = by_title[f"{kind}, 30 days"], by_title[f"{kind}, 365 days"]
            verdict = "same" if few["queries"] == many["queries"] else "GROWS"
            print(
                f"{kind}: {few['queries']} queries at 30 days, {many['queries']} at 365: {verdict}"
            )
            assert verdict == "same", kind


if __name__ == "__main__":
    main()
