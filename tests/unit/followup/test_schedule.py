"""The follow-up schedule from day 0, with explicit dates worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from engraft.core.followup import (
    FollowUpInputError,
    VisitState,
    add_months,
    follow_up_schedule,
)

DAY0 = date(2026, 1, 15)


def _visit(visits, item: str, timepoint: str):
    return next(v for v in visits if v.item == item and v.timepoint == timepoint)


def _states(visits, item: str) -> dict[str, str]:
    return {v.timepoint: v.state.value for v in visits if v.item == item}


def test_visits_fall_on_day_30_day_100_six_months_one_year_then_yearly() -> None:
    visits = follow_up_schedule(DAY0, date(2028, 6, 1))
    chimerism = [(v.label, v.due) for v in visits if v.item == "chimerism"]
    assert chimerism == [
        ("day +30", date(2026, 2, 14)),
        ("day +100", date(2026, 4, 25)),
        ("6 months", date(2026, 7, 15)),
        ("1 year", date(2027, 1, 15)),
        ("year 2", date(2028, 1, 15)),
        ("year 3", date(2029, 1, 15)),
    ]


def test_visits_come_sorted_by_due_date() -> None:
    visits = follow_up_schedule(DAY0, date(2027, 6, 1))
    assert [v.due for v in visits] == sorted(v.due for v in visits)


def test_each_item_has_its_discipline() -> None:
    visits = follow_up_schedule(DAY0, date(2027, 6, 1))
    assert {v.item: v.discipline for v in visits} == {
        "vision": "ophthalmology",
        "hearing": "audiology",
        "growth": "nutrition",
        "development": "neuropsychology",
        "endocrine": "endocrinology",
        "dental": "dental",
        "bone": "radiology",
        "chimerism": "laboratory",
        "immune_reconstitution": "laboratory",
    }


def test_done_due_overdue_and_upcoming_on_day_95() -> None:
    visits = follow_up_schedule(DAY0, date(2026, 4, 20), [("chimerism", date(2026, 2, 10))])
    assert _states(visits, "chimerism") == {
        "day_30": "done",
        "day_100": "due",
        "month_6": "upcoming",
        "year_1": "upcoming",
        "year_2": "upcoming",
    }
    assert _visit(visits, "chimerism", "day_30").done_on == date(2026, 2, 10)
    assert _visit(visits, "growth", "day_30").state is VisitState.OVERDUE
    assert _visit(visits, "vision", "day_100").state is VisitState.DUE
    assert _visit(visits, "hearing", "month_6").state is VisitState.UPCOMING


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        (date(2026, 4, 10), VisitState.UPCOMING),  # day +95: the day +100 window opens day +86
        (date(2026, 4, 11), VisitState.DUE),  # day +86, first day of the 14-day window
        (date(2026, 5, 9), VisitState.DUE),  # day +114, last day of the window
        (date(2026, 5, 10), VisitState.OVERDUE),  # day +115
    ],
)
def test_the_day_100_window_is_14_days_either_side(as_of: date, state: VisitState) -> None:
    visits = follow_up_schedule(DAY0, as_of)
    visit = _visit(visits, "vision", "day_100")
    assert (visit.window_start, visit.window_end) == (date(2026, 4, 11), date(2026, 5, 9))
    assert visit.state is state


def test_a_late_completion_still_counts_for_the_visit_it_was_late_for() -> None:
    visits = follow_up_schedule(DAY0, date(2026, 6, 1), [("vision", date(2026, 5, 20))])
    assert _visit(visits, "vision", "day_100").state is VisitState.DONE
    assert _visit(visits, "vision", "day_100").done_on == date(2026, 5, 20)


def test_a_completion_in_the_next_window_counts_for_the_next_visit() -> None:
    visits = follow_up_schedule(DAY0, date(2026, 6, 30), [("chimerism", date(2026, 6, 20))])
    assert _visit(visits, "chimerism", "day_100").state is VisitState.OVERDUE
    assert _visit(visits, "chimerism", "month_6").state is VisitState.DONE


def test_a_completion_before_the_first_window_counts_for_no_visit() -> None:
    # Day +5 chimerism is early surveillance, not the day +30 visit (window opens day +23).
    visits = follow_up_schedule(DAY0, date(2026, 2, 1), [("chimerism", date(2026, 1, 20))])
    assert _visit(visits, "chimerism", "day_30").state is VisitState.UPCOMING


def test_yearly_visits_continue_past_the_first_year() -> None:
    visits = follow_up_schedule(DAY0, date(2031, 2, 1), [("dental", date(2031, 1, 10))])
    assert _states(visits, "dental") == {
        "year_1": "overdue",
        "year_2": "overdue",
        "year_3": "overdue",
        "year_4": "overdue",
        "year_5": "done",
        "year_6": "upcoming",
    }
    assert _visit(visits, "dental", "year_5").window_start == date(2030, 11, 16)


def test_visits_cite_their_sources_with_in_house_windows_labelled() -> None:
    visit = _visit(follow_up_schedule(DAY0, date(2026, 4, 20)), "vision", "day_100")
    labels = {(c.source_id, c.evidence) for c in visit.citations}
    assert ("cibmtr-fim-2450", "V") in labels
    assert ("in-house", "in-house") in labels


def test_a_completion_in_the_future_is_refused() -> None:
    with pytest.raises(FollowUpInputError, match=r"done\[0\] \(hearing\): 2026-08-02 is after"):
        follow_up_schedule(DAY0, date(2026, 8, 1), [("hearing", date(2026, 8, 2))])


def test_an_unknown_item_is_refused_by_name() -> None:
    with pytest.raises(FollowUpInputError, match=r"done\[1\]: unknown follow-up item 'eyes'"):
        follow_up_schedule(
            DAY0, date(2026, 8, 1), [("vision", date(2026, 4, 20)), ("eyes", date(2026, 5, 1))]
        )


def test_a_completion_without_a_date_is_refused() -> None:
    with pytest.raises(FollowUpInputError, match=r"done\[0\] \(vision\): a date is needed"):
        follow_up_schedule(DAY0, date(2026, 8, 1), [("vision", "2026-04-20")])


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_month_end(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected
