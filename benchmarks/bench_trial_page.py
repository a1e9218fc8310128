"""Benchmark: a trial's page with 1,000 screened patients, and one child's trials page.

.venv/bin/python benchmarks/bench_trial_page.py [--patients 1000] [--repeats 10]
DATABASE_URL=postgresql://... .venv/bin/python benchmarks/bench_trial_page.py

Loads the demo cohort's generator at the given size (synthetic records with genotypes,
findings and labs), stores each child's assessment (as the assessment page would), loads the
five synthetic trials with their curated rules, opens them, and screens every patient for
NCT90000001 (an enrolment with its step each), as the issue asks.
Then times, as a signed-in coordinator through Django's test client (the whole request:
matching every patient today, rendering, the audit event):

- the first request after start-up (parses the trial and the rule, loads the knowledge);
- the warm page: median and p95 of ``--repeats`` requests, and the SQL query count;
- one child's trials page (every open trial matched for one record).
"""

from __future__ import annotations

import argparse
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from page_bench import cpu_model, migrate

from engraft.assessment.services import store_if_changed
from engraft.record.demo import load_demo_cohort
from engraft.record.mapping import load_patient
from engraft.record.models import Patient
from engraft.trials.demo import load_demo_trials
from engraft.trials.models import Enrolment, EnrolmentStep, Trial
from engraft.web.demo import ensure_demo_accounts


def timed(client: Client, url: str, repeats: int) -> dict[str, float]:
    times, queries = [], 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - began)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": statistics.quantiles(times, n=20)[18] * 1000 if repeats >= 2 else times[0],
        "queries": queries,
    }


def screen_everyone(trial: Trial) -> None:
    """One screening per patient, written in bulk (the service's rows, without its checks)."""
    today = timezone.localdate()
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(patient=p, trial=trial, status="screened", status_on=today, screened_on=today)
        for p in Patient.objects.exclude(enrolments__trial=trial)
    )
    EnrolmentStep.objects.bulk_create(
        EnrolmentStep(enrolment=e, status="screened", on=today) for e in enrolments
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    migrate()
    ensure_demo_accounts()
    began = time.perf_counter()
    load_demo_cohort(size=args.patients)
    today = timezone.localdate()
    for patient in Patient.objects.all():
        store_if_changed(patient=load_patient(patient.public_id), actor=None, ip=None, as_of=today)
    load_demo_trials()
    trial = Trial.objects.get(nct_id="NCT90000001")
    screen_everyone(trial)
    print(f"built {Patient.objects.count()} patients, {Enrolment.objects.count()} screenings "
          f"in {time.perf_counter() - began:.0f} s")  # fmt: skip
    print(f"database: {connection.vendor}")
    print(f"machine: {cpu_model()}")
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="coordinator"))
    url = reverse("trials:trial", args=[trial.nct_id])
    first = timed(client, url, 1)
    print(f"trial page, first request: {first['median_ms']:.0f} ms, {first['queries']} queries")
    warm = timed(client, url, args.repeats)
    print(
        f"trial page, {args.patients} screened: median {warm['median_ms']:.0f} ms, "
        f"p95 {warm['p95_ms']:.0f} ms over {args.repeats}; {warm['queries']} queries"
    )
    child = Patient.objects.order_by("pk").first()
    mine = timed(client, reverse("trials:patient", args=[child.public_id]), args.repeats)
    print(f"a child's trials page: median {mine['median_ms']:.0f} ms, "
          f"p95 {mine['p95_ms']:.0f} ms; {mine['queries']} queries")  # fmt: skip


if __name__ == "__main__":
    main()
