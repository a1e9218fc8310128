"""Neutrophil and platelet engraftment days computed from dated counts (ASTCT 2021).

Definitions (Kharfan-Dabaja MA et al., Transplant Cell Ther 2021;27(8):642-9, harmonised by
Sureda A et al., Bone Marrow Transplant 2024;59:832; CIBMTR forms manual):
- neutrophil engraftment: the first of 3 consecutive measurements, on different days, with
  ANC >= 0.5 x10^9/L after the post-transplant nadir;
- platelet engraftment: the first of 3 consecutive measurements, on different days, with
  platelets >= 20 x10^9/L and no platelet transfusion in the 7 days before that first day.
Thresholds are read from transplant.json. The cases the definitions leave open are in-house
choices listed there (``choices``) and named in each result: the lowest value of a day is
that day's measurement; a missing day does not break a run but a gap of more than
``max_gap_days_in_run`` days does; a run only counts after a measurement below the threshold
on or after day 0 (the nadir); a transfusion on the run's first day also blocks it.
Everything is computed for an as-of date: values after it are ignored.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from engraft.core.knowledge.loader import Citation
from engraft.core.transplant.days import day_label, transplant_day
from engraft.core.transplant.knowledge import TransplantKnowledge, load_transplant_knowledge


class EngraftmentStatus(StrEnum):
    """Where one lineage stands on the as-of date."""

    ENGRAFTED = "engrafted"
    NOT_YET = "not_yet"  # counts after the nadir have not yet qualified
    NO_NADIR = "no_nadir"  # the count has not fallen below the threshold since day 0
    BEFORE_DAY0 = "before_day0"


@dataclass(frozen=True)
class Measurement:
    """The measurement of one day: the lowest of that day's values."""

    date: date
    day: int
    value: float
    values_that_day: int = 1

    @property
    def label(self) -> str:
        """E.g. "day +14 (2026-03-24): 0.6"."""
        return f"{day_label(self.day)} ({self.date.isoformat()}): {self.value:g}"


@dataclass(frozen=True)
class EngraftmentResult:
    """An engraftment day (or why there is none yet) with the days that qualified it."""

    lineage: str  # "neutrophil" or "platelet"
    status: EngraftmentStatus
    date: date | None
    day: int | None
    qualifying: tuple[Measurement, ...]
    nadir: Measurement | None
    open_run: tuple[Measurement, ...]  # a run in progress that may still qualify
    measurements: tuple[Measurement, ...]  # every day's measurement from day 0 to as-of
    label: str
    reasons: tuple[str, ...]
    choices: tuple[str, ...]  # ids of the in-house choices of transplant.json applied
    citations: tuple[Citation, ...]

    @property
    def established_on(self) -> date | None:
        """The day the engraftment became known: the last qualifying measurement."""
        return self.qualifying[-1].date if self.qualifying else None


def daily_measurements(
    values: Iterable[tuple[date, float]], day0: date, as_of: date
) -> tuple[Measurement, ...]:
    """One measurement per day from day 0 to as-of, the lowest value of the day (in-house)."""
    by_day: dict[date, list[float]] = {}
    for on, value in values:
        if day0 <= on <= as_of:
            by_day.setdefault(on, []).append(value)
    return tuple(
        Measurement(on, transplant_day(day0, on), min(vals), len(vals))
        for on, vals in sorted(by_day.items())
    )


def _first_run(
    ms: tuple[Measurement, ...],
    start: int,
    threshold: float,
    needed: int,
    max_gap: int,
    blocked: Callable[[Measurement], tuple[date, ...]],
    blocked_starts: list[tuple[Measurement, tuple[date, ...]]],
) -> tuple[Measurement, ...] | None:
    """The first ``needed`` consecutive measurements from ``start`` that all qualify."""
    i = start
    while i + needed <= len(ms):
        window = ms[i : i + needed]
        low = next((k for k, m in enumerate(window) if m.value < threshold), None)
        if low is not None:
            i += low + 1  # every run through a low value is broken
            continue
        gap = next(
            (k for k in range(needed - 1) if window[k + 1].day - window[k].day > max_gap), None
        )
        if gap is not None:
            i += gap + 1
            continue
        blockers = blocked(window[0])
        if blockers:
            blocked_starts.append((window[0], blockers))
            i += 1
            continue
        return window
    return None


def _open_run(
    ms: tuple[Measurement, ...], start: int, threshold: float, max_gap: int, as_of_day: int
) -> tuple[Measurement, ...]:
    """The trailing measurements at or above the threshold that a later count could complete."""
    run: list[Measurement] = []
    for m in reversed(ms[start:]):
        if m.value < threshold or (run and run[0].day - m.day > max_gap):
            break
        run.insert(0, m)
    if run and as_of_day - run[-1].day > max_gap:
        return ()  # too long without a count: the next one cannot continue this run
    return tuple(run)


