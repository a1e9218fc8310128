"""The data manager's view of accrual: counts per trial and the screening log, as a table or CSV.

The log follows each screening through its steps (from the step rows, so a child who was
consented and then withdrew still counts as consented). It names no child: each row has the
screening number (the enrolment's id) and the study subject id the trial assigned.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from .models import Enrolment, EnrolmentStatus, NotEnrolledReason, Trial

# A step reached implies the ones before it (an enrolled child was consented and approached).
FUNNEL = ("screened", "eligible", "approached", "consented", "enrolled", "completed")
CSV_COLUMNS = (
    "nct_id", "screening_number", "screened_on", "eligible_on", "approached_on",
    "consented_on", "consent_version", "enrolled_on", "arm", "study_subject_id",
    "completed_on", "withdrawn_on", "not_enrolled_on", "status", "reason_not_enrolled", "reason",
)  # fmt: skip


@dataclass
class TrialAccrual:
    """One trial's counts: how many reached each step, and why the others were not enrolled."""

    trial: Trial
    reached: dict[str, int] = field(default_factory=dict)
    withdrawn: int = 0
    not_enrolled: Counter[str] = field(default_factory=Counter)

    @property
    def not_enrolled_total(self) -> int:
        return sum(self.not_enrolled.values())

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """Reasons not enrolled in words, most frequent first."""
        labels = dict(NotEnrolledReason.choices)
        return [(labels.get(k, k), n) for k, n in self.not_enrolled.most_common()]


@dataclass(frozen=True)
class LogRow:
    """One screening, with the date of each step reached."""

    enrolment: Enrolment
    dates: dict[str, date]

    def csv_row(self) -> list[str]:
        e = self.enrolment
        on = {k: v.isoformat() for k, v in self.dates.items()}
        return [_cell(v) for v in [
            e.trial.nct_id, str(e.public_id)[:8], on.get("screened", ""), on.get("eligible", ""),
            on.get("approached", ""), on.get("consented", ""), e.consent_version,
            on.get("enrolled", ""), e.arm, e.study_subject_id, on.get("completed", ""),
            on.get("withdrawn", ""), on.get("not_enrolled", ""), e.status,
            e.get_not_enrolled_reason_display() if e.not_enrolled_reason else "", e.reason_text,
        ]]  # fmt: skip


def _cell(value: str) -> str:
    """A typed reason opened in a spreadsheet must stay text, never a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _enrolments(trial: Trial | None) -> QuerySet[Enrolment]:
    rows = Enrolment.objects.select_related("trial").prefetch_related("steps")
    return rows.filter(trial=trial) if trial else rows


def _dates(enrolment: Enrolment) -> dict[str, date]:
    return {step.status: step.on for step in enrolment.steps.all()}


def log_rows(trial: Trial | None = None) -> list[LogRow]:
    """Every screening (of one trial, or all), by trial then screening date."""
    rows = [LogRow(e, _dates(e)) for e in _enrolments(trial)]
    return sorted(rows, key=lambda r: (r.enrolment.trial.nct_id, r.enrolment.screened_on))


def accrual(trials: QuerySet[Trial]) -> list[TrialAccrual]:
    """Counts per trial (every trial listed, screened or not)."""
    out = {t.pk: TrialAccrual(t, reached=dict.fromkeys(FUNNEL, 0)) for t in trials}
    for row in log_rows():
        counts = out.get(row.enrolment.trial_id)
        if counts is None:
            continue
        deepest = max((FUNNEL.index(s) for s in row.dates if s in FUNNEL), default=0)
        for step in FUNNEL[: deepest + 1]:
            counts.reached[step] += 1
        if row.enrolment.status == EnrolmentStatus.WITHDRAWN:
            counts.withdrawn += 1
        if row.enrolment.status == EnrolmentStatus.NOT_ENROLLED:
            counts.not_enrolled[row.enrolment.not_enrolled_reason] += 1
    return list(out.values())


def log_csv(rows: list[LogRow]) -> str:
    """The screening log as CSV text (UTF-8, a header row, one row per screening)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(row.csv_row())
    return buffer.getvalue()
