"""Property tests of the engraftment computation (issue 10, section 5).

- values after the day engraftment was established never change it;
- a platelet transfusion inside the 7-day window blocks that day; one just outside does not;
- two values on one day count as one measurement (the lowest);
- a value below the threshold breaks a run;
- cord blood and marrow limits differ exactly at day +30 / +42;
- values after the as-of date are ignored.
"""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from engraft.core.transplant import (
    GraftSource,
    GraftStatus,
    graft_failure,
    neutrophil_engraftment,
    platelet_engraftment,
)

from .builders import DAY0, on

ANC_LEVELS = [0.0, 0.1, 0.3, 0.49, 0.5, 0.6, 1.0, 2.5]
PLATELET_LEVELS = [5.0, 12.0, 19.0, 20.0, 25.0, 40.0, 80.0]


def _days(levels: list[float], last_day: int = 45):
    """{day: value} over days 1..last_day with some days missing; day 1 is low (a nadir)."""
    return st.lists(
        st.one_of(st.none(), st.sampled_from(levels)), min_size=last_day, max_size=last_day
    ).map(lambda vals: {0: levels[0]} | {d + 1: v for d, v in enumerate(vals) if v is not None})


def _pairs(by_day: dict[int, float]) -> list[tuple[date, float]]:
    return [(on(d), v) for d, v in sorted(by_day.items())]


AS_OF = on(60)


@settings(max_examples=150, deadline=None)
@given(_days(ANC_LEVELS), st.lists(st.tuples(st.integers(1, 30), st.sampled_from(ANC_LEVELS))))
def test_values_after_the_established_day_never_change_the_engraftment_day(anc, later) -> None:
    before = neutrophil_engraftment(_pairs(anc), DAY0, AS_OF)
    assume(before.established_on is not None)
    assert before.established_on is not None
    established = before.established_on.toordinal()
    more = _pairs(anc) + [(date.fromordinal(established + k), v) for k, v in later]
    after = neutrophil_engraftment(more, DAY0, on(100))
    assert (after.day, after.date) == (before.day, before.date)


@settings(max_examples=150, deadline=None)
@given(_days(PLATELET_LEVELS), st.integers(0, 7))
def test_a_platelet_transfusion_inside_the_7_day_window_blocks_that_day(plt, back) -> None:
    before = platelet_engraftment(_pairs(plt), [], DAY0, AS_OF)
    assume(before.day is not None and before.date is not None)
    assert before.date is not None
    transfused = date.fromordinal(before.date.toordinal() - back)
    after = platelet_engraftment(_pairs(plt), [transfused], DAY0, AS_OF)
    assert after.day != before.day
    assert after.day is None or after.day > before.day  # type: ignore[operator]


@settings(max_examples=150, deadline=None)
@given(_days(PLATELET_LEVELS))
def test_a_platelet_transfusion_8_days_before_does_not_block_that_day(plt) -> None:
    before = platelet_engraftment(_pairs(plt), [], DAY0, AS_OF)
    assume(before.date is not None)
    assert before.date is not None
    transfused = date.fromordinal(before.date.toordinal() - 8)
    assert platelet_engraftment(_pairs(plt), [transfused], DAY0, AS_OF).day == before.day


@settings(max_examples=150, deadline=None)
@given(_days(ANC_LEVELS), st.lists(st.tuples(st.integers(0, 45), st.sampled_from(ANC_LEVELS))))
def test_two_values_on_one_day_count_as_one_measurement_the_lowest(anc, duplicates) -> None:
    extra = [(d, v) for d, v in duplicates if d in anc]
    with_duplicates = _pairs(anc) + [(on(d), v) for d, v in extra]
    lowest = dict(anc)
    for d, v in extra:
        lowest[d] = min(lowest[d], v)
    a = neutrophil_engraftment(with_duplicates, DAY0, AS_OF)
    b = neutrophil_engraftment(_pairs(lowest), DAY0, AS_OF)
    assert (a.day, [m.day for m in a.qualifying]) == (b.day, [m.day for m in b.qualifying])


@settings(max_examples=150, deadline=None)
@given(_days(ANC_LEVELS), st.integers(0, 2), st.sampled_from([0.0, 0.2, 0.49]))
def test_a_value_below_the_threshold_breaks_a_run(anc, which, low) -> None:
    before = neutrophil_engraftment(_pairs(anc), DAY0, AS_OF)
    assume(before.day is not None)
    broken = dict(anc)
    broken[before.qualifying[which].day] = low
    after = neutrophil_engraftment(_pairs(broken), DAY0, AS_OF)
    assert after.day is None or after.day > before.day  # type: ignore[operator]


@settings(max_examples=100, deadline=None)
@given(_days([0.0, 0.1, 0.3, 0.49], last_day=60), st.integers(0, 60))
def test_cord_and_marrow_limits_differ_exactly_at_day_30_and_42(anc, as_of_day) -> None:
    def status(source: GraftSource) -> GraftStatus:
        values = _pairs(anc)
        neutrophil = neutrophil_engraftment(values, DAY0, on(as_of_day))
        return graft_failure(neutrophil, values, (), source, DAY0, on(as_of_day)).status

    failed = GraftStatus.PRIMARY_GRAFT_FAILURE
    assert (status(GraftSource.BONE_MARROW) is failed) == (as_of_day > 30)
    assert (status(GraftSource.PERIPHERAL_BLOOD) is failed) == (as_of_day > 30)
    assert (status(GraftSource.CORD_BLOOD) is failed) == (as_of_day > 42)


@settings(max_examples=100, deadline=None)
@given(_days(ANC_LEVELS), st.integers(0, 45))
def test_values_after_the_as_of_date_are_ignored(anc, as_of_day) -> None:
    cut = {d: v for d, v in anc.items() if d <= as_of_day}
    a = neutrophil_engraftment(_pairs(anc), DAY0, on(as_of_day))
    b = neutrophil_engraftment(_pairs(cut), DAY0, on(as_of_day))
    assert (a.status, a.day, a.label) == (b.status, b.day, b.label)
