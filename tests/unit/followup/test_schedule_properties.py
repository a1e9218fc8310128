"""Properties of the follow-up schedule over random days and completions."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from engraft.core.followup import VisitState, follow_up_schedule, load_followup_knowledge

DAY0 = date(2025, 3, 31)
days_after = st.integers(min_value=0, max_value=6 * 365)
items = st.sampled_from(sorted(load_followup_knowledge().items))


@given(offset=days_after)
def test_states_agree_with_the_window_on_the_day_asked(offset: int) -> None:
    as_of = DAY0 + timedelta(days=offset)
    for v in follow_up_schedule(DAY0, as_of):
        assert v.window_start <= v.due <= v.window_end
        expected = (
            VisitState.UPCOMING
            if as_of < v.window_start
            else VisitState.DUE
            if as_of <= v.window_end
            else VisitState.OVERDUE
        )
        assert v.state is expected


@given(offset=days_after, done=st.lists(st.tuples(items, days_after), max_size=8))
def test_each_item_has_a_next_visit_still_ahead(offset: int, done: list) -> None:
    as_of = DAY0 + timedelta(days=offset)
    completions = [(i, DAY0 + timedelta(days=d)) for i, d in done if d <= offset]
    visits = follow_up_schedule(DAY0, as_of, completions)
    for item in load_followup_knowledge().items:
        assert any(v.item == item and v.window_start > as_of for v in visits), item
    for v in visits:
        if v.state is VisitState.DONE:
            assert v.done_on is not None
            assert v.window_start <= v.done_on <= as_of
