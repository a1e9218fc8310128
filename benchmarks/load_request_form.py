"""Load test client for the public "Request information" form (loopback only).

Started by ``benchmarks/load_request_form.sh``, which runs the app under gunicorn on a
throwaway PostgreSQL server. ``--concurrency`` workers, each with its own HTTP client (its
own CSRF cookie, as separate families would have), share exactly ``--requests`` numbered
submissions. For each one a worker GETs the form (for the CSRF token), then POSTs a valid,
uniquely named request and times the POST until its redirect answer (not followed). Nothing
is retried: a retry could store a request twice, which is what the check looks for.

Afterwards the database is read directly: every name sent must be stored exactly once, with
its two queued emails. Prints the figures, writes them as JSON, exits 1 if any check fails.

    .venv/bin/python benchmarks/load_request_form.py --url http://127.0.0.1:8000 \
        --database-url postgres://engraft@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
from loopback import require_loopback

FORM_PATH = "/request-information/"
RECEIVED_PATH = "/request-information/received/"
NAME_PREFIX = "Load Test "
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _form_data(number: int, token: str) -> dict[str, str]:
    """A valid submission; the number makes the name and email unique for the check."""
    return {
        "csrfmiddlewaretoken": token,
        "guardian_name": f"{NAME_PREFIX}{number:04d}",
        "relationship": "mother",
        "email": f"load-test-{number:04d}@loadtest.invalid",
        "phone": "",
        "preferred_contact": "email",
        "child_age_value": str(1 + number % 24),
        "child_age_unit": "months",
        "country": "Testland",
        "diagnosis_made": "unsure",
        "diagnosis": "",
        "question": f"Load test submission {number}: what are the next steps?",
        "consent_to_contact": "on",
        "website": "",  # the honeypot, left empty as a person would
    }


def _percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile (a value actually measured, no interpolation)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


class Run:
    """The shared state of one run: the numbers still to send and what came back."""

    def __init__(self, total: int, deadline: float) -> None:
        self._next = 1
        self._total = total
        self._lock = threading.Lock()
        self.deadline = deadline
        self.post_latencies: list[float] = []
        self.get_latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.sent = 0  # POSTs attempted (each number at most once)

    def take(self) -> int | None:
        """The next number to submit, or None when all are taken or time is up."""
        with self._lock:
            if self._next > self._total or time.monotonic() >= self.deadline:
                return None
            number = self._next
            self._next += 1
            return number

    def record(
        self, get_s: float | None, posted: bool, post_s: float | None, error: str | None
    ) -> None:
        with self._lock:
            if get_s is not None:
                self.get_latencies.append(get_s)
            if posted:
                self.sent += 1
            if post_s is not None and error is None:
                self.post_latencies.append(post_s)
            if error is not None:
                self.errors[error] += 1


def _worker(base_url: str, run: Run, request_timeout: float) -> None:
    with httpx.Client(base_url=base_url, timeout=request_timeout) as client:
        while (number := run.take()) is not None:
            get_s = post_s = None
            posted = False
            try:
                start = time.perf_counter()
                page = client.get(FORM_PATH)
                get_s = time.perf_counter() - start
                match = CSRF_INPUT.search(page.text)
                if page.status_code != 200 or match is None:
                    run.record(get_s, posted, None, f"GET {page.status_code} without a form")
                    continue
                # Counted as sent from here on, even if it fails: it may have been stored.
                posted = True
                start = time.perf_counter()
                answer = client.post(FORM_PATH, data=_form_data(number, match.group(1)))
                post_s = time.perf_counter() - start
                location = answer.headers.get("location")
                error = None
                if answer.status_code != 302 or location != RECEIVED_PATH:
                    error = f"POST {answer.status_code} to {location}"
                run.record(get_s, posted, post_s, error)
            except httpx.HTTPError as failure:
                run.record(get_s, posted, None, type(failure).__name__)


def _wait_until_ready(base_url: str, seconds: float) -> None:
    """Wait for gunicorn to answer the form page (it has just been started)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(base_url + FORM_PATH, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() >= deadline:
            raise SystemExit(f"The app did not answer {FORM_PATH} within {seconds:.0f} s")
        time.sleep(0.25)


def _verify(database_url: str, expected: int) -> dict[str, object]:
    """Read back what was stored: each expected name once, nothing else, two emails each."""
    with psycopg.connect(database_url) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT guardian_name FROM information_informationrequest"
                " WHERE guardian_name LIKE %s",
                (NAME_PREFIX + "%",),
            )
        ]
        distinct_emails = db.execute(
            "SELECT count(DISTINCT email) FROM information_informationrequest"
            " WHERE guardian_name LIKE %s",
            (NAME_PREFIX + "%",),
        ).fetchone()[0]
        queued, delivered = db.execute(
            "SELECT count(*), count(sent_at) FROM notifications_outgoingemail"
        ).fetchone()
    counts = Counter(names)
    wanted = {f"{NAME_PREFIX}{n:04d}" for n in range(1, expected + 1)}
    return {
        "rows": len(names),
        "distinct_names": len(counts),
        "distinct_emails": distinct_emails,
        "duplicated_names": sorted(name for name, c in counts.items() if c > 1),
        "missing_names": len(wanted - counts.keys()),
        "unexpected_names": len(counts.keys() - wanted),
        "emails_queued": queued,
        "emails_delivered": delivered,
    }