def _engraftment(
    lineage: str,
    analyte: str,
    values: Iterable[tuple[date, float]],
    threshold_name: str,
    day0: date,
    as_of: date,
    kb: TransplantKnowledge,
    blocked: Callable[[Measurement], tuple[date, ...]],
    extra_choices: tuple[str, ...],
    extra_citations: tuple[Citation, ...],
) -> EngraftmentResult:
    threshold = kb.value(threshold_name)
    needed = kb.count("consecutive_measurements")
    max_gap = kb.count("max_gap_days_in_run")
    citations = (
        *kb.parameters[threshold_name].citations,
        *kb.parameters["consecutive_measurements"].citations,
        *extra_citations,
    )
    choices = ("as_of", "nadir", "same_day_values", "missing_day", *extra_choices)
    as_of_day = transplant_day(day0, as_of)
    unit = "x10^9/L"
    rule = f"{analyte} >= {threshold:g} {unit} on {needed} consecutive measurements"

    ms = daily_measurements(values, day0, as_of)
    base = EngraftmentResult(
        lineage=lineage,
        status=EngraftmentStatus.NOT_YET,
        date=None,
        day=None,
        qualifying=(),
        nadir=None,
        open_run=(),
        measurements=ms,
        label="",
        reasons=(),
        choices=choices,
        citations=citations,
    )

    def result(
        status: EngraftmentStatus, label: str, reasons: list[str], **changes: Any
    ) -> EngraftmentResult:
        return replace(base, status=status, label=label, reasons=tuple(reasons), **changes)

    if as_of_day < 0:
        return result(
            EngraftmentStatus.BEFORE_DAY0,
            f"{day_label(as_of_day)}: before the infusion",
            [f"{lineage} engraftment is counted from day 0 ({day0.isoformat()})"],
        )
    same_day = [
        f"{m.label} is the lowest of {m.values_that_day} values that day (one measurement)"
        for m in ms
        if m.values_that_day > 1
    ]
    first_low = next((i for i, m in enumerate(ms) if m.value < threshold), None)
    if first_low is None:
        why = (
            f"no {analyte} measured since day 0"
            if not ms
            else f"{analyte} has not fallen below {threshold:g} {unit} since day 0: "
            "no nadir yet, and counts before the nadir do not count"
        )
        status = EngraftmentStatus.NOT_YET if not ms else EngraftmentStatus.NO_NADIR
        return result(status, f"{day_label(as_of_day)}: {why}", [why, *same_day])
    blocked_starts: list[tuple[Measurement, tuple[date, ...]]] = []
    run = _first_run(ms, first_low + 1, threshold, needed, max_gap, blocked, blocked_starts)
    blocked_reasons = []
    if blocked_starts:
        starts = ", ".join(day_label(m.day) for m, _ in blocked_starts)
        given = sorted({d for _, dates in blocked_starts for d in dates})
        window = kb.count("platelet_transfusion_free_days")
        blocked_reasons.append(
            f"runs from {starts} do not count: a platelet transfusion within the {window} days "
            "before (or on) their first day, given on "
            + ", ".join(day_label(transplant_day(day0, d)) for d in given)
        )
    if run is None:
        nadir = min(ms[first_low:], key=lambda m: m.value)
        reasons = [
            f"not yet {rule} after the first low count ({ms[first_low].label})",
            f"lowest count since then: {nadir.label}",
            *blocked_reasons,
            *same_day,
        ]
        open_run = _open_run(ms, first_low + 1, threshold, max_gap, as_of_day)
        if 0 < len(open_run) < needed:
            reasons.append(
                f"{len(open_run)} of {needed} measurements so far from "
                f"{day_label(open_run[0].day)}: " + ", ".join(m.label for m in open_run)
            )
        return result(
            EngraftmentStatus.NOT_YET,
            f"{day_label(as_of_day)}, no {lineage} engraftment yet",
            reasons,
            nadir=nadir,
            open_run=open_run,
        )
    start = ms.index(run[0])
    nadir = min(ms[first_low:start], key=lambda m: m.value)
    gaps = [
        f"no count on the {b.day - a.day - 1} day(s) between {day_label(a.day)} and "
        f"{day_label(b.day)}: a missing day does not break the run (in-house)"
        for a, b in itertools.pairwise(run)
        if b.day - a.day > 1
    ]
    first = run[0]
    reasons = [
        f"{rule}: " + ", ".join(m.label for m in run),
        f"after the nadir {nadir.label}",
        f"engraftment day is the first of them: {day_label(first.day)} ({first.date.isoformat()})",
        *gaps,
        *blocked_reasons,
        *[s for s in same_day if any(s.startswith(m.label) for m in run)],
    ]
    return result(
        EngraftmentStatus.ENGRAFTED,
        f"{lineage} engraftment on {day_label(first.day)} ({first.date.isoformat()})",
        reasons,
        date=first.date,
        day=first.day,
        qualifying=run,
        nadir=nadir,
    )


def neutrophil_engraftment(
    anc: Iterable[tuple[date, float]],
    day0: date,
    as_of: date,
    kb: TransplantKnowledge | None = None,
) -> EngraftmentResult:
    """Neutrophil engraftment (ASTCT 2021): first of 3 consecutive ANC >= 0.5 after the nadir.

    ``anc`` holds (date, ANC in x10^9/L) pairs in any order; values after ``as_of`` are
    ignored.
    """
    kb = kb or load_transplant_knowledge()
    return _engraftment(
        "neutrophil", "ANC", anc, "anc_threshold", day0, as_of, kb, lambda m: (), (), ()
    )


def platelet_engraftment(
    platelets: Iterable[tuple[date, float]],
    platelet_transfusions: Iterable[date],
    day0: date,
    as_of: date,
    kb: TransplantKnowledge | None = None,
) -> EngraftmentResult:
    """Platelet engraftment (ASTCT 2021): first of 3 consecutive counts >= 20 x10^9/L with no
    platelet transfusion in the 7 days before the first (nor, in-house, on that day itself).
    """
    kb = kb or load_transplant_knowledge()
    window = kb.count("platelet_transfusion_free_days")
    given = sorted(d for d in platelet_transfusions if d <= as_of)

    def blocked(first: Measurement) -> tuple[date, ...]:
        return tuple(d for d in given if first.date - timedelta(days=window) <= d <= first.date)

    return _engraftment(
        "platelet",
        "platelets",
        platelets,
        "platelet_threshold",
        day0,
        as_of,
        kb,
        blocked,
        ("platelet_nadir", "transfusion_same_day"),
        kb.parameters["platelet_transfusion_free_days"].citations,
    )
