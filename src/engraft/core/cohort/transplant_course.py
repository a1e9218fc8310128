"""A seeded synthetic course of the first 100 days after HSCT, for the demo and the benchmark.

Given the donor type, the graft source and the conditioning regimen, one ``random.Random(seed)``
draws whether the graft takes and when, then writes daily counts (ANC, WBC, Hb, platelets),
chemistry (calcium, bilirubin, ALT, creatinine), weights, transfusions, G-CSF and chimerism on
days +14, +28, +56 and +100, as the core's :class:`Episode` reads them. No real patient data.

Figures taken from the research notes (clinical.md):
- graft failure is the leading cause of death and is more common with alternative donors and
  cord blood (Orchard 2015, Blood 126:270; section 4a); day-28 neutrophil recovery was 66 %
  after matched sibling and 61 % after alternative donors (Orchard 2015, section 3);
- the early Minnesota series had 8/10 primary engraftments and 2 secondary graft failures
  (BMT 1998;22:941, section 3);
- under reduced-intensity Bu/Flu/TLI, 6/6 marrow or PBSC grafts engrafted and 0/5 unrelated
  cord blood grafts did (BMT 2006;38:783, section 3);
- TCR-alpha-beta depleted haploidentical grafts for non-malignant disease: graft failure
  30.4 % (Blood Adv 2022;6:281, section 3);
- hypercalcaemia after engraftment (serum Ca > 11.0 mg/dL) in 40 % (6/15), median onset day
  +23, lasting 2-24 days (Martinez 2010, BMT 45:939, section 4a);
- the definitions the course is drawn to meet: ANC >= 0.5 on 3 days, platelets >= 20 with no
  platelet transfusion for 7 days, primary failure by day +30 (marrow, PBSC) or +42 (cord),
  full chimerism > 95 % (ASTCT 2021, section 4b).
In-house (not in the notes, labelled so in ``IN_HOUSE``): the exact failure probabilities
drawn from those anchors, the recovery windows by source (marrow day +15-25, PBSC +11-18,
cord +20-35), platelet recovery timing, the shape of every curve, transfusion triggers,
discharge, weights and chemistry values. They make a plausible picture, not an estimate.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from engraft.core.cohort.shares import HYPERCALCAEMIA_AFTER_HSCT
from engraft.core.transplant.days import date_of_day
from engraft.core.transplant.episode import (
    ChimerismResult,
    Episode,
    GraftSource,
    GrowthFactor,
    LabValue,
    Lineage,
    Transfusion,
)

# The donor types of the transplant app (``DonorType`` there), as plain keys.
MATCHED_SIBLING = "matched_sibling"
DONOR_TYPES = (
    MATCHED_SIBLING,
    "matched_related",
    "haploidentical",
    "matched_unrelated",
    "mismatched_unrelated",
    "cord",
)
REDUCED_INTENSITY = "reduced_intensity"
CHIMERISM_DAYS = (14, 28, 56, 100)
FIRST_DAY = -10  # admission: conditioning starts within the ten days before day 0

IN_HOUSE = (
    "failure probabilities (anchored on Orchard 2015, Minnesota 1998/2006, Blood Adv 2022)",
    "neutrophil recovery windows by graft source",
    "platelet recovery timing, transfusion triggers and every curve's shape",
    "discharge day, weights and chemistry values",
)


class Outcome(StrEnum):
    """What the course is drawn to show by day +100."""

    ENGRAFTED = "engrafted"
    PRIMARY_GRAFT_FAILURE = "primary_graft_failure"
    SECONDARY_GRAFT_FAILURE = "secondary_graft_failure"


@dataclass(frozen=True)
class FailureRisk:
    """The probabilities of primary and of secondary graft failure for one kind of graft."""

    primary: float
    secondary: float

    @property
    def total(self) -> float:
        return self.primary + self.secondary


# In-house probabilities, anchored on the figures of the module docstring: matched sibling
# about 1 in 5 (Minnesota 1998: 2/10 primary, 2 secondary; day-28 recovery 66 %), alternative
# donors about 3 in 10 (Blood Adv 2022: 30.4 %), cord blood higher, cord under RIC almost
# always (Minnesota 2006: 0/5 engrafted).
RISK_MATCHED_SIBLING = FailureRisk(primary=0.12, secondary=0.06)
RISK_ALTERNATIVE = FailureRisk(primary=0.18, secondary=0.10)
RISK_CORD = FailureRisk(primary=0.25, secondary=0.10)
RISK_CORD_UNDER_RIC = FailureRisk(primary=0.90, secondary=0.05)

# First day of the 3 days with ANC >= 0.5 (in-house windows, inclusive).
NEUTROPHIL_WINDOWS: dict[GraftSource, tuple[int, int]] = {
    GraftSource.BONE_MARROW: (15, 25),
    GraftSource.PERIPHERAL_BLOOD: (11, 18),
    GraftSource.CORD_BLOOD: (20, 35),
}
# Days from neutrophil to platelet recovery (in-house; cord later).
PLATELET_DELAY: dict[GraftSource, tuple[int, int]] = {
    GraftSource.BONE_MARROW: (5, 15),
    GraftSource.PERIPHERAL_BLOOD: (3, 10),
    GraftSource.CORD_BLOOD: (12, 25),
}


@dataclass(frozen=True)
class TransplantCourse:
    """A generated course: the episode the core reads and what it was drawn to show."""

    episode: Episode
    donor_type: str
    regimen: str
    outcome: Outcome
    neutrophil_day: int | None  # the intended first day of the ANC run, None if never
    platelet_day: int | None
    loss_day: int | None  # secondary failure: the first day of the lost counts
    discharge_day: int | None
    hypercalcaemia_days: tuple[int, ...]  # days with calcium > 11.0 mg/dL
    height_cm: float

    def values_of(self, analyte: str) -> tuple[LabValue, ...]:
        return tuple(v for v in self.episode.values if v.analyte == analyte)


def failure_risk(donor_type: str, graft_source: GraftSource, intensity: str) -> FailureRisk:
    """The graft-failure probabilities the generator draws from (in-house, see module doc)."""
    if donor_type not in DONOR_TYPES:
        raise ValueError(f"donor_type: {donor_type!r} is not one of {', '.join(DONOR_TYPES)}")
    if graft_source is GraftSource.CORD_BLOOD:
        return RISK_CORD_UNDER_RIC if intensity == REDUCED_INTENSITY else RISK_CORD
    return RISK_MATCHED_SIBLING if donor_type == MATCHED_SIBLING else RISK_ALTERNATIVE


def draw_outcome(rng: random.Random, risk: FailureRisk) -> Outcome:
    """Primary failure, secondary failure or a graft that takes, with ``risk``'s shares."""
    u = rng.random()
    if u < risk.primary:
        return Outcome.PRIMARY_GRAFT_FAILURE
    if u < risk.total:
        return Outcome.SECONDARY_GRAFT_FAILURE
    return Outcome.ENGRAFTED


