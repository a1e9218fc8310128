"""Kaplan-Meier survival with 95 % log-log intervals, and the log-rank test (lifelines).

lifelines' ``KaplanMeierFitter`` computes the product-limit estimate with tied times handled
exactly (deaths on one day counted together) and its interval by the exponential Greenwood
formula, which is the log(-log) transform software.md 4.3 asks for. The log-rank test between
groups is lifelines' ``multivariate_logrank_test`` (for two groups it is the usual log-rank
test). lifelines is imported when first needed: it takes about a second to load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engraft.core.outcomes.curves import (
    Curve,
    Estimate,
    defined_until,
    numbers_at_risk,
    read_curve,
)
from engraft.core.outcomes.endpoints import EVENT


@dataclass(frozen=True)
class LogRank:
    """The log-rank test between the recorded groups."""

    statistic: float
    degrees_of_freedom: int
    p_value: float
    groups: tuple[str, ...]  # the keys of the groups compared


def kaplan_meier(
    durations: np.ndarray,
    codes: np.ndarray,
    *,
    report_days: Sequence[int],
    risk_days: Sequence[int],
    confidence: float = 0.95,
) -> Curve:
    """The Kaplan-Meier curve of one group (``codes`` == EVENT marks an event)."""
    events = codes == EVENT
    n = int(durations.shape[0])
    at_risk = numbers_at_risk(durations, risk_days)
    if n == 0:
        empty = tuple(Estimate(d, None, None, None, 0) for d in report_days)
        return Curve("survival", 0, 0, 0, 0, empty, at_risk)
    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter(alpha=1 - confidence)
    fitter.fit(durations, event_observed=events)
    times = np.asarray(fitter.timeline, dtype=float)
    values = fitter.survival_function_.to_numpy()[:, 0]
    bands = fitter.confidence_interval_survival_function_.to_numpy()
    lower, upper = bands[:, 0].copy(), bands[:, 1].copy()
    # The log(-log) interval is undefined where the estimate is 1 or 0: the band is the curve.
    flat = ~np.isfinite(lower) | ~np.isfinite(upper)
    lower[flat], upper[flat] = values[flat], values[flat]
    last = defined_until(durations, codes)
    risk_at = dict(numbers_at_risk(durations, report_days))
    estimates = []
    for day in report_days:
        estimate = read_curve(
            times,
            values,
            lower,
            upper,
            day=day,
            last_followed=last,
            at_risk=risk_at[day],
            start=1.0,
        )
        if estimate.value in (0.0, 1.0):  # no interval on the log(-log) scale
            estimate = Estimate(day, estimate.value, None, None, estimate.at_risk)
        estimates.append(estimate)
    median = float(fitter.median_survival_time_)
    n_events = int(events.sum())
    return Curve(
        kind="survival",
        n=n,
        events=n_events,
        competing=0,
        censored=n - n_events,
        estimates=tuple(estimates),
        at_risk=at_risk,
        median_days=median if np.isfinite(median) else None,
        times=times,
        values=values,
        lower=lower,
        upper=upper,
    )


def log_rank(
    durations: np.ndarray, codes: np.ndarray, groups: np.ndarray, keys: Sequence[str]
) -> LogRank | None:
    """The log-rank test across ``groups`` (one label per transplant); None under 2 groups."""
    present = [k for k in keys if np.any(groups == k)]
    if len(present) < 2:
        return None
    from lifelines.statistics import multivariate_logrank_test

    result = multivariate_logrank_test(durations, groups, codes == EVENT)
    return LogRank(
        statistic=float(result.test_statistic),
        degrees_of_freedom=int(result.degrees_of_freedom),
        p_value=float(result.p_value),
        groups=tuple(present),
    )
