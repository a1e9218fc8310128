"""The estimators against results known independently of the code under test.

Expected values are written here from the sources or from arithmetic done by hand (in the
comments), never read from the code they check.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from engraft.core.outcomes.endpoints import CENSORED, COMPETING, EVENT
from engraft.core.outcomes.incidence import cumulative_incidence
from engraft.core.outcomes.survival import kaplan_meier, log_rank

Z95 = 1.959963984540054  # the 97.5th centile of the standard normal


def test_load_bmt_cause_1_exact_cumulative_incidence_is_0_273_at_the_end():
    # software.md 4.1 / toolchain.md: on load_bmt, the exact Aalen-Johansen CIF of cause 1 at
    # the last time (72) is 0.2728, cause 2 0.4813; 1 - KM would give 0.33.
    from sksurv.datasets import load_bmt

    _, y = load_bmt()
    status = np.asarray(y["status"], dtype=np.int64)
    time = np.asarray(y["ftime"], dtype=float)
    assert time.max() == 72
    cause1 = cumulative_incidence(time, status, report_days=(72,), risk_days=(0,))
    assert cause1.estimates[0].value == pytest.approx(0.2728, abs=5e-5)
    assert round(cause1.estimates[0].value, 3) == 0.273
    swapped = np.where(status == 1, COMPETING, np.where(status == 2, EVENT, CENSORED))
    cause2 = cumulative_incidence(time, swapped, report_days=(72,), risk_days=(0,))
    assert cause2.estimates[0].value == pytest.approx(0.4813, abs=5e-5)
    assert cause1.events == 9 and cause1.competing == 15 and cause1.n == 35  # 11/9/15


def test_kaplan_meier_matches_the_hand_computed_example():
    # 8 children: deaths on days 2, 3, 5, 5, 8; censored on days 3, 6, 9.
    # day 2: 8 at risk, 1 death -> S = 7/8 = 0.875
    # day 3: 7 at risk (the child censored on day 3 still counts), 1 death -> 0.875 * 6/7 = 0.75
    # day 5: 5 at risk, 2 deaths -> 0.75 * 3/5 = 0.45
    # day 8: 2 at risk (days 8 and 9), 1 death -> 0.45 * 1/2 = 0.225
    # Greenwood sum at day 5: 1/(8*7) + 1/(7*6) + 2/(5*3) = 0.175; log-log interval
    # exp(-exp(log(-log S) -/+ z * sqrt(0.175) / -log S)).
    times = np.array([2, 3, 3, 5, 5, 6, 8, 9], dtype=float)
    codes = np.array([1, 1, 0, 1, 1, 0, 1, 0])
    curve = kaplan_meier(times, codes, report_days=(2, 3, 5, 8, 10), risk_days=(0, 5, 9))
    values = [e.value for e in curve.estimates]
    assert values[:4] == pytest.approx([0.875, 0.75, 0.45, 0.225])
    assert values[4] is None  # day 10 is after the longest follow-up (day 9)
    greenwood = 1 / 56 + 1 / 42 + 2 / 15
    assert greenwood == pytest.approx(0.175)
    log_s = math.log(0.45)
    half = Z95 * math.sqrt(greenwood) / -log_s
    lower = math.exp(-math.exp(math.log(-log_s) + half))
    upper = math.exp(-math.exp(math.log(-log_s) - half))
    day5 = curve.estimates[2]
    assert (day5.lower, day5.upper) == pytest.approx((lower, upper))
    assert (round(lower, 4), round(upper, 4)) == (0.1076, 0.7513)
    assert day5.at_risk == 5
    assert curve.at_risk == ((0, 8), (5, 5), (9, 1))
    assert (curve.n, curve.events, curve.censored) == (8, 5, 3)
    assert curve.median_days == 5  # the first day S drops to 0.5 or below


def test_log_rank_matches_the_hand_computed_two_group_example():
    # A: deaths on days 1 and 3, censored on day 4. B: deaths on days 2, 5 and 6.
    # day 1: 3 + 3 at risk, 1 death in A: E_A = 3/6 = 0.5, V = 3*3*1*5/(36*5) = 0.25
    # day 2: 2 + 3, death in B: E_A = 2/5 = 0.4, V = 2*3*1*4/(25*4) = 0.24
    # day 3: 2 + 2, death in A: E_A = 0.5, V = 2*2*1*3/(16*3) = 0.25
    # days 5 and 6: nobody of A at risk: E_A = 0, V = 0
    # O_A = 2, E_A = 1.4, V = 0.74: chi-square = 0.6^2 / 0.74 = 0.486486..., 1 df,
    # p = erfc(sqrt(x / 2)) = 0.4855.
    times = np.array([1, 3, 4, 2, 5, 6], dtype=float)
    codes = np.array([1, 1, 0, 1, 1, 1])
    groups = np.array(["A", "A", "A", "B", "B", "B"], dtype=object)
    test = log_rank(times, codes, groups, ["A", "B"])
    assert test is not None
    assert test.statistic == pytest.approx(0.36 / 0.74)
    assert test.degrees_of_freedom == 1
    assert test.p_value == pytest.approx(math.erfc(math.sqrt((0.36 / 0.74) / 2)))
    assert round(test.p_value, 4) == 0.4855


def test_log_rank_agrees_with_lifelines_called_directly():
    from lifelines.statistics import logrank_test

    rng = np.random.default_rng(3)
    times = rng.integers(1, 900, 200).astype(float)
    codes = (rng.random(200) < 0.6).astype(np.int64)
    groups = np.where(rng.random(200) < 0.4, "young", "older").astype(object)
    ours = log_rank(times, codes, groups, ["young", "older"])
    young = groups == "young"
    theirs = logrank_test(times[young], times[~young], codes[young] == 1, codes[~young] == 1)
    assert ours is not None
    assert ours.statistic == pytest.approx(theirs.test_statistic)
    assert ours.p_value == pytest.approx(theirs.p_value)


def test_one_group_gives_no_log_rank_test():
    times = np.array([1.0, 2.0])
    assert log_rank(times, np.array([1, 0]), np.array(["A", "A"], dtype=object), ["A", "B"]) is None


def test_without_competing_events_the_incidence_is_one_minus_kaplan_meier():
    # Events on days 2, 4 and 4 among 6, censored on days 3, 5, 6 (no competing event):
    # day 2: 1/6 -> S = 5/6; day 4: 4 at risk (day 3 censored), 2 events -> S = 5/6 * 2/4.
    times = np.array([2, 3, 4, 4, 5, 6], dtype=float)
    codes = np.array([EVENT, CENSORED, EVENT, EVENT, CENSORED, CENSORED])
    curve = cumulative_incidence(times, codes, report_days=(2, 4), risk_days=(0,))
    assert [e.value for e in curve.estimates] == pytest.approx([1 / 6, 1 - 5 / 12])
    assert curve.estimates[1].lower < curve.estimates[1].value < curve.estimates[1].upper


def test_competing_deaths_are_not_counted_as_censoring():
    # 4 children: graft failure day 10; deaths without graft failure on days 5 and 7; one
    # censored on day 20. Aalen-Johansen at day 10: S(before 10) = 3/4 * 2/3 = 1/2 (both
    # deaths remove children from the risk set), hazard of failure on day 10 = 1/2 -> 1/4.
    # 1 - KM (deaths censored) would give 1/2.
    times = np.array([10, 5, 7, 20], dtype=float)
    codes = np.array([EVENT, COMPETING, COMPETING, CENSORED])
    curve = cumulative_incidence(times, codes, report_days=(10,), risk_days=(0,))
    assert curve.estimates[0].value == pytest.approx(0.25)


def test_censoring_at_the_horizon_leaves_every_earlier_reading_unchanged():
    rng = np.random.default_rng(11)
    times = rng.integers(0, 3000, 400).astype(float)
    codes = rng.choice([CENSORED, EVENT, COMPETING], 400, p=[0.5, 0.2, 0.3])
    days = (30, 100, 365, 730)
    whole = cumulative_incidence(times, codes, report_days=days, risk_days=(0,))
    cut = cumulative_incidence(times, codes, report_days=days, risk_days=(0,), curve_until=730)
    for a, b in zip(whole.estimates, cut.estimates, strict=True):
        assert (a.value, a.lower, a.upper) == pytest.approx((b.value, b.lower, b.upper))


def test_an_empty_group_has_no_estimate():
    curve = kaplan_meier(
        np.zeros(0), np.zeros(0, dtype=np.int64), report_days=(365,), risk_days=(0,)
    )
    assert curve.n == 0 and curve.estimates[0].value is None
    incidence = cumulative_incidence(
        np.zeros(0), np.zeros(0, dtype=np.int64), report_days=(28,), risk_days=(0,)
    )
    assert incidence.estimates[0].value is None


def test_no_event_at_all_gives_zero_incidence_without_an_interval():
    times = np.array([5.0, 10.0, 40.0])
    curve = cumulative_incidence(
        times, np.zeros(3, dtype=np.int64), report_days=(28,), risk_days=(0,)
    )
    assert curve.estimates[0].value == 0.0
    assert curve.estimates[0].lower is None and curve.estimates[0].upper is None


def test_after_the_last_day_the_curve_is_known_when_nobody_is_left_with_an_open_future():
    # Three children engrafted on days 15, 18 and 20: by day 28 the incidence is 3/3, although
    # nobody was followed to day 28 (an event, not censoring, ended the longest follow-up).
    times = np.array([15, 18, 20], dtype=float)
    engrafted = cumulative_incidence(
        times, np.array([EVENT] * 3), report_days=(28,), risk_days=(0,)
    )
    assert engrafted.estimates[0].value == pytest.approx(1.0)
    # Deaths on days 2 and 3 of two children: survival at day 10 is 0, not unknown.
    km = kaplan_meier(np.array([2.0, 3.0]), np.array([1, 1]), report_days=(10,), risk_days=(0,))
    assert km.estimates[0].value == 0.0
    # If the longest follow-up ends in censoring, the curve is not known after it.
    open_ended = kaplan_meier(
        np.array([2.0, 3.0]), np.array([1, 0]), report_days=(10,), risk_days=(0,)
    )
    assert open_ended.estimates[0].value is None
