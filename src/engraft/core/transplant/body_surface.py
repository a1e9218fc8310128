"""Body surface area and the graft's cell doses per kg of the recipient.

BSA uses the Mosteller formula (Mosteller RD, N Engl J Med 1987;317:1098). The research
notes name no formula, so the choice is in-house and the citation is from memory; the
knowledge base says so (``body_surface_area``). It is one line of arithmetic, so no library.
Doses per kg use the recipient's weight on the infusion date: the latest weight recorded on
or before day 0, at most ``weight_max_age_days`` old (in-house).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from engraft.core.knowledge.loader import Citation
from engraft.core.transplant.knowledge import TransplantKnowledge, load_transplant_knowledge


class BodyMeasureError(ValueError):
    """A weight or height that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class BodySurfaceArea:
    """A body surface area with the formula and inputs that produced it."""

    square_metres: float
    formula: str
    weight_kg: float
    height_cm: float
    citations: tuple[Citation, ...]


def body_surface_area(
    weight_kg: float, height_cm: float, kb: TransplantKnowledge | None = None
) -> BodySurfaceArea:
    """Mosteller BSA in m2: sqrt(height_cm * weight_kg / 3600), rounded to 2 decimals.

    Source: Mosteller RD, N Engl J Med 1987;317:1098 (from memory; the formula choice is
    in-house, as ``body_surface_area`` in transplant.json says).
    """
    kb = kb or load_transplant_knowledge()
    if not weight_kg > 0:
        raise BodyMeasureError(f"weight_kg: {weight_kg} must be more than 0")
    if not height_cm > 0:
        raise BodyMeasureError(f"height_cm: {height_cm} must be more than 0")
    bsa = round(math.sqrt(height_cm * weight_kg / 3600), 2)
    fact = kb.body_surface_area
    return BodySurfaceArea(bsa, str(fact.value), weight_kg, height_cm, fact.citations)


@dataclass(frozen=True)
class WeightOnDay0:
    """The weight used for doses per kg and the date it was measured."""

    kg: float
    measured_on: date


def weight_on_infusion_date(
    weights: Iterable[tuple[date, float]], day0: date, kb: TransplantKnowledge | None = None
) -> WeightOnDay0:
    """The latest weight on or before day 0 and recent enough; BodyMeasureError otherwise."""
    kb = kb or load_transplant_knowledge()
    max_age = kb.count("weight_max_age_days")
    usable = [(d, kg) for d, kg in weights if d <= day0 and (day0 - d).days <= max_age]
    if not usable:
        raise BodyMeasureError(
            f"weight: none recorded in the {max_age} days up to day 0 ({day0.isoformat()})"
        )
    measured_on, kg = max(usable, key=lambda pair: pair[0])
    return WeightOnDay0(kg, measured_on)


@dataclass(frozen=True)
class CellDose:
    """One cell count of the graft as a total and per kg of the recipient."""

    marker: str  # "tnc", "cd34" or "cd3"
    label: str
    total_cells: float
    weight_kg: float
    cells_per_kg: float
    power_of_ten: int  # the display unit: x10^power cells/kg

    @property
    def display(self) -> str:
        """E.g. "CD34+ cells 5.2 x10^6/kg"."""
        scaled = self.cells_per_kg / 10**self.power_of_ten
        return f"{self.label} {scaled:.3g} x10^{self.power_of_ten}/kg"


def cell_doses_per_kg(
    totals: dict[str, float], weight_kg: float, kb: TransplantKnowledge | None = None
) -> tuple[CellDose, ...]:
    """Each total (absolute cells, keys "tnc", "cd34", "cd3") divided by the weight in kg."""
    kb = kb or load_transplant_knowledge()
    if not weight_kg > 0:
        raise BodyMeasureError(f"weight_kg: {weight_kg} must be more than 0")
    doses = []
    for marker, total in totals.items():
        if marker not in kb.cell_doses:
            raise BodyMeasureError(f"{marker}: not a graft cell count ({sorted(kb.cell_doses)})")
        if total < 0:
            raise BodyMeasureError(f"{marker}: {total} cells cannot be negative")
        unit = kb.cell_doses[marker]
        doses.append(
            CellDose(marker, unit.label, total, weight_kg, total / weight_kg, unit.power_of_ten)
        )
    return tuple(doses)
