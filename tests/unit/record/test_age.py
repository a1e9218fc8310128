"""A child's age at an event is shown in days, weeks, months or years and months."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engraft.core.record.age import EventBeforeBirthError, age_at

BIRTH = date(2024, 1, 31)


@pytest.mark.parametrize(
    ("on", "label"),
    [
        (date(2024, 1, 31), "0 days"),
        (date(2024, 2, 1), "1 day"),
        (date(2024, 2, 27), "27 days"),
        (date(2024, 2, 28), "4 weeks"),
        (date(2024, 4, 30), "12 weeks"),
        (date(2024, 5, 1), "3 months"),
        (date(2025, 12, 30), "22 months"),
        (date(2026, 1, 31), "2 years"),
        (date(2027, 4, 30), "3 years 2 months"),
    ],
)
def test_age_label_uses_the_unit_for_that_age(on, label):
    assert age_at(BIRTH, on).label == label


def test_a_datetime_event_uses_its_date():
    assert age_at(BIRTH, datetime(2024, 2, 1, 23, tzinfo=UTC)).days == 1


def test_event_before_birth_is_refused():
    with pytest.raises(EventBeforeBirthError):
        age_at(BIRTH, date(2024, 1, 30))


@given(st.dates(date(2000, 1, 1), date(2030, 1, 1)), st.integers(0, 8000))
def test_age_grows_with_the_event_date(birth, days):
    from datetime import timedelta

    later = age_at(birth, birth + timedelta(days=days + 1))
    earlier = age_at(birth, birth + timedelta(days=days))
    assert later.days == earlier.days + 1
    assert later.months >= earlier.months
