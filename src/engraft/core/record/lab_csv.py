"""Bulk import of lab results from a CSV file as a laboratory system exports it.

Format (docs/record.md): UTF-8, comma-separated, a header row, one result per row.

=====================  ========  =====================================================
column                 required  content
=====================  ========  =====================================================
patient_identifier     yes       the patient's hospital number (Demographics.identifier)
issuing_hospital       no        the hospital that issued the number (its identifier
                                 system); needed when two hospitals issued the number
collected_at           yes       ISO 8601 date-time with zone, e.g. 2025-02-21T08:30+01:00
analyte                yes       catalogue key (``calcium``) or LOINC code (``17861-6``)
value                  yes       decimal number; a decimal comma is accepted
unit                   yes       a unit of the analyte (UCUM or a common spelling)
lab                    no        the laboratory's name
=====================  ========  =====================================================

Rows are read one at a time (the file is never held whole in memory). Every cell is checked
before a row is accepted (length, NUL characters, number, date, unit, patient), so that no
row reaches the database that it cannot hold. A bad row does not stop the others: it is
reported with its line number and the column at fault. A row names its patient by hospital
number and, optionally, issuing hospital; a number that no patient has, or that more than
one hospital issued when the row does not say which, is refused (never guessed). Each good
row carries an idempotency key computed from its content, so importing the same file twice
adds nothing the second time.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from engraft.core.record.lab_value import LabValueError, NormalisedLabValue, normalise_lab_value

REQUIRED_COLUMNS = ("patient_identifier", "collected_at", "analyte", "value", "unit")
OPTIONAL_COLUMNS = ("issuing_hospital", "lab")
# The longest text each column may carry (what the record stores; an analyte or unit longer
# than these is no catalogue entry anyway).
MAX_LENGTHS = {
    "patient_identifier": 40,
    "issuing_hospital": 200,
    "collected_at": 40,
    "analyte": 32,
    "value": 40,
    "unit": 20,
    "lab": 120,
}

PatientKey = tuple[str, str]  # (issuing hospital, hospital number)


class PatientDirectory:
    """The patients a file may name: (issuing hospital, hospital number) -> date of birth."""

    def __init__(self, patients: Iterable[tuple[str, str, date]]) -> None:
        self._births: dict[PatientKey, date] = {}
        self._by_number: dict[str, list[PatientKey]] = defaultdict(list)
        for hospital, number, birth in patients:
            key = (hospital, number)
            self._births[key] = birth
            self._by_number[number].append(key)

    def find(self, number: str, hospital: str) -> tuple[PatientKey, date] | str:
        """The patient and their date of birth, or why the row cannot name one."""
        if hospital:
            key = (hospital, number)
            if key not in self._births:
                return f"no patient {number!r} issued by {hospital!r}"
            return key, self._births[key]
        keys = self._by_number.get(number, [])
        if not keys:
            return f"no patient {number!r}"
        if len(keys) > 1:
            hospitals = ", ".join(sorted(k[0] for k in keys))
            return (
                f"{number!r} was issued by more than one hospital ({hospitals}); "
                "say which in the issuing_hospital column"
            )
        return keys[0], self._births[keys[0]]


@dataclass(frozen=True)
class LabCsvRow:
    """A good row: who, when, the normalised value and its idempotency key."""

    line: int
    patient: PatientKey
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
    patient: PatientKey, collected_at: datetime, loinc: str, value: float, unit: str
) -> str:
    """A key equal for two rows that record the same result (same instant, analyte, value).

    The instant is compared in UTC and the value in the canonical unit, so a re-export that
    spells the zone or the unit differently still gives the same key.
    """
    instant = collected_at.astimezone(UTC).isoformat()
    text = "|".join((*patient, instant, loinc, f"{value:.6g}", unit))
    return hashlib.sha256(text.encode()).hexdigest()


def iter_lab_csv(
    lines: Iterable[str],
    *,
    patients: PatientDirectory | None = None,
    today: date | None = None,
) -> Iterator[LabCsvRow | LabCsvError]:
    """Yield each row of a lab CSV as a :class:`LabCsvRow` or a :class:`LabCsvError`.

    ``patients``, when given, refuses rows for unknown or ambiguous patients and results
    dated before birth; ``today``, when given, refuses results dated after it.
    """
    reader = csv.DictReader(lines)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        yield LabCsvError(1, "row", f"not readable as CSV: {error}")
        return
    missing = [col for col in REQUIRED_COLUMNS if col not in header]
    if missing:
        yield LabCsvError(1, ", ".join(missing), "missing column(s) in the header row")
        return
    reader.fieldnames = header
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # A broken quote can swallow the rest of the file; stop and say where.
            yield LabCsvError(reader.line_num, "row", f"not readable as CSV: {error}")
            return
        line = reader.line_num
        if None in raw:
            yield LabCsvError(line, "row", "more values than columns")
            continue
        row = {k: (v or "").strip() for k, v in raw.items() if k in MAX_LENGTHS}
        yield _read_row(line, row, patients, today)


def _cell_error(line: int, row: dict[str, str]) -> LabCsvError | None:
    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            return LabCsvError(line, column, "is empty")
    for column, text in row.items():
        if "\x00" in text:
            return LabCsvError(line, column, "holds a NUL character")
        if len(text) > MAX_LENGTHS[column]:
            return LabCsvError(
                line, column, f"is {len(text)} characters long; at most {MAX_LENGTHS[column]}"
            )
    return None


def _read_row(
    line: int, row: dict[str, str], patients: PatientDirectory | None, today: date | None
) -> LabCsvRow | LabCsvError:
    problem = _cell_error(line, row)
    if problem is not None:
        return problem
    hospital = row.get("issuing_hospital", "")
    patient: PatientKey = (hospital, row["patient_identifier"])
    birth = None
    if patients is not None:
        found = patients.find(row["patient_identifier"], hospital)
        if isinstance(found, str):
            return LabCsvError(line, "patient_identifier", found)
        patient, birth = found
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
            row["analyte"],
            row["value"],
            row["unit"],
            collected_at=collected_at,
            birth_date=birth,
            today=today,
        )
    except LabValueError as error:
        return LabCsvError(line, error.field, error.message)
    key = idempotency_key(patient, collected_at, result.analyte.loinc, result.value, result.unit)
    return LabCsvRow(line, patient, collected_at, result, row.get("lab", ""), key)


def parse_lab_csv(
    lines: Iterable[str],
    *,
    patients: PatientDirectory | None = None,
    today: date | None = None,
) -> LabCsvReport:
    """Read a whole lab CSV into good rows and per-row errors.

    A row whose idempotency key was already seen in this file is skipped (a duplicate line).
    """
    report = LabCsvReport()
    seen: set[str] = set()
    for item in iter_lab_csv(lines, patients=patients, today=today):
        if isinstance(item, LabCsvError):
            report.errors.append(item)
        elif item.idempotency_key not in seen:
            seen.add(item.idempotency_key)
            report.rows.append(item)
    return report
