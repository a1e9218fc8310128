"""Reads of the follow-up: a child's schedule today, and the visits open for a person.

The core computes the schedule from day 0 (`engraft.core.followup.follow_up_schedule`). It is
given as completions the visits marked done on the follow-up page and the record's entries
that fall inside a visit's window (evidence.py): a VEP recorded in the 1-year window is the
1-year vision visit done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from engraft.core.followup import FollowUpVisit, VisitState, follow_up_schedule
from engraft.core.followup.knowledge import load_followup_knowledge
from engraft.record.models import Patient
from engraft.transplant.models import TransplantEpisode

from .evidence import Evidence, record_evidence
from .models import FollowUpVisitRecord

OPEN_STATES = (VisitState.OVERDUE, VisitState.DUE)


@dataclass(frozen=True)
class VisitRow:
    """One visit of the schedule with what the database holds about it."""

    visit: FollowUpVisit
    record: FollowUpVisitRecord | None  # marked done on the follow-up page
    evidence: tuple[Evidence, ...]  # the record's entries inside the visit's window


def follow_up_episode(patient: Patient, today: date) -> TransplantEpisode | None:
    """The transplant the follow-up counts from: the latest whose day 0 is on or before today."""
    return patient.transplant_episodes.filter(day0__lte=today).order_by("-day0", "-number").first()


def current_records(episode: TransplantEpisode) -> list[FollowUpVisitRecord]:
    return list(episode.follow_up_visits.filter(voided_at=None).select_related("recorded_by"))


def _in_a_window(e: Evidence, windows: dict[str, list[tuple[date, date]]]) -> bool:
    return any(start <= e.on <= end for start, end in windows.get(e.item, ()))


def schedule_rows(
    episode: TransplantEpisode,
    today: date,
    *,
    records: Iterable[FollowUpVisitRecord] | None = None,
    evidence: Iterable[Evidence] | None = None,
) -> list[VisitRow]:
    """The episode's follow-up schedule on ``today``, each visit with its record and evidence."""
    records = list(current_records(episode) if records is None else records)
    evidence = list(record_evidence(episode, today) if evidence is None else evidence)
    done = [(r.item, r.done_on) for r in records if r.done_on <= today]
    # First the windows (they do not depend on what was done), then the evidence inside them.
    windows: dict[str, list[tuple[date, date]]] = {}
    for v in follow_up_schedule(episode.day0, today, done=()):
        windows.setdefault(v.item, []).append((v.window_start, v.window_end))
    inside = [e for e in evidence if _in_a_window(e, windows)]
    visits = follow_up_schedule(episode.day0, today, done=done + [(e.item, e.on) for e in inside])
    by_visit = {(r.item, r.timepoint): r for r in records}
    return [
        VisitRow(
            visit=v,
            record=by_visit.get((v.item, v.timepoint)),
            # One line per entry kind and date (three chimerism lineages of a day are one).
            evidence=tuple(
                dict.fromkeys(
                    e for e in inside if e.item == v.item and v.window_start <= e.on <= v.window_end
                )
            ),
        )
        for v in visits
    ]


def visit_period(episode: TransplantEpisode, item: str, timepoint: str, today: date):
    """The visit named, and the first day of the next visit of its item (None: the last).

    A completion counts for a visit from its window's start up to the next visit's window
    start (the core's rule); this is that period. None if the item has no such visit.
    """
    visits = [v for v in follow_up_schedule(episode.day0, today) if v.item == item]
    for i, v in enumerate(visits):
        if v.timepoint == timepoint:
            following = visits[i + 1].window_start if i + 1 < len(visits) else None
            return v, following
    return None, None


@dataclass(frozen=True)
class OpenVisit:
    """A visit due or overdue today, with its patient (for My work and the digest)."""

    patient: Patient
    visit: FollowUpVisit


def followed_episodes(today: date) -> list[TransplantEpisode]:
    """The transplant each child in follow-up counts from (see `follow_up_episode`)."""
    episodes = []
    for patient in Patient.objects.filter(pathway_stage="follow_up").order_by("public_id"):
        episode = follow_up_episode(patient, today)
        if episode is not None:
            episode.patient = patient
            episodes.append(episode)
    return episodes


def open_visits(today: date, disciplines: Iterable[str] | None = None) -> list[OpenVisit]:
    """The follow-up visits due or overdue today of the children in follow-up, soonest first.

    ``disciplines`` narrows them to those disciplines' items (a specialist's); None: all.
    """
    wanted = None if disciplines is None else set(disciplines)
    found = []
    for episode in followed_episodes(today):
        for row in schedule_rows(episode, today):
            v = row.visit
            if v.state in OPEN_STATES and (wanted is None or v.discipline in wanted):
                found.append(OpenVisit(episode.patient, v))
    return sorted(found, key=lambda o: (o.visit.due, o.visit.item, str(o.patient.public_id)))


def item_disciplines() -> dict[str, str]:
    """Each follow-up item's discipline (followup.json)."""
    return {i.id: i.discipline for i in load_followup_knowledge().items.values()}
