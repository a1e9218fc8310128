"""The registry-style outcomes CSV: what it reads, and the row and column of every refusal."""

from __future__ import annotations

from datetime import date

import pytest

from engraft.core.assessment.case import DonorType
from engraft.core.outcomes import (
    COLUMNS,
    EventStatus,
    read_outcomes_csv,
    synthetic_outcomes,
    write_outcomes_csv,
)
from engraft.core.transplant.episode import GraftSource

TODAY = date(2026, 12, 2)
HEADER = ",".join(COLUMNS)


def _row(**cells: str) -> str:
    base = {
        "transplant_id": "T1",
        "transplant_date": "2020-05-04",
        "last_contact_day": "400",
    }
    base.update(cells)
    return ",".join(base.get(c, "") for c in COLUMNS)


def _read(*rows: str, header: str = HEADER):
    return read_outcomes_csv([header + "\n", *(r + "\n" for r in rows)], today=TODAY)


def _errors(*rows: str) -> list[str]:
    return [str(e) for e in _read(*rows).errors]


def test_an_empty_event_cell_is_unknown_and_no_is_no_event():
    report = _read(_row(graft_failure_day="", vod_day="no", neutrophil_engraftment_day="18"))
    assert report.errors == []
    (outcome,) = report.outcomes
    assert outcome.graft_failure.status is EventStatus.UNKNOWN
    assert outcome.vod.status is EventStatus.NONE
    assert outcome.neutrophil_engraftment.day == 18
    assert outcome.death.status is EventStatus.UNKNOWN  # not given: not known, not alive
    assert outcome.donor_type is None and outcome.age_at_transplant_days is None


def test_unknown_is_accepted_as_a_word_too():
    (outcome,) = _read(_row(cgvhd_day="Unknown")).outcomes
    assert outcome.cgvhd.status is EventStatus.UNKNOWN


def test_a_child_who_died_may_leave_the_last_contact_empty():
    (outcome,) = _read(
        _row(death_day="45", death_cause="graft_failure", last_contact_day="")
    ).outcomes
    assert outcome.death.day == 45 and outcome.last_contact_day == 45
    assert outcome.death_cause.value == "graft_failure"


def test_haplo_is_read_as_mmrd_and_short_graft_sources_are_accepted():
    (outcome,) = _read(_row(donor_type="haplo", graft_source="PBSC")).outcomes
    assert outcome.donor_type is DonorType.MMRD
    assert outcome.graft_source is GraftSource.PERIPHERAL_BLOOD


def test_a_written_file_reads_back_the_same():
    cohort = synthetic_outcomes(200, seed=5, end_date=date(2025, 1, 1))
    text = list(write_outcomes_csv(cohort))
    assert text[0].strip() == HEADER
    report = read_outcomes_csv(text, today=TODAY)
    assert report.errors == []
    assert report.outcomes == cohort


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"transplant_date": "2020-13-01"},
            "row 2, transplant_date: '2020-13-01' is not a date written YYYY-MM-DD",
        ),
        (
            {"transplant_date": "04/05/2020"},
            "row 2, transplant_date: '04/05/2020' is not a date written YYYY-MM-DD",
        ),
        (
            {"transplant_date": "2027-01-01"},
            "row 2, transplant_date: 2027-01-01 is in the future (today is 2026-12-02)",
        ),
        (
            {"last_contact_day": "2500"},
            "row 2, last_contact_day: day 2500 is 2027-03-09, in the future (today is 2026-12-02)",
        ),
        ({"last_contact_day": ""}, "row 2, last_contact_day: is empty"),
        (
            {"last_contact_day": "-3"},
            "row 2, last_contact_day: '-3' is not a whole number of days (0 or more)",
        ),
        (
            {"age_at_transplant_days": "3.5"},
            "row 2, age_at_transplant_days: '3.5' is not a whole number of days (0 or more)",
        ),
        (
            {"donor_type": "sibling"},
            "row 2, donor_type: 'sibling' is not a donor type "
            "(MSD, MRD, MUD, MMRD or haplo, MMUD, UCB)",
        ),
        (
            {"graft_source": "liver"},
            "row 2, graft_source: 'liver' is not a graft source "
            "(bone_marrow, peripheral_blood, cord_blood)",
        ),
        (
            {"donor_type": "UCB", "graft_source": "bone_marrow"},
            "row 2, graft_source: is bone_marrow, but the donor type is unrelated cord blood (UCB)",
        ),
        (
            {"vod_day": "yes"},
            "row 2, vod_day: 'yes' is not a day number, 'no' (did not happen) or empty (not known)",
        ),
        ({"vod_day": "500"}, "row 2, vod_day: day 500 is after the end of follow-up (day 400)"),
        (
            {"death_day": "30", "last_contact_day": "400"},
            "row 2, last_contact_day: is day 400, but the child died on day 30: "
            "for a child who died, the last contact is the day of death",
        ),
        (
            {"death_cause": "infection", "death_day": "no"},
            "row 2, death_cause: is given, but no death is recorded",
        ),
        (
            {"death_cause": "old age", "death_day": "10", "last_contact_day": "10"},
            "row 2, death_cause: 'old age' is not a cause of death "
            "(graft_failure, infection, vod, pulmonary, gvhd, other)",
        ),
        (
            {"transplant_id": "T 1"},
            "row 2, transplant_id: 'T 1': use letters, digits and . _ : / - only (no spaces)",
        ),
        ({"transplant_id": ""}, "row 2, transplant_id: is empty"),
        ({"gene": "BRCA1"}, "row 2, gene: 'BRCA1' is not a gene of the knowledge base"),
        ({"conditioning": "tbi_cy"}, "row 2, conditioning: 'tbi_cy' is not a regimen of the list"),
    ],
)
def test_a_bad_cell_is_refused_naming_its_row_and_column(cells, expected):
    errors = _errors(_row(**cells))
    assert any(e.startswith(expected) for e in errors), errors


def test_every_bad_cell_of_a_row_is_reported_and_good_rows_still_read():
    report = _read(
        _row(transplant_id="A1"),
        _row(transplant_id="A2", donor_type="x", vod_day="soon"),
        _row(transplant_id="A3"),
    )
    assert [o.transplant_id for o in report.outcomes] == ["A1", "A3"]
    assert [(e.row, e.column) for e in report.errors] == [(3, "donor_type"), (3, "vod_day")]


def test_a_repeated_transplant_id_is_refused_with_the_first_row():
    errors = _errors(_row(), _row())
    assert errors == ["row 3, transplant_id: 'T1' is also on row 2"]


def test_a_header_without_a_required_column_is_refused():
    report = _read("T1,2020-01-01", header="transplant_id,transplant_date")
    assert [str(e) for e in report.errors] == [
        "row 1, last_contact_day: missing column(s) in the header row"
    ]


def test_a_row_with_more_values_than_columns_is_refused():
    assert _errors(_row() + ",extra") == ["row 2, row: more values than columns in the header"]


def test_unknown_columns_are_ignored_and_a_byte_order_mark_is_allowed():
    header = "\ufeff" + HEADER + ",note"
    report = _read(_row() + ",free text", header=header)
    assert report.errors == [] and len(report.outcomes) == 1


def test_the_file_is_read_as_a_stream():
    from engraft.core.outcomes import iter_outcomes_csv

    def lines():
        yield HEADER + "\n"
        for i in range(3):
            yield _row(transplant_id=f"S{i}") + "\n"
        raise AssertionError("read past the row asked for")

    stream = iter_outcomes_csv(lines(), today=TODAY)
    assert next(stream).transplant_id == "S0"
