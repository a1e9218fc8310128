"""The long-term follow-up schedule from day 0: each item's visits, due dates and states.

The timepoints, items and tolerance windows are data (followup.json). A visit is done when a
completion of its item falls in its period: from its window's start to the next visit's
window start (so a late completion still counts for the visit it was late for).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from engraft.core.followup.knowledge import (
    YEARLY,
    FollowUpItem,
    FollowUpKnowledge,
    load_followup_knowledge,
)
from engraft.core.knowledge.loader import Citation
from engraft.core.transplant.days import date_of_day


class VisitState(StrEnum):
    """Where a follow-up visit stands on the day asked."""

    DONE = "done"
    DUE = "due"  # inside its tolerance window, not done yet
    OVERDUE = "overdue"  # its window has passed without a completion
    UPCOMING = "upcoming"  # its window has not opened


class FollowUpInputError(ValueError):
    """A completion given to the schedule is invalid; the message names it."""


@dataclass(frozen=True)
class FollowUpVisit:
    """One item due at one timepoint, e.g. hearing at 1 year."""

    item: str
    title: str
    discipline: str
    timepoint: str  # "day_100", "year_1", "year_3" ...
    label: str  # "day +100", "1 year", "year 3"
    due: date
    window_start: date
    window_end: date
    state: VisitState
    done_on: date | None
    citations: tuple[Citation, ...]


def add_months(start: date, months: int) -> date:
    """``start`` plus calendar months, the day clamped to the month's end (31 Jan + 1 = 28 Feb).

    Written here because python-dateutil is only an indirect dependency of Engraft.
    """
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class _Slot:
    timepoint: str
    label: str
    due: date
    start: date
    end: date
    citations: tuple[Citation, ...]


def _slots(item: FollowUpItem, kb: FollowUpKnowledge, day0: date, as_of: date) -> list[_Slot]:
    slots = []
    for tid in item.timepoints:
        if tid == YEARLY:
            continue
        t = kb.timepoints[tid]
        due = date_of_day(day0, t.days) if t.days is not None else add_months(day0, t.months)
        slots.append(
            _Slot(
                tid,
                t.label,
                due,
                due - timedelta(days=t.window_before_days),
                due + timedelta(days=t.window_after_days),
                t.citations,
            )
        )
    if YEARLY in item.timepoints:
        y = kb.yearly
        year = y.from_year
        # Yearly visits without end: list them up to the first one whose window is still ahead.
        while True:
            due = add_months(day0, 12 * year)
            start = due - timedelta(days=y.window_before_days)
            slots.append(
                _Slot(
                    f"year_{year}",
                    f"year {year}",
                    due,
                    start,
                    due + timedelta(days=y.window_after_days),
                    y.citations,
                )
            )
            if start > as_of:
                break
            year += 1
    return sorted(slots, key=lambda s: s.due)


def _completions(
    done: Iterable[tuple[str, date]], kb: FollowUpKnowledge, as_of: date
) -> dict[str, list[date]]:
    by_item: dict[str, list[date]] = {}
    for n, entry in enumerate(done):
        try:
            item, on = entry
        except (TypeError, ValueError):
            raise FollowUpInputError(f"done[{n}]: expected (item, date), got {entry!r}") from None
        if item not in kb.items:
            raise FollowUpInputError(f"done[{n}]: unknown follow-up item {item!r}")
        if not isinstance(on, date):
            raise FollowUpInputError(f"done[{n}] ({item}): a date is needed, got {on!r}")
        if on > as_of:
            raise FollowUpInputError(
                f"done[{n}] ({item}): {on.isoformat()} is after {as_of.isoformat()}, in the future"
            )
        by_item.setdefault(item, []).append(on)
    return by_item


def follow_up_schedule(
    day0: date,
    as_of: date,
    done: Iterable[tuple[str, date]] = (),
    kb: FollowUpKnowledge | None = None,
) -> tuple[FollowUpVisit, ...]:
    """Every follow-up visit from ``day0`` up to each item's next one after ``as_of``.

    ``done`` holds completions as (item id, date). Each visit is done (with the date of the
    first completion in its period), due, overdue or upcoming on ``as_of``; visits come sorted
    by due date, then item. A completion before the first visit's window (e.g. before the
    transplant) counts for no visit. Raises FollowUpInputError for an unknown item, a value that
    is not a date, or a completion after ``as_of``.
    """
    kb = kb or load_followup_knowledge()
    completions = _completions(done, kb, as_of)
    visits = []
    for item in kb.items.values():
        slots = _slots(item, kb, day0, as_of)
        dates = sorted(completions.get(item.id, []))
        for i, slot in enumerate(slots):
            period_end = slots[i + 1].start if i + 1 < len(slots) else None
            done_on = next(
                (d for d in dates if d >= slot.start and (period_end is None or d < period_end)),
                None,
            )
            if done_on is not None:
                state = VisitState.DONE
            elif as_of < slot.start:
                state = VisitState.UPCOMING
            elif as_of <= slot.end:
                state = VisitState.DUE
            else:
                state = VisitState.OVERDUE
            visits.append(
                FollowUpVisit(
                    item.id,
                    item.title,
                    item.discipline,
                    slot.timepoint,
                    slot.label,
                    slot.due,
                    slot.start,
                    slot.end,
                    state,
                    done_on,
                    slot.citations + item.citations,
                )
            )
    return tuple(sorted(visits, key=lambda v: (v.due, v.item)))
