"""Programme quality measures per year, and the strata an analysis is split by."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from engraft.core.outcomes import ProgrammeDates, quality_measures
from engraft.core.outcomes.quality import quality_table
from engraft.core.outcomes.strata import group_outcomes
from engraft.core.outcomes.tables import Count, Withheld, suppress
from tests.unit.outcomes.builders import transplant


def _child(n, birth, referral, assessment=None, donor=None, transplanted=None):
    return ProgrammeDates(f"C{n}", birth, referral, assessment, donor, transplanted)


def test_the_measures_of_a_year_by_hand():
    children = [
        # born 1 Jan, referred at 20 days, assessed 5 days later, donor at 30, HSCT at 80 days old
        _child(
            1,
            date(2024, 1, 1),
            date(2024, 1, 21),
            date(2024, 1, 26),
            date(2024, 2, 20),
            date(2024, 3, 21),
        ),
        # referred at 61 days, assessed after 9, donor at 40, HSCT at 151 days old (5 months)
        _child(
            2,
            date(2024, 3, 1),
            date(2024, 5, 1),
            date(2024, 5, 10),
            date(2024, 6, 10),
            date(2024, 7, 30),
        ),
        # referred, assessed after 2 days, still waiting for a donor
        _child(3, date(2024, 6, 1), date(2024, 8, 1), date(2024, 8, 3)),
        _child(4, date(2023, 1, 1), date(2023, 12, 30)),
    ]
    y2023, y2024 = quality_measures(children)
    assert (y2023.year, y2023.referred, y2023.transplanted) == (2023, 1, 0)
    assert y2023.referral_to_assessment.n == 0 and y2023.referral_to_assessment.median is None
    assert y2024.referred == 3 and y2024.transplanted == 2
    assert y2024.referral_to_assessment.median == 5  # of 5, 9, 2
    assert y2024.referral_to_donor.n == 2 and y2024.referral_to_donor.median == pytest.approx(
        35
    )  # 30, 40
    assert y2024.referral_to_transplant.median == pytest.approx((60 + 90) / 2)
    assert y2024.age_at_transplant.median == pytest.approx((80 + 151) / 2)
    assert y2024.transplanted_before == {3: 1, 6: 2}  # 80 days < 91.3; 151 < 182.6


def test_dates_out_of_order_are_refused():
    with pytest.raises(ValueError, match="before the referral"):
        _child(1, date(2024, 1, 1), date(2024, 2, 1), date(2024, 1, 15))


def test_the_quality_table_withholds_small_years():
    children = [_child(i, date(2024, 1, 1), date(2024, 2, 1), date(2024, 2, 3)) for i in range(5)]
    table = suppress(quality_table(quality_measures(children)), 11)
    row = table.rows[0]
    assert all(isinstance(c, Withheld) for c in row[1:])


def test_a_large_year_shows_its_counts():
    # 52 referred in 2024: 13 wait for assessment; 39 assessed, with a donor, transplanted
    # at 60, 120 and 200 days of age (13 each): 13 before 3 months, 26 before 6 months.
    birth = date(2024, 1, 1)
    children = [_child(i, birth, date(2024, 1, 20)) for i in range(13)]
    for k, age in enumerate((60, 120, 200)):
        for i in range(13):
            day = birth + timedelta(days=age)
            children.append(
                _child(
                    100 * k + i, birth, date(2024, 1, 20), date(2024, 1, 25), date(2024, 2, 10), day
                )
            )
    row = suppress(quality_table(quality_measures(children)), 11).rows[0]
    assert [row[j] for j in (1, 2, 4, 6, 9, 11)] == [Count(n) for n in (52, 39, 39, 39, 13, 26)]


def test_a_remainder_of_zero_is_withheld_too():
    # All 30 referred were transplanted: "0 not transplanted" is a small cell as well.
    children = [
        _child(
            i,
            date(2024, 1, 1),
            date(2024, 1, 20),
            date(2024, 1, 25),
            date(2024, 2, 10),
            date(2024, 3, 1),
        )
        for i in range(30)
    ]
    row = suppress(quality_table(quality_measures(children)), 11).rows[0]
    assert row[1] == Count(30) and isinstance(row[6], Withheld)


def test_91_days_is_under_3_months_and_92_is_not():
    groups = group_outcomes(
        [
            transplant(1, last=10, age=91),
            transplant(2, last=10, age=92),
            transplant(3, last=10, age=None),
        ],
        "age_group",
    )
    assert [(g.label, g.members) for g in groups] == [
        ("under 3 months", (0,)),
        ("3 months or older", (1,)),
        ("not recorded", (2,)),
    ]


def test_eras_are_decades_unless_breaks_are_given():
    cohort = [
        replace(transplant(i, last=10), transplant_date=date(year, 6, 1))
        for i, year in enumerate((1993, 1999, 2004, 2021))
    ]
    assert [g.label for g in group_outcomes(cohort, "era")] == [
        "1990-1999",
        "2000-2009",
        "2020-2029",
    ]
    labels = [g.label for g in group_outcomes(cohort, "era", era_breaks=(1994, 2010))]
    assert labels == ["before 1994", "1994-2009", "2010 or later"]


def test_an_unknown_stratum_is_refused():
    with pytest.raises(ValueError, match="unknown stratum"):
        group_outcomes([], "hospital")
