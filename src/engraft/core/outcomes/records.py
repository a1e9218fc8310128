"""One transplant's outcome data, as the analytics read it: plain values, days from day 0.

Day 0 is the day of the stem-cell infusion (software.md 4.1); every event is a day number
counted from it. An event is recorded in one of three states, and the difference matters:
it happened on a day, it did not happen (up to the end of follow-up), or it is not known.
Missing means unknown, never "no event": an analysis that needs an unknown fact leaves the
transplant out and counts it among the exclusions, so nothing unknown is ever read as good
news.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from engraft.core.assessment.case import DonorType
from engraft.core.transplant.episode import GraftSource


class EventStatus(StrEnum):
    OCCURRED = "occurred"
    NONE = "none"  # did not happen up to the end of follow-up
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Event:
    """Whether an event happened, and on which day after day 0."""

    status: EventStatus
    day: int | None = None

    def __post_init__(self) -> None:
        if self.status is EventStatus.OCCURRED:
            if self.day is None or self.day < 0:
                raise ValueError("an event that occurred needs its day, day 0 or later")
        elif self.day is not None:
            raise ValueError(f"an event that is {self.status.value} has no day")

    @classmethod
    def on(cls, day: int) -> Event:
        return cls(EventStatus.OCCURRED, day)

    @classmethod
    def none(cls) -> Event:
        return cls(EventStatus.NONE)

    @classmethod
    def unknown(cls) -> Event:
        return cls(EventStatus.UNKNOWN)

    @property
    def occurred(self) -> bool:
        return self.status is EventStatus.OCCURRED

    @property
    def known(self) -> bool:
        return self.status is not EventStatus.UNKNOWN


class DeathCause(StrEnum):
    """The coded causes of death of issue 14 (graft failure leads in osteopetrosis)."""

    GRAFT_FAILURE = "graft_failure"
    INFECTION = "infection"
    VOD = "vod"
    PULMONARY = "pulmonary"
    GVHD = "gvhd"
    OTHER = "other"


# The event fields of a transplant, in the order the CSV and the docs list them.
EVENT_FIELDS = (
    "neutrophil_engraftment",
    "graft_failure",
    "second_transplant",
    "agvhd_2_4",
    "cgvhd",
    "vod",
    "hypercalcaemia",
    "death",
)

_UNKNOWN = Event(EventStatus.UNKNOWN)


@dataclass(frozen=True)
class TransplantOutcome:
    """One transplant: who it was for (in the analysable terms), and what followed.

    ``last_contact_day`` is the last day the child was known alive, or the day of death.
    Characteristics left as None are unknown; events default to unknown.
    """

    transplant_id: str
    transplant_date: date
    last_contact_day: int
    age_at_transplant_days: int | None = None
    donor_type: DonorType | None = None
    graft_source: GraftSource | None = None
    conditioning: str | None = None
    gene: str | None = None
    neutrophil_engraftment: Event = field(default=_UNKNOWN)
    graft_failure: Event = field(default=_UNKNOWN)
    second_transplant: Event = field(default=_UNKNOWN)
    agvhd_2_4: Event = field(default=_UNKNOWN)
    cgvhd: Event = field(default=_UNKNOWN)
    vod: Event = field(default=_UNKNOWN)
    hypercalcaemia: Event = field(default=_UNKNOWN)
    death: Event = field(default=_UNKNOWN)
    death_cause: DeathCause | None = None

    @property
    def era(self) -> int:
        """The year of the transplant."""
        return self.transplant_date.year

    def event(self, name: str) -> Event:
        """The event called ``name`` (one of EVENT_FIELDS)."""
        if name not in EVENT_FIELDS:
            raise KeyError(f"unknown event {name!r}")
        return getattr(self, name)


@dataclass(frozen=True)
class Problem:
    """An inconsistency in one transplant's data: the field at fault and why."""

    field: str
    message: str


def consistency_problems(outcome: TransplantOutcome) -> tuple[Problem, ...]:
    """What cannot be right in one transplant's data (empty when it holds together).

    Follow-up ends at the last contact, which for a child who died is the day of death; no
    event is recorded after it. A cause of death needs a death.
    """
    problems = []
    if outcome.last_contact_day < 0:
        problems.append(Problem("last_contact_day", "is before day 0"))
    if outcome.age_at_transplant_days is not None and outcome.age_at_transplant_days < 0:
        problems.append(Problem("age_at_transplant_days", "is negative"))
    death = outcome.death
    if death.occurred and death.day != outcome.last_contact_day:
        problems.append(
            Problem(
                "last_contact_day",
                f"is day {outcome.last_contact_day}, but the child died on day {death.day}: "
                "for a child who died, the last contact is the day of death",
            )
        )
    end = outcome.last_contact_day
    for name in EVENT_FIELDS:
        if name == "death":
            continue
        event = outcome.event(name)
        if event.occurred and event.day is not None and event.day > end:
            problems.append(
                Problem(f"{name}_day", f"day {event.day} is after the end of follow-up (day {end})")
            )
    if outcome.death_cause is not None and not death.occurred:
        problems.append(Problem("death_cause", "is given, but no death is recorded"))
    return tuple(problems)
