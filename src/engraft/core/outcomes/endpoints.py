"""Turn transplants into the (time, event) data of one endpoint, leaving out what is unknown.

Survival endpoints (OS, EFS): the time is the day of the first event of the endpoint, or the
last contact for a child who had none (censored). Incidence endpoints: code 1 on the day of
the event of interest, code 2 on the day of a competing event that came first (death before
engraftment, death without graft failure), 0 (censored) at the last contact otherwise. An
event of interest and a competing death on the same day count as the event of interest (the
event was recorded, so it came first or with the death).

A transplant whose time or kind of event cannot be known from its data is left out and
counted under the reason: any component of the endpoint unknown while none has happened, or
a component unknown beside one that happened (the unknown one might have come first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engraft.core.outcomes.knowledge import Endpoint
from engraft.core.outcomes.records import EventStatus, TransplantOutcome

CENSORED, EVENT, COMPETING = 0, 1, 2


@dataclass(frozen=True)
class EndpointData:
    """The analysable transplants of one endpoint, as arrays, and who was left out."""

    endpoint: Endpoint
    index: np.ndarray  # positions of the included transplants in the input sequence
    durations: np.ndarray  # days from day 0 (float)
    codes: np.ndarray  # CENSORED, EVENT or COMPETING (int)
    excluded: dict[str, int]  # reason -> how many

    @property
    def n(self) -> int:
        return int(self.durations.shape[0])

    def subset(self, mask: np.ndarray) -> EndpointData:
        """The included transplants where ``mask`` (over the included ones) is true."""
        return EndpointData(
            self.endpoint, self.index[mask], self.durations[mask], self.codes[mask], {}
        )


def _survival_time(outcome: TransplantOutcome, events: Sequence[str]) -> tuple[int, int] | str:
    first: int | None = None
    unknown: list[str] = []
    for name in events:
        event = getattr(outcome, name)
        status = event.status
        if status is EventStatus.OCCURRED:
            if first is None or event.day < first:
                first = event.day
        elif status is EventStatus.UNKNOWN:
            unknown.append(name)
    if unknown:
        return f"{unknown[0]} not known"
    if first is not None:
        return first, EVENT
    return outcome.last_contact_day, CENSORED


def _incidence_time(
    outcome: TransplantOutcome, event_name: str, competing: Sequence[str]
) -> tuple[int, int] | str:
    event = getattr(outcome, event_name)
    if event.status is EventStatus.UNKNOWN:
        return f"{event_name} not known"
    first_competing: int | None = None
    for name in competing:
        other = getattr(outcome, name)
        if other.status is EventStatus.UNKNOWN and not event.occurred:
            return f"{name} not known"
        if other.occurred and (first_competing is None or other.day < first_competing):
            first_competing = other.day
    if event.occurred:
        if first_competing is not None and first_competing < event.day:
            return first_competing, COMPETING  # cannot be: consistency refuses events after death
        return event.day, EVENT
    if first_competing is not None:
        return first_competing, COMPETING
    return outcome.last_contact_day, CENSORED


def endpoint_data(outcomes: Sequence[TransplantOutcome], endpoint: Endpoint) -> EndpointData:
    """The endpoint's arrays over ``outcomes``, with the exclusions counted by reason."""
    index: list[int] = []
    times: list[int] = []
    codes: list[int] = []
    excluded: Counter[str] = Counter()
    survival = endpoint.is_survival
    event_name = endpoint.events[0]
    for position, outcome in enumerate(outcomes):
        if survival:
            result = _survival_time(outcome, endpoint.events)
        else:
            result = _incidence_time(outcome, event_name, endpoint.competing)
        if isinstance(result, str):
            excluded[result] += 1
            continue
        index.append(position)
        times.append(result[0])
        codes.append(result[1])
    return EndpointData(
        endpoint,
        np.asarray(index, dtype=np.int64),
        np.asarray(times, dtype=float),
        np.asarray(codes, dtype=np.int64),
        dict(sorted(excluded.items())),
    )


def second_transplants_without_graft_failure(outcomes: Sequence[TransplantOutcome]) -> int:
    """Second transplants with no graft failure recorded on or before them.

    The only case where EFS as software.md defines it (death, graft failure, second
    transplant) and the EBMT registry's EFS (death or graft failure) can differ.
    """
    count = 0
    for outcome in outcomes:
        second, failure = outcome.second_transplant, outcome.graft_failure
        if second.occurred and not (failure.occurred and failure.day <= second.day):
            count += 1
    return count
