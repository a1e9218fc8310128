"""Sections of "My work" that later stages of the pathway add, without the work-up importing them.

The work-up owns the "My work" page, but a later stage (the follow-up) has work for the same
people. A later stage registers a provider here from its AppConfig.ready(); the page asks
`worklists_for(user, today)` and renders each section it gets. This lives in the access
layer, below every stage, so that neither side imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class WorklistRow:
    """One piece of work: when it is due, what it is, for whom, and where to do it."""

    due: date
    title: str
    patient: str
    url: str
    state: str  # in words, e.g. "overdue", "due"
    detail: str = ""


@dataclass(frozen=True)
class Worklist:
    """A titled section of "My work", its rows soonest due first."""

    key: str
    title: str
    description: str
    rows: tuple[WorklistRow, ...] = field(default_factory=tuple)


WorklistProvider = Callable[[Any, date], "Worklist | None"]

_PROVIDERS: dict[str, WorklistProvider] = {}


def register_worklist(key: str, provider: WorklistProvider) -> None:
    """Add (or replace, so that ready() may run twice) the provider named ``key``.

    A provider takes the signed-in user and today's date and returns its section, or None
    when it has nothing to say to this user (their role does no such work).
    """
    _PROVIDERS[key] = provider


def unregister_worklist(key: str) -> None:
    """Remove a provider (tests use it to restore the registry)."""
    _PROVIDERS.pop(key, None)


def worklists_for(user: Any, today: date) -> list[Worklist]:
    """Every registered section for this user, in the order of registration."""
    sections = []
    for provider in _PROVIDERS.values():
        section = provider(user, today)
        if section is not None:
            sections.append(section)
    return sections
