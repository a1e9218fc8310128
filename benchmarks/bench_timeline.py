"""Benchmark: a patient's timeline page with 5,000 lab values (median time, SQL queries).

    .venv/bin/python benchmarks/bench_timeline.py        # SQLite (temporary file)
    bash benchmarks/bench_pages.sh                        # SQLite, then PostgreSQL

Renders the page through Django's test client as a signed-in physician, so the figure is
the server's whole work for the page (queries, timeline assembly, template).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from page_bench import migrate, report, time_page

from engraft.access.models import User
from engraft.record.models import LabResult, Patient

ANALYTES = [("haemoglobin", "g/dL", 9.0), ("platelets", "10*9/L", 80.0),
            ("calcium", "mg/dL", 8.5), ("alkaline_phosphatase", "U/L", 300.0),
            ("creatinine", "mg/dL", 0.3)]  # fmt: skip
VALUES = 5_000


def main() -> None:
    migrate()
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
    figures = time_page(user, f"/staff/patients/{patient.public_id}/timeline/")
    report(f"timeline page, {VALUES} lab values in {VALUES // len(ANALYTES)} draws", figures)


if __name__ == "__main__":
    main()
