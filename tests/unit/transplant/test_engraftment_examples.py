"""Worked examples of the ASTCT 2021 engraftment definitions; expected days written by hand."""

from __future__ import annotations

import pytest

from engraft.core.transplant import (
    EngraftmentStatus,
    neutrophil_engraftment,
    platelet_engraftment,
)

from .builders import APLASIA, DAY0, on, series

# (name, ANC by day after the aplasia of days 0-9, expected engraftment day or None)
NEUTROPHIL_EXAMPLES = [
    ("classic recovery", {12: 0.3, 14: 0.6, 15: 0.8, 16: 1.0}, 14),
    ("a low value breaks a run", {14: 0.6, 15: 0.7, 16: 0.4, 17: 0.6, 18: 0.7, 19: 0.9}, 17),
    ("exactly 0.5 qualifies", {10: 0.5, 11: 0.5, 12: 0.5}, 10),
    ("just under 0.5 does not", {10: 0.5, 11: 0.49, 12: 0.5, 13: 0.5}, None),
    ("two missing days inside a run", {12: 0.6, 13: 0.7, 16: 0.8}, 12),
    ("three missing days break a run", {12: 0.6, 13: 0.7, 17: 0.8, 18: 0.9, 19: 1.0}, 17),
    ("only two measurements so far", {20: 0.9, 21: 1.1}, None),
]


@pytest.mark.parametrize(
    ("anc", "expected"),
    [(anc, day) for _, anc, day in NEUTROPHIL_EXAMPLES],
    ids=[name for name, _, _ in NEUTROPHIL_EXAMPLES],
)
def test_neutrophil_engraftment_day(anc: dict[int, float], expected: int | None) -> None:
    result = neutrophil_engraftment(series(APLASIA | anc), DAY0, on(40))
    assert result.day == expected
    if expected is not None:
        assert result.status is EngraftmentStatus.ENGRAFTED
        assert result.date == on(expected)
        assert result.qualifying[0].day == expected
        assert len(result.qualifying) == 3


def test_counts_before_the_nadir_do_not_count() -> None:
    # Residual counts on days 0-2 are above 0.5; the aplasia follows, then recovery on day 12.
    anc = {0: 2.0, 1: 1.5, 2: 1.0, 3: 0.2, 5: 0.0, 8: 0.1, 12: 0.6, 13: 0.7, 14: 0.8}
    result = neutrophil_engraftment(series(anc), DAY0, on(20))
    assert result.day == 12
    assert result.nadir is not None
    assert (result.nadir.day, result.nadir.value) == (5, 0.0)


def test_counts_before_day_0_are_not_used() -> None:
    anc = {-6: 0.1, -3: 0.8, -2: 0.9, -1: 1.0, 0: 1.1, 1: 1.2}
    result = neutrophil_engraftment(series(anc), DAY0, on(5))
    assert result.status is EngraftmentStatus.NO_NADIR
    assert result.day is None


def test_two_values_on_one_day_use_the_lowest_and_say_so() -> None:
    anc = [*APLASIA.items(), (12, 0.6), (13, 0.7), (13, 0.3), (14, 0.8), (15, 0.9), (16, 1.0)]
    result = neutrophil_engraftment(series(anc), DAY0, on(20))
    assert result.day == 14
    assert any(
        "lowest of 2 values" in r
        for r in neutrophil_engraftment(
            series([*APLASIA.items(), (12, 0.6), (12, 0.9), (13, 0.7), (14, 0.8)]), DAY0, on(20)
        ).reasons
    )


def test_values_after_the_as_of_date_are_ignored() -> None:
    anc = APLASIA | {14: 0.6, 15: 0.8, 16: 1.0}
    assert neutrophil_engraftment(series(anc), DAY0, on(15)).day is None
    assert neutrophil_engraftment(series(anc), DAY0, on(16)).day == 14


def test_the_result_cites_astct_2021() -> None:
    result = neutrophil_engraftment(series(APLASIA | {14: 0.6, 15: 0.8, 16: 1.0}), DAY0, on(20))
    assert "kharfan-dabaja2021" in {c.source_id for c in result.citations}
    assert {"nadir", "same_day_values", "missing_day"} <= set(result.choices)


PLATELETS = {4: 15, 6: 10, 8: 12} | {day: 25 + day for day in range(10, 21)}

# (name, platelet transfusion days, expected platelet engraftment day)
PLATELET_EXAMPLES = [
    ("no transfusion", [], 10),
    ("transfusion 8 days before is outside the window", [2], 10),
    ("transfusion 7 days before blocks that day", [3], 11),
    ("transfusion on the first day blocks it and the next 7 (in-house)", [10], 18),
    ("transfusion on the second day of the run does not block the first", [11], 10),
    ("transfusion the day before blocks the next seven starts", [9], 17),
]


@pytest.mark.parametrize(
    ("transfused", "expected"),
    [(t, day) for _, t, day in PLATELET_EXAMPLES],
    ids=[name for name, _, _ in PLATELET_EXAMPLES],
)
def test_platelet_engraftment_day(transfused: list[int], expected: int | None) -> None:
    result = platelet_engraftment(series(PLATELETS), [on(d) for d in transfused], DAY0, on(20))
    assert result.day == expected


def test_a_blocked_platelet_run_names_the_transfusion() -> None:
    result = platelet_engraftment(series(PLATELETS), [on(3)], DAY0, on(20))
    assert any("day +10" in r and "day +3" in r for r in result.reasons)
