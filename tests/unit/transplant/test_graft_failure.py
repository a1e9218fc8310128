"""Primary graft failure limits (+30 marrow/blood, +42 cord), late engraftment, secondary loss."""

from __future__ import annotations

import pytest

from engraft.core.transplant import (
    GraftSource,
    GraftStatus,
    graft_failure,
    neutrophil_engraftment,
)

from .builders import APLASIA, DAY0, on, series

NO_RECOVERY = APLASIA | {d: 0.1 for d in range(10, 61)}


def _status(anc: dict[int, float], source: GraftSource, as_of_day: int, support=()):
    values = series(anc)
    neutrophil = neutrophil_engraftment(values, DAY0, on(as_of_day))
    return graft_failure(neutrophil, values, support, source, DAY0, on(as_of_day))


def test_not_yet_says_how_many_days_to_the_limit() -> None:
    result = _status(NO_RECOVERY, GraftSource.BONE_MARROW, 19)
    assert result.status is GraftStatus.NOT_YET
    assert result.days_to_limit == 11
    assert result.label == "day +19, no engraftment yet, 11 days to the day +30 limit"


# (graft source, as-of day, expected status) for a graft that never recovers
LIMITS = [
    (GraftSource.BONE_MARROW, 30, GraftStatus.NOT_YET),
    (GraftSource.BONE_MARROW, 31, GraftStatus.PRIMARY_GRAFT_FAILURE),
    (GraftSource.PERIPHERAL_BLOOD, 31, GraftStatus.PRIMARY_GRAFT_FAILURE),
    (GraftSource.CORD_BLOOD, 31, GraftStatus.NOT_YET),
    (GraftSource.CORD_BLOOD, 42, GraftStatus.NOT_YET),
    (GraftSource.CORD_BLOOD, 43, GraftStatus.PRIMARY_GRAFT_FAILURE),
]


@pytest.mark.parametrize(("source", "as_of_day", "expected"), LIMITS)
def test_primary_graft_failure_limit_by_graft_source(
    source: GraftSource, as_of_day: int, expected: GraftStatus
) -> None:
    assert _status(NO_RECOVERY, source, as_of_day).status is expected


def test_primary_graft_failure_names_the_limit_and_the_pancytopenia_caveat() -> None:
    result = _status(NO_RECOVERY, GraftSource.CORD_BLOOD, 45)
    assert (
        result.label == "primary graft failure: no neutrophil engraftment by day +42 (2026-04-21)"
    )
    assert "pancytopenia" in result.choices


# (graft source, first day of engraftment, expected status)
LATE = [
    (GraftSource.BONE_MARROW, 30, GraftStatus.ENGRAFTED),
    (GraftSource.BONE_MARROW, 31, GraftStatus.LATE_ENGRAFTMENT),
    (GraftSource.CORD_BLOOD, 31, GraftStatus.ENGRAFTED),
    (GraftSource.CORD_BLOOD, 42, GraftStatus.ENGRAFTED),
    (GraftSource.CORD_BLOOD, 43, GraftStatus.LATE_ENGRAFTMENT),
]


@pytest.mark.parametrize(("source", "first_day", "expected"), LATE)
def test_engraftment_after_the_limit_is_late_engraftment(
    source: GraftSource, first_day: int, expected: GraftStatus
) -> None:
    anc = NO_RECOVERY | {first_day: 0.6, first_day + 1: 0.8, first_day + 2: 1.0}
    anc = {d: v for d, v in anc.items() if d <= first_day + 2}
    assert _status(anc, source, first_day + 5).status is expected


def test_a_run_begun_by_the_limit_is_pending_not_failure() -> None:
    anc = {d: v for d, v in (NO_RECOVERY | {30: 0.6, 31: 0.7}).items() if d <= 31}
    result = _status(anc, GraftSource.BONE_MARROW, 31)
    assert result.status is GraftStatus.PENDING
    assert [m.day for m in result.qualifying] == [30, 31]


def test_loss_of_counts_needing_support_is_secondary_graft_failure() -> None:
    anc = APLASIA | {12: 0.6, 13: 0.8, 14: 1.0, 20: 1.2, 30: 0.3, 31: 0.2, 32: 0.1}
    result = _status(anc, GraftSource.BONE_MARROW, 35, support=[(on(33), "red_cells")])
    assert result.status is GraftStatus.SECONDARY_GRAFT_FAILURE
    assert [m.day for m in result.qualifying] == [30, 31, 32]


def test_loss_of_counts_without_support_is_not_yet_secondary_graft_failure() -> None:
    anc = APLASIA | {12: 0.6, 13: 0.8, 14: 1.0, 20: 1.2, 30: 0.3, 31: 0.2, 32: 0.1}
    result = _status(anc, GraftSource.BONE_MARROW, 35, support=[(on(41), "red_cells")])
    assert result.status is GraftStatus.COUNT_LOSS_WITHOUT_SUPPORT


def test_an_anc_that_never_fell_is_not_assessable_after_the_limit() -> None:
    result = _status({d: 1.5 for d in range(0, 35)}, GraftSource.BONE_MARROW, 34)
    assert result.status is GraftStatus.NOT_ASSESSABLE


def test_before_day_0_nothing_is_judged() -> None:
    assert _status({}, GraftSource.BONE_MARROW, -3).status is GraftStatus.BEFORE_DAY0


def test_late_engraftment_shows_both_the_day_and_the_criterion_met_at_the_limit() -> None:
    anc = {d: v for d, v in (NO_RECOVERY | {33: 0.6, 34: 0.8, 35: 1.0}).items() if d <= 35}
    result = _status(anc, GraftSource.BONE_MARROW, 40)
    assert result.label == "late engraftment on day +33, after the day +30 limit"
    assert any("criterion was met on day +30 (2026-04-09)" in r for r in result.reasons)
    assert "late_engraftment" in result.choices


def test_a_run_in_progress_is_named_while_waiting() -> None:
    anc = {d: v for d, v in (NO_RECOVERY | {18: 0.6, 19: 0.7}).items() if d <= 19}
    result = _status(anc, GraftSource.BONE_MARROW, 19)
    assert any(r.startswith("2 of 3 measurements so far from day +18") for r in result.reasons)
