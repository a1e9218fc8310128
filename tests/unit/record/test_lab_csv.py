"""A lab system's CSV export is imported row by row, with a report of bad rows."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from engraft.core.record.lab_csv import (
    LabCsvError,
    PatientDirectory,
    iter_lab_csv,
    parse_lab_csv,
)

HEADER = "patient_identifier,collected_at,analyte,value,unit,lab\n"
BIRTHS = PatientDirectory([("https://here.example/mrn", "SYN-1", date(2025, 1, 1))])
TODAY = date(2025, 6, 1)


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
        patients=BIRTHS,
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


# Two hospitals issued the number 1001, to two different children.
TWO_HOSPITALS = PatientDirectory(
    [
        ("https://north.example/mrn", "1001", date(2024, 1, 1)),
        ("https://south.example/mrn", "1001", date(2024, 6, 1)),
        ("https://south.example/mrn", "2002", date(2024, 6, 1)),
    ]
)
HOSPITAL_HEADER = "patient_identifier,issuing_hospital,collected_at,analyte,value,unit\n"


def _errors_by_line(body: str, header: str = HOSPITAL_HEADER) -> dict[int, tuple[str, str]]:
    report = parse_lab_csv(io.StringIO(header + body), patients=TWO_HOSPITALS, today=TODAY)
    return {e.line: (e.column, e.message) for e in report.errors}


def test_a_number_two_hospitals_issued_is_refused_unless_the_row_names_the_hospital():
    body = (
        "1001,,2025-02-21T08:30Z,calcium,9.1,mg/dL\n"
        "1001,https://south.example/mrn,2025-02-21T08:30Z,calcium,9.1,mg/dL\n"
    )
    errors = _errors_by_line(body)
    assert list(errors) == [2]
    assert errors[2][0] == "patient_identifier"
    assert "more than one hospital" in errors[2][1]
    report = parse_lab_csv(io.StringIO(HOSPITAL_HEADER + body), patients=TWO_HOSPITALS)
    assert report.rows[0].patient == ("https://south.example/mrn", "1001")


def test_a_number_unknown_at_the_named_hospital_is_refused():
    errors = _errors_by_line("2002,https://north.example/mrn,2025-02-21T08:30Z,calcium,9,mg/dL\n")
    assert errors[2][0] == "patient_identifier"
    assert "no patient '2002' issued by 'https://north.example/mrn'" in errors[2][1]


def test_a_number_one_hospital_issued_needs_no_hospital_column():
    report = parse_lab_csv(
        io.StringIO(HEADER + "2002,2025-02-21T08:30Z,calcium,9.1,mg/dL,\n"), patients=TWO_HOSPITALS
    )
    assert report.errors == []
    assert report.rows[0].patient == ("https://south.example/mrn", "2002")


def test_cells_longer_than_the_record_holds_are_refused_before_anything_is_stored():
    errors = _errors_by_line(
        "2002,,2025-02-21T08:30Z," + "a" * 500 + ",9.1,mg/dL\n"
        "2002,,2025-02-21T08:30Z,calcium,9.1,mg/dL,\n",
    )
    assert errors[2] == ("analyte", "is 500 characters long; at most 32")


def test_a_laboratory_name_too_long_is_refused_on_its_line():
    header = "patient_identifier,collected_at,analyte,value,unit,lab\n"
    errors = _errors_by_line("2002,2025-02-21T08:30Z,calcium,9.1,mg/dL," + "L" * 121 + "\n", header)
    assert errors[2] == ("lab", "is 121 characters long; at most 120")


def test_a_nul_character_is_refused_with_its_column():
    errors = _errors_by_line("2002,,2025-02-21T08:30Z,calcium,9.1,mg/dL\x00\n")
    assert errors[2] == ("unit", "holds a NUL character")


def test_a_result_dated_after_today_is_refused():
    errors = _errors_by_line("2002,,2099-02-21T08:30Z,calcium,9.1,mg/dL\n")
    assert errors[2][0] == "collected_at"
    assert "2099-02-21 is in the future" in errors[2][1]


def test_a_result_dated_today_is_accepted():
    assert _errors_by_line("2002,,2025-06-01T08:30Z,calcium,9.1,mg/dL\n") == {}