def generate_course(
    *,
    seed: int,
    day0: date,
    donor_type: str,
    graft_source: GraftSource,
    regimen: str,
    intensity: str,
    weight_kg: float,
    height_cm: float,
    episode_id: str = "synthetic",
    outcome: Outcome | None = None,
    last_day: int = 100,
    every_after_discharge: int = 3,
) -> TransplantCourse:
    """A plausible course from day -10 to ``last_day``, the same for the same arguments.

    ``outcome`` forces what the course shows (the demo wants one graft failure for sure);
    otherwise it is drawn with :func:`failure_risk`. ``intensity`` is the regimen's
    intensity from transplant.json ("reduced_intensity" raises the cord-blood risk).
    Counts are daily on the ward and every ``every_after_discharge`` days after it (the
    benchmark asks for 1: a year of daily values).
    """
    rng = random.Random(seed)
    outcome = outcome or draw_outcome(rng, failure_risk(donor_type, graft_source, intensity))
    low, high = NEUTROPHIL_WINDOWS[graft_source]
    n_day: int | None = rng.randint(low, high)
    loss_day = None
    if outcome is Outcome.PRIMARY_GRAFT_FAILURE:
        n_day = None
    elif outcome is Outcome.SECONDARY_GRAFT_FAILURE:
        assert n_day is not None
        loss_day = n_day + rng.randint(8, 25)
    p_day = None
    if n_day is not None:
        d_low, d_high = PLATELET_DELAY[graft_source]
        p_day = n_day + rng.randint(d_low, d_high)
        if loss_day is not None and p_day >= loss_day - 2:
            p_day = None  # the counts fell before the platelets recovered
    discharge = None if outcome is not Outcome.ENGRAFTED else (p_day or 40) + rng.randint(3, 10)
    days = _sampled_days(discharge, last_day, every_after_discharge)
    anc = {d: _anc(rng, d, n_day, loss_day) for d in days}
    platelets, transfusions = _platelets(rng, days, p_day, loss_day, day0)
    hb, red_cells = _haemoglobin(rng, days, day0, recovering=n_day, lost=loss_day)
    hyper = _hypercalcaemia_days(rng, n_day, loss_day, last_day)
    values: list[LabValue] = []
    for d in days:
        on = date_of_day(day0, d)
        lymph = rng.uniform(0.05, 0.3) if d < (n_day or 999) else rng.uniform(0.3, 1.5)
        calcium = rng.uniform(11.2, 13.4) if d in hyper else rng.uniform(8.4, 10.2)
        for analyte, value in (
            ("anc", anc[d]),
            ("wbc", anc[d] + lymph),
            ("hb", hb[d] * 10),  # the core's flowsheet unit is g/L
            ("platelets", platelets[d]),
            ("calcium", calcium),
            ("bilirubin", rng.uniform(0.3, 1.1)),
            ("alt", rng.uniform(12, 70)),
            ("creatinine", rng.uniform(0.2, 0.45)),
        ):
            values.append(LabValue(on, analyte, round(value, 2)))
    values += _weights(rng, days, day0, weight_kg)
    growth = tuple(
        GrowthFactor(date_of_day(day0, d), "G-CSF")
        for d in days
        if (n_day is None and d >= 21) or (loss_day is not None and d >= loss_day + 1)
    )
    chimerism = _chimerism(rng, day0, outcome, last_day)
    episode = Episode(
        episode_id=episode_id,
        day0=day0,
        graft_source=graft_source,
        values=tuple(values),
        transfusions=tuple(sorted(transfusions + red_cells, key=lambda t: t.date)),
        growth_factors=growth,
        chimerism=chimerism,
        height_cm=height_cm,
    )
    return TransplantCourse(
        episode=episode,
        donor_type=donor_type,
        regimen=regimen,
        outcome=outcome,
        neutrophil_day=n_day,
        platelet_day=p_day,
        loss_day=loss_day,
        discharge_day=discharge,
        hypercalcaemia_days=tuple(sorted(hyper)),
        height_cm=height_cm,
    )


