"""Benchmark: the coordinator's work-up board with 50 candidates of 30 tasks each.

.venv/bin/python benchmarks/bench_workup_board.py    # SQLite (temporary file)
bash benchmarks/bench_pages.sh                        # SQLite, then PostgreSQL
"""

from __future__ import annotations

from datetime import date, timedelta

from page_bench import migrate, report, time_page

from engraft.access.models import User
from engraft.record.models import Patient
from engraft.workup.models import PlanItem, WorkupPlan, WorkupTask

CANDIDATES = 50
TASKS = 30


def main() -> None:
    migrate()
    user = User.objects.create_user("bench", password="x" * 16, role="coordinator")
    # The seeded template has 24 items; add some so that each plan has 30 tasks.
    template = list(PlanItem.objects.all())
    for n in range(TASKS - len(template)):
        template.append(
            PlanItem.objects.create(
                code=f"extra_{n}", name=f"Extra consult {n}", kind="consult",
                discipline="extra", why="benchmark", source="in-house",
                family_description="-", lead_days=14, default_reason="benchmark",
            )
        )  # fmt: skip
    today = date.today()
    for c in range(CANDIDATES):
        patient = Patient.objects.create(
            family_name=f"Candidate{c:02d}", given_names="Bench", birth_date=date(2026, 1, 1),
            sex="male", pathway_stage="work_up",
        )  # fmt: skip
        plan = WorkupPlan.objects.create(
            patient=patient, target_admission=today + timedelta(days=30 + c), emergent=c % 5 == 0,
            created_by=user,
        )  # fmt: skip
        WorkupTask.objects.bulk_create(
            WorkupTask(
                plan=plan, item=item, requirement="required", requirement_reason="benchmark",
                due_on=today + timedelta(days=(i + c) % 40 - 10),
                status=["to_schedule", "scheduled", "done"][(i + c) % 3],
            )
            for i, item in enumerate(template)
        )  # fmt: skip
    figures = time_page(user, "/staff/workup/")
    report(f"work-up board, {CANDIDATES} candidates x {TASKS} tasks", figures)


if __name__ == "__main__":
    main()
