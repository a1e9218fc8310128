"""Shared set-up for the page benchmarks: Django on a throwaway database, and a timer.

SQLite in a temporary folder unless DATABASE_URL names a server (see *.sh beside this).
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engraft.web.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.machine()


def migrate() -> None:
    call_command("migrate", verbosity=0)


def time_page(user, url: str, repeats: int = 15) -> dict[str, float]:
    """GET `url` as `user` `repeats` times after one warm-up; median, min and query count."""
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200
    times = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - began)
        assert response.status_code == 200
    return {
        "median_ms": statistics.median(times) * 1000,
        "min_ms": min(times) * 1000,
        "queries": len(queries),
        "kib": len(response.content) / 1024,
    }


def report(title: str, figures: dict[str, float], repeats: int = 15) -> None:
    print(f"database: {connection.vendor}")
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}")
    print(
        f"{title}: median {figures['median_ms']:.0f} ms, min {figures['min_ms']:.0f} ms over "
        f"{repeats} requests; {figures['queries']} SQL queries; {figures['kib']:.0f} KiB"
    )
