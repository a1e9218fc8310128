"""Height and weight SDS (z-scores) and centiles, computed by rcpchgrowth.

rcpchgrowth is the RCPCH's library of the growth references (UK-WHO, WHO, CDC); Engraft does
not hold LMS tables of its own. A point that cannot be computed says why (sex not recorded as
male or female, a date before birth, an age outside the reference, a value the library takes
for an error) and carries no SDS: nothing is guessed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from engraft.core.growth.knowledge import load_growth_knowledge


class MeasurementKind(StrEnum):
    """What was measured; the values are rcpchgrowth's measurement methods."""

    HEIGHT = "height"  # length lying below 2 years, height standing from 2 (cm)
    WEIGHT = "weight"  # kg

    @property
    def unit(self) -> str:
        """The unit the value is given in."""
        return "cm" if self is MeasurementKind.HEIGHT else "kg"


# The sexes the references are tabulated for; any other recorded sex gets no SDS.
REFERENCE_SEXES = ("male", "female")


@dataclass(frozen=True)
class GrowthMeasurement:
    """One dated height (cm) or weight (kg) of the child."""

    measured_on: date
    kind: MeasurementKind
    value: float


@dataclass(frozen=True)
class GrowthPoint:
    """A measurement with its age, SDS and centile, or the reason they are missing."""

    measured_on: date
    kind: MeasurementKind
    value: float
    age_years: float | None
    sds: float | None
    centile: float | None
    reason: str = ""  # empty when the SDS was computed

    @property
    def computed(self) -> bool:
        """True when the SDS and centile were computed."""
        return self.sds is not None


def decimal_age(birth_date: date, on: date) -> float:
    """Age in decimal years as rcpchgrowth counts it (days / 365.25)."""
    from rcpchgrowth import chronological_decimal_age

    return float(chronological_decimal_age(birth_date, on))


def growth_points(
    *,
    sex: str,
    birth_date: date,
    measurements: Iterable[GrowthMeasurement],
    reference: str | None = None,
    gestation_weeks: int | None = None,
) -> tuple[GrowthPoint, ...]:
    """The SDS and centile of each height and weight, in date order (then height first).

    ``reference`` is "uk-who", "who" or "cdc" and ``gestation_weeks`` the gestation at birth;
    None takes the knowledge base's defaults (UK-WHO; 40 weeks, an in-house assumption: the
    record holds no gestation). The SDS is the chronological one (at 40 weeks it equals the
    corrected one). Raises ValueError for a reference growth.json does not list.
    """
    kb = load_growth_knowledge()
    reference = reference or str(kb.default_reference.value)
    if reference not in kb.references:
        raise ValueError(f"unknown growth reference {reference!r}: one of {sorted(kb.references)}")
    weeks = int(kb.default_gestation_weeks.value) if gestation_weeks is None else gestation_weeks
    ordered = sorted(measurements, key=lambda m: (m.measured_on, m.kind != MeasurementKind.HEIGHT))
    return tuple(_point(m, sex, birth_date, reference, weeks) for m in ordered)


def _point(
    m: GrowthMeasurement, sex: str, birth_date: date, reference: str, weeks: int
) -> GrowthPoint:
    def missing(reason: str, age: float | None = None) -> GrowthPoint:
        return GrowthPoint(m.measured_on, m.kind, m.value, age, None, None, reason)

    if m.measured_on < birth_date:
        return missing(f"measured on {m.measured_on.isoformat()}, before the birth date")
    age = decimal_age(birth_date, m.measured_on)
    if sex not in REFERENCE_SEXES:
        return missing(
            f"sex is recorded as {sex or 'blank'!r}: the growth references are for boys or "
            "girls, so no SDS is computed",
            age,
        )
    if not m.value > 0:
        return missing(f"the {m.kind.value} must be above zero", age)
    values = _calculate(m, sex, birth_date, reference, weeks)
    if isinstance(values, str):
        return missing(values, age)
    error = values.get("chronological_measurement_error")
    sds, centile = values.get("chronological_sds"), values.get("chronological_centile")
    if error or not _finite(sds) or not _finite(centile):
        return missing(f"not computed by rcpchgrowth: {error or 'no SDS returned'}", age)
    return GrowthPoint(m.measured_on, m.kind, m.value, age, float(sds), float(centile))


def _calculate(
    m: GrowthMeasurement, sex: str, birth_date: date, reference: str, weeks: int
) -> dict[str, Any] | str:
    """rcpchgrowth's calculated values, or the library's reason when it refuses the input."""
    from rcpchgrowth import Measurement

    try:
        result = Measurement(
            sex=sex,
            birth_date=birth_date,
            observation_date=m.measured_on,
            measurement_method=m.kind.value,
            observation_value=float(m.value),
            reference=reference,
            gestation_weeks=weeks,
            gestation_days=0,
        ).measurement
    except Exception as exc:  # the library raises bare exceptions for input it refuses
        return f"not computed by rcpchgrowth: {exc}"
    value_error = result["child_observation_value"].get("observation_value_error")
    age_error = result["measurement_dates"].get("chronological_decimal_age_error")
    values = dict(result["measurement_calculated_values"])
    # An age outside the reference or a value beyond +/-8 SD is reported, not raised.
    if age_error or value_error:
        return f"not computed by rcpchgrowth: {age_error or value_error}"
    return values


def _finite(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
