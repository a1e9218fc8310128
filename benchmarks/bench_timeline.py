"""Benchmark: a patient's timeline page with 5,000 lab values (median time, SQL queries).

    .venv/bin/python benchmarks/bench_timeline.py                  # SQLite (temporary file)
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/bench_timeline.py
    bash benchmarks/bench_timeline.sh                               # both, PostgreSQL started

Renders the page through Django's test client as a signed-in physician, so the figure is
the server's whole work for the page (queries, timeline assembly, template).
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
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

from engraft.access.models import User  # noqa: E402
from engraft.record.models import LabResult, Patient  # noqa: E402

ANALYTES = [("haemoglobin", "g/dL", 9.0), ("platelets", "10*9/L", 80.0),
            ("calcium", "mg/dL", 8.5), ("alkaline_phosphatase", "U/L", 300.0),
            ("creatinine", "mg/dL", 0.3)]  # fmt: skip
VALUES = 5_000
REPEATS = 15


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.machine()


def main() -> None:
    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench", password="x" * 16, role="physician")
    patient = Patient.objects.create(
        family_name="Benchmark", given_names="Timeline", birth_date=date(2024, 1, 1), sex="female"
    )
    start = datetime(2024, 1, 2, 8, tzinfo=UTC)
    LabResult.objects.bulk_create(
        LabResult(
            patient=patient,
            analyte=ANALYTES[i % len(ANALYTES)][0],
            unit=ANALYTES[i % len(ANALYTES)][1],
            value=ANALYTES[i % len(ANALYTES)][2] + (i % 7) * 0.1,
            # five analytes per draw, one draw a day: 1,000 draws over almost three years
            collected_at=start + timedelta(days=i // len(ANALYTES)),
        )
        for i in range(VALUES)
    )
    client = Client()
    client.force_login(user)
    url = f"/staff/patients/{patient.public_id}/timeline/"
    assert client.get(url).status_code == 200  # warm up templates and caches
    times = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - began)
        assert response.status_code == 200
    print(f"database: {connection.vendor}")
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}")
    print(f"lab values: {VALUES}, draws on the timeline: {VALUES // len(ANALYTES)}")
    print(f"timeline page: median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms over {REPEATS} requests")  # fmt: skip
    print(f"SQL queries per page: {len(queries)}")
    print(f"page size: {len(response.content) / 1024:.0f} KiB")


if __name__ == "__main__":
    sys.exit(main())
