"""Cumulative incidence with competing risks: the exact Aalen-Johansen estimate (scikit-survival).

scikit-survival's ``cumulative_incidence_competing_risks`` is deterministic with tied times;
lifelines' ``AalenJohansenFitter`` breaks ties by random jitter, so its figures change with the
seed (0.2435 to 0.2767 instead of 0.2728 on ``load_bmt``; software.md 4.2, toolchain.md). The
95 % interval is scikit-survival's log-log interval with Aalen's variance.

The estimate at day t depends only on what happened up to t, so transplants followed beyond the
endpoint's horizon (``curve_until``: day 730 for graft failure) are censored there first. This
leaves every reading up to the horizon unchanged and keeps the variance computation, which is
quadratic in the number of distinct days, small. scikit-survival is imported when first needed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engraft.core.outcomes.curves import (
    Curve,
    Estimate,
    defined_until,
    numbers_at_risk,
    read_curve,
)
from engraft.core.outcomes.endpoints import COMPETING, EVENT


def _aalen_johansen(
    code: np.ndarray, time: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Times, incidence of EVENT and its interval bounds, from scikit-survival.

    scikit-survival's competing-risks function needs a competing event among the data. With
    none, the Aalen-Johansen estimate is exactly 1 - Kaplan-Meier, taken from scikit-survival's
    Kaplan-Meier with its log-log interval (Greenwood's variance rather than Aalen's). With no
    event of interest (the function also needs every cause present) the incidence is 0 and has
    no interval.
    """
    from sksurv.nonparametric import (
        cumulative_incidence_competing_risks,
        kaplan_meier_estimator,
    )

    has_event, has_competing = bool(np.any(code == EVENT)), bool(np.any(code == COMPETING))
    if has_event and has_competing:
        times, cif, band = cumulative_incidence_competing_risks(
            code, time, conf_type="log-log", conf_level=confidence
        )
        return times, cif[EVENT], band[EVENT, 0].copy(), band[EVENT, 1].copy()
    if has_event:
        times, survival, band = kaplan_meier_estimator(
            code == EVENT, time, conf_type="log-log", conf_level=confidence
        )
        return times, 1.0 - survival, 1.0 - band[1], 1.0 - band[0]
    times = np.unique(time)
    zeros = np.zeros_like(times, dtype=float)
    return times, zeros, zeros.copy(), zeros.copy()


def cumulative_incidence(
    durations: np.ndarray,
    codes: np.ndarray,
    *,
    report_days: Sequence[int],
    risk_days: Sequence[int],
    curve_until: int | None = None,
    confidence: float = 0.95,
) -> Curve:
    """The cumulative incidence of the event (``codes`` == EVENT) with COMPETING competing."""
    n = int(durations.shape[0])
    n_events = int(np.count_nonzero(codes == EVENT))
    n_competing = int(np.count_nonzero(codes == COMPETING))
    at_risk = numbers_at_risk(durations, risk_days)
    risk_at = dict(numbers_at_risk(durations, report_days))
    if n == 0:
        empty = tuple(Estimate(d, None, None, None, 0) for d in report_days)
        return Curve("incidence", 0, 0, 0, 0, empty, at_risk)
    time = durations.copy()
    code = codes.copy()
    if curve_until is not None:
        beyond = time > curve_until
        time[beyond] = curve_until
        code[beyond] = 0
    times, values, lower, upper = _aalen_johansen(code, time, confidence)
    flat = ~np.isfinite(lower) | ~np.isfinite(upper)
    lower[flat], upper[flat] = values[flat], values[flat]
    last = defined_until(durations, codes)
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
            start=0.0,
        )
        if curve_until is not None and day > curve_until:
            estimate = Estimate(day, None, None, None, risk_at[day])
        elif estimate.value == 0.0:  # no event yet: no interval on the log-log scale
            estimate = Estimate(day, 0.0, None, None, estimate.at_risk)
        estimates.append(estimate)
    if times.shape[0] and times[0] > 0:
        times = np.r_[0.0, times]
        values, lower, upper = np.r_[0.0, values], np.r_[0.0, lower], np.r_[0.0, upper]
    return Curve(
        kind="incidence",
        n=n,
        events=n_events,
        competing=n_competing,
        censored=n - n_events - n_competing,
        estimates=tuple(estimates),
        at_risk=at_risk,
        times=times,
        values=values,
        lower=lower,
        upper=upper,
    )