def _sampled_days(discharge: int | None, last_day: int, every: int) -> list[int]:
    """Daily on the ward; every ``every`` days after discharge (3: within a run's gap)."""
    out, d = [], FIRST_DAY
    while d <= last_day:
        out.append(d)
        d += 1 if discharge is None or d < discharge else every
    return out


def _anc(rng: random.Random, d: int, n_day: int | None, loss_day: int | None) -> float:
    """ANC x10^9/L: falls with the conditioning, aplasia, then recovery on ``n_day``."""
    if d < -4:
        return rng.uniform(1.2, 3.5)  # before the conditioning takes effect
    if d < 0:
        return rng.uniform(0.6, 1.6) * math.exp(-(d + 4) / 2)  # falling towards day 0
    if loss_day is not None and d >= loss_day:
        return rng.uniform(0.02, 0.35)
    if n_day is None or d < n_day:
        # Aplasia; a count rising towards recovery stays below the 0.5 threshold.
        near = n_day is not None and d >= n_day - 3
        return rng.uniform(0.15, 0.45) if near else rng.uniform(0.0, 0.12)
    return min(6.0, rng.uniform(0.55, 0.9) + 0.08 * (d - n_day) * rng.uniform(0.6, 1.4))


def _platelets(
    rng: random.Random, days: list[int], p_day: int | None, loss_day: int | None, day0: date
) -> tuple[dict[int, float], list[Transfusion]]:
    """Platelets x10^9/L and the platelet transfusions that kept them up before recovery.

    Transfusions stop 8-11 days before the recovery day so that the 7 transfusion-free days
    of the definition hold; until then each one lifts the count for a day or two.
    """
    counts: dict[int, float] = {}
    given: list[Transfusion] = []
    stop = (p_day - rng.randint(8, 11)) if p_day is not None else None
    since = 99
    for d in days:
        since += 1
        if d < -3:
            counts[d] = rng.uniform(40, 110)  # before conditioning: the disease's low count
            continue
        recovering = p_day is not None and d >= p_day and (loss_day is None or d < loss_day)
        if recovering:
            assert p_day is not None
            counts[d] = min(350.0, rng.uniform(21, 30) + 4.5 * (d - p_day) * rng.uniform(0.6, 1.4))
            continue
        waiting = stop is not None and d >= stop and (loss_day is None or d < loss_day)
        base = rng.uniform(11, 19) if waiting else rng.uniform(5, 16)
        bump = {1: rng.uniform(22, 40), 2: rng.uniform(12, 22)}.get(since, 0.0)
        counts[d] = max(base, bump) if bump else base
        if not waiting and base < 12 and since >= 3:
            given.append(Transfusion(date_of_day(day0, d), "platelets", rng.choice([50, 100])))
            since = 0
    return counts, given


