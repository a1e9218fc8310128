"""A lab system's CSV export is imported row by row, with a report of bad rows."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from engraft.core.record.lab_csv import LabCsvError, iter_lab_csv, parse_lab_csv

HEADER = "patient_identifier,collected_at,analyte,value,unit,lab\n"
BIRTHS = {"SYN-1": date(2025, 1, 1)}


def _parse(body: str, **kwargs):
    return parse_lab_csv(io.StringIO(HEADER + body), **kwargs)


def test_good_rows_are_normalised_to_canonical_units():
    report = _parse("SYN-1,2025-02-21T08:30+01:00,calcium,1.8,mmol/L,Lab A\n")
    assert report.errors == []
    assert report.rows[0].result.value == 7.2144
    assert report.rows[0].lab == "Lab A"


def test_analyte_may_be_a_loinc_code():
    assert _parse("SYN-1,2025-02-21T08:30Z,718-7,9.1,g/dL,\n").rows[0].result.analyte.key == (
        "haemoglobin"
    )


def test_bad_rows_are_reported_with_line_and_column_and_good_rows_still_read():
    report = _parse(
        "SYN-1,2025-02-21T08:30Z,calcium,9.1,mg/dL,\n"
        "SYN-1,2025-02-21T08:30,calcium,9.1,mg/dL,\n"
        "SYN-1,2025-02-21T08:30Z,calcium,abc,mg/dL,\n"
        "SYN-1,2025-02-21T08:30Z,calcium,9.1,stones,\n"
        "SYN-1,2024-02-21T08:30Z,calcium,9.1,mg/dL,\n"
        "SYN-9,2025-02-21T08:30Z,calcium,9.1,mg/dL,\n"
        "SYN-1,2025-02-21T08:30Z,,9.1,mg/dL,\n",
        birth_dates=BIRTHS,
    )
    assert len(report.rows) == 1
    assert [(e.line, e.column) for e in report.errors] == [
        (3, "collected_at"),
        (4, "value"),
        (5, "unit"),
        (6, "collected_at"),
        (7, "patient_identifier"),
        (8, "analyte"),
    ]


def test_missing_column_is_reported_on_the_header_line():
    errors = list(iter_lab_csv(io.StringIO("patient_identifier,value\nSYN-1,3\n")))
    assert errors == [LabCsvError(1, "collected_at, analyte, unit", errors[0].message)]


def test_same_result_in_another_unit_or_zone_has_the_same_idempotency_key():
    report = parse_lab_csv(io.StringIO(HEADER + "SYN-1,2025-02-21T08:30+01:00,calcium,2,mmol/L,\n"))
    again = parse_lab_csv(io.StringIO(HEADER + "SYN-1,2025-02-21T07:30Z,17861-6,8.016,mg/dL,\n"))
    assert report.rows[0].idempotency_key == again.rows[0].idempotency_key


def test_a_duplicated_line_is_imported_once():
    line = "SYN-1,2025-02-21T08:30Z,calcium,9.1,mg/dL,\n"
    assert len(_parse(line + line).rows) == 1


_cell = st.text(st.characters(blacklist_categories=("Cs",)), max_size=10)


@given(st.lists(st.tuples(_cell, _cell, _cell, _cell, _cell, _cell), max_size=8))
def test_every_data_row_is_either_read_or_reported_once(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.strip().split(","))
    writer.writerows(rows)
    buffer.seek(0)
    items = list(iter_lab_csv(buffer))
    assert len(items) == len(rows)
    assert all(item.line >= 2 for item in items)
    assert all(str(e.line) in str(e) for e in items if isinstance(e, LabCsvError))