def _ms(sorted_values: list[float], pct: float) -> float:
    return round(_percentile(sorted_values, pct) * 1000, 1)


def _machine() -> dict[str, object]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the app, e.g. http://127.0.0.1:8000")
    parser.add_argument("--database-url", required=True, help="the app's PostgreSQL database")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=300, help="seconds for the run")
    parser.add_argument("--request-timeout", type=float, default=30)
    parser.add_argument("--wait-ready", type=float, default=60, help="seconds to wait for app")
    parser.add_argument("--output", type=Path, help="where to write the JSON result")
    parser.add_argument("--server", default="", help="how the app was served (for the JSON)")
    args = parser.parse_args(argv)
    require_loopback(args.url, "--url")
    require_loopback(args.database_url, "--database-url")
    base_url = args.url.rstrip("/")

    _wait_until_ready(base_url, args.wait_ready)
    started = time.monotonic()
    run = Run(args.requests, deadline=started + args.time_limit)
    threads = [
        threading.Thread(target=_worker, args=(base_url, run, args.request_timeout), daemon=True)
        for _ in range(args.concurrency)
    ]
    for thread in threads:
        thread.start()
    # A worker checks the deadline before each submission, so waiting one request timeout
    # past it bounds the run even if the server stops answering.
    for thread in threads:
        thread.join(max(0.0, started + args.time_limit + args.request_timeout - time.monotonic()))
    elapsed = time.monotonic() - started
    timed_out = any(thread.is_alive() for thread in threads) or run.sent < args.requests

    post = sorted(run.post_latencies)
    get = sorted(run.get_latencies)
    figures = {
        "posts_sent": run.sent,
        "posts_ok": len(post),
        "errors": dict(run.errors),
        "elapsed_s": round(elapsed, 2),
        "throughput_posts_per_s": round(len(post) / elapsed, 1) if elapsed else None,
        "post_latency_ms": {
            "p50": _ms(post, 50),
            "p95": _ms(post, 95),
            "p99": _ms(post, 99),
            "max": round(post[-1] * 1000, 1) if post else None,
        },
        "get_latency_ms": {"p50": _ms(get, 50), "p95": _ms(get, 95)},
    }
    stored = _verify(args.database_url, args.requests)
    failures = []
    if timed_out:
        failures.append(f"only {run.sent} of {args.requests} POSTs sent within the time limit")
    if run.errors:
        failures.append(f"errors: {dict(run.errors)}")
    if stored["rows"] != args.requests or stored["distinct_names"] != args.requests:
        failures.append(f"{stored['rows']} rows, {stored['distinct_names']} distinct names stored")
    if stored["distinct_emails"] != args.requests:
        failures.append(f"{stored['distinct_emails']} distinct emails stored")
    if stored["duplicated_names"] or stored["missing_names"] or stored["unexpected_names"]:
        failures.append("stored names differ from the names sent")
    if stored["emails_queued"] != 2 * args.requests:
        failures.append(f"{stored['emails_queued']} emails queued, expected {2 * args.requests}")

    result = {
        "benchmark": "request form load test",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "setup": {
            "url": base_url + FORM_PATH,
            "requests": args.requests,
            "concurrency": args.concurrency,
            "time_limit_s": args.time_limit,
            "server": args.server,
        },
        "figures": figures,
        "stored": stored,
        "passed": not failures,
        "failures": failures,
    }
    latency = figures["post_latency_ms"]
    print(
        f"POSTs: {len(post)} ok of {run.sent} sent ({args.concurrency} clients), errors: "
        f"{dict(run.errors) or 'none'}"
    )
    print(
        f"POST latency ms: p50 {latency['p50']}, p95 {latency['p95']}, p99 {latency['p99']}, "
        f"max {latency['max']}; GET p50 {figures['get_latency_ms']['p50']} ms"
    )
    print(
        f"elapsed {figures['elapsed_s']} s, throughput {figures['throughput_posts_per_s']} "
        "POSTs/s (each after its GET of the form)"
    )
    print(
        f"stored: {stored['rows']} rows, {stored['distinct_names']} distinct names, "
        f"{stored['distinct_emails']} distinct emails; emails queued {stored['emails_queued']},"
        f" delivered {stored['emails_delivered']}"
    )
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"result written to {args.output}")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    print("PASS" if not failures else "FAILED")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
