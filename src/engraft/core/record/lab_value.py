"""Normalise a laboratory value entered by a person or a lab system to the canonical unit.

Refuses what cannot be a real measurement (unknown unit, impossible value, dated before
birth) with an error that names the field, and flags values that are possible but unusual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from engraft.core.record.analytes import Analyte, UnknownAnalyteError, get_analyte

# Lab exports spell units many ways; these are the common spellings of the UCUM units in the
# catalogue, compared after removing spaces and lower-casing. UCUM itself is case-sensitive,
# but no two catalogued units differ only by case, so folding case loses nothing here.
_UNIT_ALIASES: dict[str, str] = {
    "g/dl": "g/dL",
    "g/l": "g/L",
    "mg/dl": "mg/dL",
    "mmol/l": "mmol/L",
    "umol/l": "umol/L",
    "µmol/l": "umol/L",
    "μmol/l": "umol/L",
    "pg/ml": "pg/mL",
    "ng/l": "ng/L",
    "pmol/l": "pmol/L",
    "ng/ml": "ng/mL",
    "nmol/l": "nmol/L",
    "ug/l": "ug/L",
    "µg/l": "ug/L",
    "μg/l": "ug/L",
    "u/l": "U/L",
    "iu/l": "U/L",
    "[iu]/l": "U/L",
    "ukat/l": "ukat/L",
    "µkat/l": "ukat/L",
    "μkat/l": "ukat/L",
    "meq/l": "meq/L",
    "10*9/l": "10*9/L",
    "10^9/l": "10*9/L",
    "x10^9/l": "10*9/L",
    "x10e9/l": "10*9/L",
    "giga/l": "10*9/L",
    "g/l(cells)": "10*9/L",
    "10*3/ul": "10*3/uL",
    "10^3/ul": "10*3/uL",
    "x10^3/ul": "10*3/uL",
    "k/ul": "10*3/uL",
    "/nl": "/nL",
    "/ul": "/uL",
    "cells/ul": "/uL",
}


class LabFlag(StrEnum):
    """Why a value that was accepted deserves a second look."""

    UNUSUALLY_LOW = "unusually_low"
    UNUSUALLY_HIGH = "unusually_high"


class LabValueError(ValueError):
    """A lab value was refused; ``field`` names the input that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NormalisedLabValue:
    """A value in the analyte's canonical UCUM unit, with what was entered and any flags."""

    analyte: Analyte
    value: float
    unit: str
    entered_value: float
    entered_unit: str
    flags: tuple[LabFlag, ...]
    flag_source: str  # where the unusual range comes from (usually "in-house")


def canonical_ucum(unit: str) -> str | None:
    """The catalogue's UCUM spelling of ``unit``, or None if it is not a known spelling."""
    folded = "".join(unit.split()).lower()
    return _UNIT_ALIASES.get(folded)


def parse_number(text: str, field: str = "value") -> float:
    """Read a decimal number written with a point or a decimal comma; refuse anything else."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        raise LabValueError(field, "is empty")
    try:
        number = float(cleaned)
    except ValueError:
        raise LabValueError(field, f"{text!r} is not a number") from None
    if not math.isfinite(number):
        raise LabValueError(field, f"{text!r} is not a finite number")
    return number


def normalise_lab_value(
    analyte_code: str,
    value: float | str,
    unit: str,
    *,
    collected_at: datetime | None = None,
    birth_date: date | None = None,
    today: date | None = None,
) -> NormalisedLabValue:
    """Convert ``value`` in ``unit`` to the analyte's canonical unit and check it is possible.

    ``analyte_code`` is a catalogue key or a LOINC code. ``today``, when given, refuses a
    collection dated after it. Raises :class:`LabValueError` whose ``field`` is one of
    ``analyte``, ``unit``, ``value``, ``collected_at``.
    """
    try:
        analyte = get_analyte(analyte_code)
    except UnknownAnalyteError as error:
        raise LabValueError("analyte", str(error)) from None
    if collected_at is not None:
        check_collected_at(collected_at, birth_date, today)
    number = parse_number(value) if isinstance(value, str) else float(value)
    if not math.isfinite(number):
        raise LabValueError("value", f"{value!r} is not a finite number")
    ucum = canonical_ucum(unit)
    factor = analyte.factor_for(ucum) if ucum else None
    if factor is None:
        accepted = ", ".join(analyte.accepted_units)
        raise LabValueError(
            "unit", f"{unit!r} is not a unit for {analyte.display}; use one of: {accepted}"
        )
    # rounded so that a converted value prints and round-trips cleanly (6 decimals is far
    # below any lab's precision)
    canonical = round(number * factor, 6)
    low, high = analyte.possible
    if not low <= canonical <= high:
        raise LabValueError(
            "value",
            f"{number:g} {ucum} ({canonical:.4g} {analyte.unit}) is outside what is "
            f"physiologically possible for {analyte.display} ({low:g}-{high:g} {analyte.unit}; "
            f"limits: {analyte.limits_source})",
        )
    return NormalisedLabValue(
        analyte=analyte,
        value=canonical,
        unit=analyte.unit,
        entered_value=number,
        entered_unit=ucum,
        flags=flags_for(analyte, canonical),
        flag_source=analyte.limits_source,
    )


def flags_for(analyte: Analyte, canonical_value: float) -> tuple[LabFlag, ...]:
    """Flags for a value already in the canonical unit (outside the unusual range)."""
    low, high = analyte.unusual
    if canonical_value < low:
        return (LabFlag.UNUSUALLY_LOW,)
    if canonical_value > high:
        return (LabFlag.UNUSUALLY_HIGH,)
    return ()


def check_collected_at(
    collected_at: datetime, birth_date: date | None, today: date | None = None
) -> None:
    """Refuse a naive collection time, one before the child was born, or one after ``today``.

    The date compared is the collection's own calendar date (in the zone it was written in).
    """
    if collected_at.tzinfo is None or collected_at.utcoffset() is None:
        raise LabValueError("collected_at", "needs a time zone (e.g. 2024-03-01T08:30+01:00)")
    if birth_date is not None and collected_at.date() < birth_date:
        raise LabValueError(
            "collected_at",
            f"{collected_at.date().isoformat()} is before the date of birth "
            f"{birth_date.isoformat()}",
        )
    if today is not None and collected_at.date() > today:
        raise LabValueError(
            "collected_at",
            f"{collected_at.date().isoformat()} is in the future (today is {today.isoformat()})",
        )
