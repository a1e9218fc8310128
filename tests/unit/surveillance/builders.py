"""Build core episodes for the surveillance tests from day-relative data (no Django)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from engraft.core.surveillance.vod import ImagingStudy
from engraft.core.transplant.conditioning import RecordedAgent, RecordedConditioning
from engraft.core.transplant.episode import Episode, GraftSource, LabValue, Transfusion

DAY0 = date(2026, 3, 1)
BU_FLU_DAYS = (-7, -6, -5, -4, -3, -2)


def on_day(n: int) -> date:
    """The calendar date of day +n for the tests' day 0."""
    return DAY0 + timedelta(days=n)


def episode(
    values: Sequence[tuple[int, str, float]] = (),
    *,
    platelet_days: tuple[int, ...] = (),
    conditioning_days: tuple[int, ...] = BU_FLU_DAYS,
    baseline_weight: float | None = 20.0,
) -> Episode:
    """An episode with values given as (day, analyte, value) and a Bu/Flu conditioning."""
    lab = [LabValue(on_day(d), a, v) for d, a, v in values]
    if baseline_weight is not None:
        lab.insert(0, LabValue(on_day(-8), "weight", baseline_weight))
    agents = (RecordedAgent("busulfan", 16.0, "mg/kg", conditioning_days),)
    return Episode(
        episode_id="E1",
        day0=DAY0,
        graft_source=GraftSource.BONE_MARROW,
        values=tuple(lab),
        transfusions=tuple(Transfusion(on_day(d), "platelets") for d in platelet_days),
        conditioning=RecordedConditioning("bu_flu", agents) if conditioning_days else None,
    )


def imaging(raw: dict[str, Any] | None) -> ImagingStudy | None:
    """An imaging study from a vignette's {day, hepatomegaly, ascites}."""
    if raw is None:
        return None
    return ImagingStudy(on_day(raw["day"]), raw["hepatomegaly"], raw["ascites"])
