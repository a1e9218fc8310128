"""Load test client for the staff pages (loopback only): 20 signed-in users at once.

Started by ``benchmarks/load_staff_pages.sh`` (gunicorn on a throwaway PostgreSQL server with
the demo cohort). Each of ``--users`` threads signs in as a demo account with its own HTTP
client and, until ``--seconds`` have passed, opens in turn the patient list, a child's
record, the timeline (of a child with 1,000 blood draws, as issue 15 asks), the assessment,
the work-up board and the donor page. Every response is timed; an answer other than 200
counts as an error. Prints p50, p95 and p99 per page and writes them as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import httpx
from loopback import require_loopback

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACCOUNTS = ("coordinator", "physician")  # the roles that open every one of these pages


def _sign_in(client: httpx.Client, username: str, password: str) -> None:
    form = client.get("/staff/login/")
    token = CSRF_INPUT.search(form.text).group(1)
    done = client.post("/staff/login/", data={"username": username, "password": password,
                       "csrfmiddlewaretoken": token})  # fmt: skip
    if done.status_code != 302:
        raise SystemExit(f"sign-in of {username} failed: {done.status_code}")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--patients", required=True, help="comma-separated public ids")
    parser.add_argument("--heavy", required=True, help="the child with 1,000 draws")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--password", default="engraft-demo")
    parser.add_argument("--server", default="")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    require_loopback(args.url, "--url")
    patients = args.patients.split(",")
    pages = {
        "patient list": lambda p: "/staff/patients/",
        "record": lambda p: f"/staff/patients/{p}/",
        "timeline (1,000 draws)": lambda p: f"/staff/patients/{args.heavy}/timeline/",
        "assessment": lambda p: f"/staff/assessment/{p}/",
        "work-up board": lambda p: "/staff/workup/",
        "donor page": lambda p: f"/staff/donors/patients/{p}/",
    }
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def user(n: int) -> None:
        rng = random.Random(n)
        with httpx.Client(base_url=args.url, timeout=60) as client:
            _sign_in(client, ACCOUNTS[n % len(ACCOUNTS)], args.password)
            while time.monotonic() < deadline:
                for name, path in pages.items():
                    began = time.perf_counter()
                    response = client.get(path(rng.choice(patients)))
                    took = (time.perf_counter() - began) * 1000
                    with lock:
                        times[name].append(took)
                        if response.status_code != 200:
                            errors[name] += 1

    threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = {
        name: {
            "requests": len(values), "errors": errors[name],
            "p50_ms": round(statistics.median(values)), "p95_ms": round(_percentile(values, .95)),
            "p99_ms": round(_percentile(values, .99)),
        }
        for name, values in times.items()
    }  # fmt: skip
    print(f"{args.users} users for {args.seconds:.0f} s; {args.server}")
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'page':<24} {'requests':>8} {'errors':>6} {'p50':>7} {'p95':>7} {'p99':>7}")
    for name, row in rows.items():
        print(f"{name:<24} {row['requests']:>8} {row['errors']:>6} {row['p50_ms']:>5} ms "
              f"{row['p95_ms']:>5} ms {row['p99_ms']:>5} ms")  # fmt: skip
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps({
            "taken_at": datetime.now(UTC).isoformat(), "users": args.users,
            "seconds": args.seconds, "server": args.server, "pages": rows,
        }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
