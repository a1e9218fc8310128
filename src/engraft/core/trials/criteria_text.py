"""Split the published free-text eligibility criteria into numbered items.

ClinicalTrials.gov publishes the criteria as markdown: usually an "Inclusion Criteria:"
heading and an "Exclusion Criteria:" heading, each followed by bullets ("*", "-", "1.").
Each bullet becomes an item with a stable id, ``I1``, ``I2``... for inclusion, ``E1``... for
exclusion and ``C1``... for text under neither heading, so that a curated rule can say which
items it covers and the rest can be listed for a human. The text is kept as published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_HEADING = re.compile(r"^\s*#*\s*\**\s*(inclusion|exclusion)\s+criteria\b.*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[*\-\u2022]|\d+[.)])\s+(.*)$")


class CriteriaSection(StrEnum):
    """Which list a free-text item belongs to."""

    INCLUSION = "inclusion"
    EXCLUSION = "exclusion"
    OTHER = "other"


_PREFIX = {
    CriteriaSection.INCLUSION: "I",
    CriteriaSection.EXCLUSION: "E",
    CriteriaSection.OTHER: "C",
}


@dataclass(frozen=True)
class CriteriaItem:
    """One published criterion: its id (``I2``), its list, and its text as published."""

    id: str
    section: CriteriaSection
    text: str


def split_criteria(text: str | None) -> tuple[CriteriaItem, ...]:
    """The items of a published criteria text, in order (empty for no text).

    A line that is neither a heading nor a bullet continues the previous item; with no item
    yet it starts one (so a criteria text without bullets is one item, never lost).
    """
    if not text:
        return ()
    section = CriteriaSection.OTHER
    items: list[tuple[CriteriaSection, list[str]]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading:
            section = CriteriaSection(heading.group(1).lower())
            continue
        bullet = _BULLET.match(line)
        if bullet or not items or items[-1][0] is not section:
            items.append((section, [(bullet.group(1) if bullet else line).strip()]))
        else:
            items[-1][1].append(line.strip())
    counters = dict.fromkeys(CriteriaSection, 0)
    out = []
    for item_section, lines in items:
        counters[item_section] += 1
        out.append(
            CriteriaItem(
                f"{_PREFIX[item_section]}{counters[item_section]}", item_section, " ".join(lines)
            )
        )
    return tuple(out)
