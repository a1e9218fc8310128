"""A transplant episode as the core reads it: day 0, the graft source and dated data.

Plain values only; the Django app and the episode file (``episode_file.py``) both build it.
Counts use the units of the ASTCT definitions: ANC, WBC and platelets in x10^9/L.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

from engraft.core.transplant.conditioning import RecordedConditioning


class GraftSource(StrEnum):
    """Where the stem cells came from; cord blood has the later graft-failure limit."""

    BONE_MARROW = "bone_marrow"
    PERIPHERAL_BLOOD = "peripheral_blood"
    CORD_BLOOD = "cord_blood"


class Lineage(StrEnum):
    """The cells a chimerism result was measured in."""

    WHOLE_BLOOD = "whole_blood"
    CD3 = "cd3"  # T cells
    MYELOID = "myeloid"  # CD15 or CD33 sorted

    @property
    def label(self) -> str:
        """The lineage in words, for reasons shown to clinicians."""
        return {"whole_blood": "whole blood", "cd3": "T cells (CD3)"}.get(self.value, self.value)


# The flowsheet's analytes and their units (the core computes from anc and platelets).
ANALYTE_UNITS: dict[str, str] = {
    "anc": "x10^9/L",
    "wbc": "x10^9/L",
    "hb": "g/L",
    "platelets": "x10^9/L",
    "calcium": "mg/dL",
    "bilirubin": "mg/dL",
    "alt": "U/L",
    "creatinine": "mg/dL",
    "weight": "kg",
}


@dataclass(frozen=True)
class LabValue:
    """One value of one analyte on one day."""

    date: date
    analyte: str
    value: float


@dataclass(frozen=True)
class Transfusion:
    """A blood product given: ``product`` is "platelets" or "red_cells"."""

    date: date
    product: str
    volume_ml: float | None = None


@dataclass(frozen=True)
class GrowthFactor:
    """A growth factor given on a day (e.g. G-CSF): support for secondary graft failure."""

    date: date
    agent: str


@dataclass(frozen=True)
class ChimerismResult:
    """Donor cells as a percentage of one lineage, on one date."""

    date: date
    lineage: Lineage
    donor_percent: float


@dataclass(frozen=True)
class Episode:
    """What the engraftment, graft-failure and chimerism rules need from one transplant."""

    episode_id: str
    day0: date
    graft_source: GraftSource
    values: tuple[LabValue, ...] = ()
    transfusions: tuple[Transfusion, ...] = ()
    growth_factors: tuple[GrowthFactor, ...] = ()
    chimerism: tuple[ChimerismResult, ...] = ()
    conditioning: RecordedConditioning | None = None
    graft_cells: dict[str, float] = field(default_factory=dict)  # totals: tnc, cd34, cd3
    height_cm: float | None = None  # the record's latest height, for the BSA
    notes: tuple[str, ...] = ()

    def series(self, analyte: str) -> tuple[tuple[date, float], ...]:
        """(date, value) pairs of one analyte, in the order they were given."""
        return self._by_analyte.get(analyte, ())

    @cached_property
    def _by_analyte(self) -> dict[str, tuple[tuple[date, float], ...]]:
        # Each rule reads its series every day: index the values once (the ward evaluates
        # hundreds of episodes). cached_property writes __dict__, so a frozen class allows it.
        grouped: dict[str, list[tuple[date, float]]] = {}
        for v in self.values:
            grouped.setdefault(v.analyte, []).append((v.date, v.value))
        return {name: tuple(pairs) for name, pairs in grouped.items()}
