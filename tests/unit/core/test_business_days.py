from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engraft.core.business_days import add_business_days, is_business_day, is_past_due

FRIDAY = date(2026, 11, 27)


def test_two_business_days_after_a_friday_is_the_tuesday():
    assert add_business_days(FRIDAY, 2) == date(2026, 12, 1)


def test_a_weekend_receipt_counts_from_monday():
    saturday = date(2026, 11, 28)
    assert add_business_days(saturday, 1) == date(2026, 11, 30)


def test_past_due_starts_the_day_after_the_allowance():
    assert not is_past_due(FRIDAY, date(2026, 12, 1), 2)
    assert is_past_due(FRIDAY, date(2026, 12, 2), 2)


def test_negative_allowance_is_refused():
    with pytest.raises(ValueError, match="negative"):
        add_business_days(FRIDAY, -1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 60))
def test_the_result_is_always_a_business_day_and_never_earlier(start, days):
    result = add_business_days(start, days)
    assert is_business_day(result)
    assert result > start
    assert (result - start).days <= days + 2 * (days // 5 + 1)
