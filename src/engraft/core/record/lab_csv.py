"""Bulk import of lab results from a CSV file as a laboratory system exports it.

Format (docs/record.md): UTF-8, comma-separated, a header row, one result per row.

=====================  ========  =====================================================
column                 required  content
=====================  ========  =====================================================
patient_identifier     yes       the patient's hospital number (Demographics.identifier)
collected_at           yes       ISO 8601 date-time with zone, e.g. 2025-02-21T08:30+01:00
analyte                yes       catalogue key (``calcium``) or LOINC code (``17861-6``)
value                  yes       decimal number; a decimal comma is accepted
unit                   yes       a unit of the analyte (UCUM or a common spelling)
lab                    no        the laboratory's name
=====================  ========  =====================================================

Rows are read one at a time (the file is never held whole in memory). A bad row does not
stop the others: it is reported with its line number and the column at fault. Each good
row carries an idempotency key computed from its content, so importing the same file twice
adds nothing the second time.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from engraft.core.record.lab_value import LabValueError, NormalisedLabValue, normalise_lab_value

REQUIRED_COLUMNS = ("patient_identifier", "collected_at", "analyte", "value", "unit")
OPTIONAL_COLUMNS = ("lab",)


@dataclass(frozen=True)
class LabCsvRow:
    """A good row: who, when, the normalised value and its idempotency key."""

    line: int
    patient_identifier: str
    collected_at: datetime
    result: NormalisedLabValue
    lab: str
    idempotency_key: str


@dataclass(frozen=True)
class LabCsvError:
    """A refused row (or header): its line number, the column and why."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


@dataclass
class LabCsvReport:
    """All good rows and all errors of one file."""

    rows: list[LabCsvRow] = field(default_factory=list)
    errors: list[LabCsvError] = field(default_factory=list)


def idempotency_key(
    patient_identifier: str, collected_at: datetime, loinc: str, value: float, unit: str
) -> str:
    """A key equal for two rows that record the same result (same instant, analyte, value).

    The instant is compared in UTC and the value in the canonical unit, so a re-export that
    spells the zone or the unit differently still gives the same key.
    """
    instant = collected_at.astimezone(UTC).isoformat()
    text = "|".join((patient_identifier.strip(), instant, loinc, f"{value:.6g}", unit))
    return hashlib.sha256(text.encode()).hexdigest()


def iter_lab_csv(
    lines: Iterable[str], *, birth_dates: Mapping[str, date] | None = None
) -> Iterator[LabCsvRow | LabCsvError]:
    """Yield each row of a lab CSV as a :class:`LabCsvRow` or a :class:`LabCsvError`.

    ``birth_dates`` (patient identifier -> date of birth), when given, refuses rows for
    unknown patients and results dated before birth.
    """
    reader = csv.DictReader(lines)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [col for col in REQUIRED_COLUMNS if col not in header]
    if missing:
        yield LabCsvError(1, ", ".join(missing), "missing column(s) in the header row")
        return
    reader.fieldnames = header
    for raw in reader:
        line = reader.line_num
        if None in raw:
            yield LabCsvError(line, "row", "more values than columns")
            continue
        row = {k: (v or "").strip() for k, v in raw.items()}
        yield _read_row(line, row, birth_dates)


def _read_row(
    line: int, row: dict[str, str], birth_dates: Mapping[str, date] | None
) -> LabCsvRow | LabCsvError:
    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            return LabCsvError(line, column, "is empty")
    patient = row["patient_identifier"]
    birth = None
    if birth_dates is not None:
        if patient not in birth_dates:
            return LabCsvError(line, "patient_identifier", f"no patient {patient!r}")
        birth = birth_dates[patient]
    try:
        collected_at = datetime.fromisoformat(row["collected_at"])
    except ValueError:
        return LabCsvError(
            line,
            "collected_at",
            f"{row['collected_at']!r} is not an ISO 8601 date-time such as 2025-02-21T08:30+01:00",
        )
    try:
        result = normalise_lab_value(
            row["analyte"], row["value"], row["unit"], collected_at=collected_at, birth_date=birth
        )
    except LabValueError as error:
        return LabCsvError(line, error.field, error.message)
    key = idempotency_key(patient, collected_at, result.analyte.loinc, result.value, result.unit)
    return LabCsvRow(line, patient, collected_at, result, row.get("lab", ""), key)


def parse_lab_csv(
    lines: Iterable[str], *, birth_dates: Mapping[str, date] | None = None
) -> LabCsvReport:
    """Read a whole lab CSV into good rows and per-row errors.

    A row whose idempotency key was already seen in this file is skipped (a duplicate line).
    """
    report = LabCsvReport()
    seen: set[str] = set()
    for item in iter_lab_csv(lines, birth_dates=birth_dates):
        if isinstance(item, LabCsvError):
            report.errors.append(item)
        elif item.idempotency_key not in seen:
            seen.add(item.idempotency_key)
            report.rows.append(item)
    return report
