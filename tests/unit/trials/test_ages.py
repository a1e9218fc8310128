"""Age strings to inclusive whole-day bounds (365.25 days a year, 30.4375 a month: in-house)."""

from __future__ import annotations

import pytest

from engraft.core.trials import LimitKind, parse_age_limit
from engraft.core.trials.ages import AgeStringError


@pytest.mark.parametrize(
    ("text", "kind", "days"),
    [
        ("6 Months", LimitKind.MINIMUM, 183),  # 182.625 rounded up
        ("6 Months", LimitKind.MAXIMUM, 182),  # rounded down
        ("18 Years", LimitKind.MAXIMUM, 6574),  # 6574.5
        ("18 Years", LimitKind.MINIMUM, 6575),
        ("2 Years", LimitKind.MINIMUM, 731),  # 730.5
        ("4 Weeks", LimitKind.MINIMUM, 28),
        ("30 Days", LimitKind.MAXIMUM, 30),
        ("48 Hours", LimitKind.MINIMUM, 2),
        ("1 Year", LimitKind.MAXIMUM, 365),
        ("1 Month", LimitKind.MINIMUM, 31),  # 30.4375
    ],
)
def test_age_string_becomes_inclusive_whole_days(text, kind, days):
    assert parse_age_limit(text, kind).days == days


@pytest.mark.parametrize("text", [None, "", "N/A"])
def test_absent_or_not_applicable_is_no_limit(text):
    assert parse_age_limit(text, LimitKind.MINIMUM) is None


@pytest.mark.parametrize("text", ["6 Moons", "Years", "18", "-1 Years", "six months"])
def test_a_text_that_is_not_an_age_is_refused(text):
    with pytest.raises(AgeStringError, match="is not an age"):
        parse_age_limit(text, LimitKind.MAXIMUM)


def test_limit_admits_its_own_bound():
    minimum = parse_age_limit("6 Months", LimitKind.MINIMUM)
    assert minimum.admits(183) and not minimum.admits(182)
    maximum = parse_age_limit("18 Years", LimitKind.MAXIMUM)
    assert maximum.admits(6574) and not maximum.admits(6575)