def _haemoglobin(
    rng: random.Random, days: list[int], day0: date, recovering: int | None, lost: int | None
) -> tuple[dict[int, float], list[Transfusion]]:
    """Hb g/dL drifting down to a red-cell transfusion at < 7.5, recovering after engraftment."""
    hb, given = {}, []
    level = rng.uniform(8.5, 10.5)
    for d in days:
        making = recovering is not None and d >= recovering + 7 and (lost is None or d < lost)
        level += rng.uniform(0.0, 0.12) if making else -rng.uniform(0.05, 0.3)
        level = min(level, 12.5)
        if level < 7.5:
            given.append(Transfusion(date_of_day(day0, d), "red_cells", rng.choice([100, 150])))
            level += rng.uniform(2.0, 3.0)
        hb[d] = level
    return hb, given


def _hypercalcaemia_days(
    rng: random.Random, n_day: int | None, loss_day: int | None, last_day: int
) -> set[int]:
    """After engraftment, in 40 % (Martinez 2010): onset around day +23, 2-24 days long."""
    if n_day is None or rng.random() >= HYPERCALCAEMIA_AFTER_HSCT:
        return set()
    onset = max(n_day + 2, rng.randint(16, 32))
    end = min(onset + rng.randint(2, 24), loss_day or last_day + 1)
    return set(range(onset, end))


def _weights(rng: random.Random, days: list[int], day0: date, weight_kg: float) -> list[LabValue]:
    """A weight each sampled day: a small loss in aplasia, regained later (in-house)."""
    out = []
    for d in days:
        dip = 0.06 * weight_kg * math.exp(-(((d - 12) / 12) ** 2))
        kg = weight_kg - dip + 0.004 * weight_kg * max(0, d) / 10 + rng.uniform(-0.05, 0.05)
        out.append(LabValue(date_of_day(day0, d), "weight", round(kg, 2)))
    return out


def _chimerism(
    rng: random.Random, day0: date, outcome: Outcome, last_day: int
) -> tuple[ChimerismResult, ...]:
    """Donor % by lineage on days +14, +28, +56, +100: full, stable mixed or falling."""
    mixed = outcome is Outcome.ENGRAFTED and rng.random() < 0.2  # in-house share
    start = rng.uniform(85, 97) if outcome is Outcome.SECONDARY_GRAFT_FAILURE else 0.0
    # A graft that takes is stable or rising (never drawn to look like a falling trend).
    whole_level = rng.uniform(60, 85) if mixed else rng.uniform(96, 99)
    cd3_level = rng.uniform(50, 80) if mixed else rng.uniform(88, 95)
    out = []
    for k, d in enumerate(CHIMERISM_DAYS):
        if d > last_day:
            break
        if outcome is Outcome.ENGRAFTED:
            # Non-decreasing: the core reads two small consecutive falls as a falling trend.
            whole_level += rng.uniform(0.0, 1.0) if k else 0.0
            cd3_level += rng.uniform(1.0, 2.5) if k else 0.0
            whole = min(100.0, whole_level)
            myeloid = min(100.0, whole_level + 0.5)
            cd3 = min(100.0, cd3_level)
        elif outcome is Outcome.PRIMARY_GRAFT_FAILURE:
            whole = rng.uniform(0, 4)
            myeloid, cd3 = rng.uniform(0, 3), rng.uniform(0, 8)
        else:
            whole = max(1.0, start - k * rng.uniform(22, 30))
            myeloid, cd3 = max(0.5, whole - rng.uniform(2, 8)), min(100.0, whole + 5)
        on = date_of_day(day0, d)
        for lineage, pct in (
            (Lineage.WHOLE_BLOOD, whole),
            (Lineage.MYELOID, myeloid),
            (Lineage.CD3, cd3),
        ):
            out.append(ChimerismResult(on, lineage, round(pct, 1)))
    return tuple(out)
