"""A seeded synthetic cohort of transplant outcomes, for the benchmark, the docs and tests.

No real patient data: every value is drawn from ``random.Random(seed)``, so a seed always
gives the same cohort. The picture is plausible, not an estimate of anything:

- graft source bone marrow 64 %, peripheral blood 27.4 %, cord blood the rest; donors MSD
  29.2 %, MRD 10.9 %, MUD 24.4 %, MMRD 23.6 %, MMUD 11.9 %; conditioning Bu/Flu 43.5 %,
  Bu/Cy 33.1 %, Treo/Flu/Thiotepa 18.5 %; median age 0.7 years (EBMT registry 2025,
  clinical.md section 3); genes by the shares of ``engraft.core.cohort.shares``;
- survival at 5 years about 62 % after a matched sibling and 42 % after other donors
  (Orchard 2015), better in later eras (Driessen 2003); graft failure the leading cause of
  death (Orchard 2015);
- graft-failure risks and neutrophil recovery windows of ``engraft.core.cohort.
  transplant_course`` (in-house, anchored there); VOD about 20 % (Orchard 2015);
  hypercalcaemia in about a quarter of engrafted children (Gerritsen 1994).

In-house: everything else (the timing of deaths and events, GVHD rates, second transplants,
loss to follow-up, and the share of facts left unknown).
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from engraft.core.assessment.case import DonorType
from engraft.core.cohort.shares import GENE_SHARES
from engraft.core.cohort.transplant_course import NEUTROPHIL_WINDOWS
from engraft.core.outcomes.records import DeathCause, Event, TransplantOutcome
from engraft.core.transplant.episode import GraftSource

SOURCES = ((GraftSource.BONE_MARROW, 0.64), (GraftSource.PERIPHERAL_BLOOD, 0.274))
DONORS = (
    (DonorType.MSD, 0.292),
    (DonorType.MRD, 0.109),
    (DonorType.MUD, 0.244),
    (DonorType.MMRD, 0.236),
    (DonorType.MMUD, 0.119),
)
CONDITIONING = (
    ("bu_flu", 0.435),
    ("bu_cy", 0.331),
    ("treo_flu_thiotepa", 0.185),
    ("flu_bu_cy", 0.02),
    ("bu_flu_tli_ric", 0.015),
    ("other_ric", 0.014),
)
MEDIAN_AGE_DAYS = 0.7 * 365.25  # EBMT 2025
# In-house: probability of death within 5 years by donor (Orchard 2015: 38 % MSD, 58 % others).
DEATH_BY_5_YEARS = {
    DonorType.MSD: 0.38,
    DonorType.MRD: 0.55,
    DonorType.MUD: 0.56,
    DonorType.MMRD: 0.60,
    DonorType.MMUD: 0.58,
    DonorType.UCB: 0.60,
}
# In-house graft-failure probabilities (as transplant_course: sibling, alternative, cord).
GRAFT_FAILURE = {DonorType.MSD: 0.18, DonorType.UCB: 0.35}
GRAFT_FAILURE_OTHER = 0.28
GRAFT_FAILURE_CORD_RIC = 0.95
AGVHD = {DonorType.MSD: 0.15, DonorType.UCB: 0.25}
AGVHD_OTHER = 0.30
CGVHD = {DonorType.MSD: 0.10}
CGVHD_OTHER = 0.20
VOD = 0.20  # Orchard 2015: about 20 %
HYPERCALCAEMIA = 0.24  # Gerritsen 1994: 24 % of engrafted patients
LOST_TO_FOLLOW_UP = 0.10
OTHER_CAUSES = (
    (DeathCause.INFECTION, 0.3),
    (DeathCause.PULMONARY, 0.2),
    (DeathCause.VOD, 0.15),
    (DeathCause.GVHD, 0.15),
    (DeathCause.OTHER, 0.2),
)


def _pick(rng: random.Random, table, rest=None):
    x = rng.random()
    for value, share in table:
        if x < share:
            return value
        x -= share
    return rest if rest is not None else table[-1][0]


def _era_factor(year: int) -> float:
    """In-house: later eras do better (Driessen 2003's haplo figures improved after 1994)."""
    if year < 2000:
        return 1.3
    if year < 2010:
        return 1.0
    return 0.75


def synthetic_outcome(
    rng: random.Random,
    number: int,
    *,
    first_day: date,
    end_date: date,
    unknown_share: float = 0.02,
    prefix: str = "SYN",
) -> TransplantOutcome:
    """One synthetic transplant on a day 0 between ``first_day`` and ``end_date``."""
    span = (end_date - first_day).days
    day0 = first_day + timedelta(days=rng.randrange(span))
    source = _pick(rng, SOURCES, GraftSource.CORD_BLOOD)
    donor = DonorType.UCB if source is GraftSource.CORD_BLOOD else _pick(rng, DONORS)
    regimen = _pick(rng, CONDITIONING, "bu_flu")
    gene = _pick(rng, GENE_SHARES)
    age = int(min(15 * 365.25, math.exp(rng.gauss(math.log(MEDIAN_AGE_DAYS), 0.8))))
    cord_ric = donor is DonorType.UCB and regimen in ("bu_flu_tli_ric", "other_ric")

    # Graft: primary failure by the limit day, secondary later; otherwise engraftment.
    failure_risk = (
        GRAFT_FAILURE_CORD_RIC if cord_ric else GRAFT_FAILURE.get(donor, GRAFT_FAILURE_OTHER)
    )
    low, high = NEUTROPHIL_WINDOWS[source]
    engraft_day: int | None = rng.randint(low, high)
    failure_day: int | None = None
    if rng.random() < failure_risk:
        if rng.random() < 0.6:  # primary
            engraft_day = None
            failure_day = 42 if source is GraftSource.CORD_BLOOD else 30
        else:
            failure_day = rng.randint(engraft_day + 14, 365)
    second_day = failure_day + rng.randint(20, 120) if failure_day and rng.random() < 0.6 else None

    # Death: most early, some late; graft failure raises the risk.
    p_death = min(0.95, DEATH_BY_5_YEARS[donor] * _era_factor(day0.year))
    if failure_day is not None:
        p_death = min(0.95, p_death + 0.25)
    death_day: int | None = None
    if rng.random() < p_death:
        early = rng.random() < 0.7
        death_day = int(rng.expovariate(1 / 60)) if early else rng.randint(180, 1826)
        if failure_day is not None and rng.random() < 0.7:
            death_day = max(death_day, failure_day + rng.randint(0, 90))
    cause = None
    if death_day is not None:
        gf_first = failure_day is not None and failure_day <= death_day
        cause = (
            DeathCause.GRAFT_FAILURE
            if gf_first and rng.random() < 0.6
            else _pick(rng, OTHER_CAUSES)
        )

    agvhd_day = rng.randint(14, 60) if rng.random() < AGVHD.get(donor, AGVHD_OTHER) else None
    cgvhd_day = rng.randint(100, 400) if rng.random() < CGVHD.get(donor, CGVHD_OTHER) else None
    vod_day = rng.randint(5, 30) if rng.random() < VOD else None
    hyper_day = (
        rng.randint(10, 60) if engraft_day is not None and rng.random() < HYPERCALCAEMIA else None
    )

    # Follow-up ends at death, at the end date, or when the family is lost to follow-up.
    end = (end_date - day0).days
    if rng.random() < LOST_TO_FOLLOW_UP:
        end = min(end, rng.randint(0, max(0, end)))
    died = death_day is not None and death_day <= end
    last = death_day if died else end
    assert last is not None

    def event(day: int | None) -> Event:
        if day is not None and day <= last:
            return Event.on(day)
        if rng.random() < unknown_share:
            return Event.unknown()
        return Event.none()

    def known(value):
        return None if rng.random() < unknown_share else value

    return TransplantOutcome(
        transplant_id=f"{prefix}-{number:06d}",
        transplant_date=day0,
        last_contact_day=last,
        age_at_transplant_days=known(age),
        donor_type=known(donor),
        graft_source=known(source),
        conditioning=known(regimen),
        gene=known(gene),
        neutrophil_engraftment=event(engraft_day),
        graft_failure=event(failure_day),
        second_transplant=event(second_day),
        agvhd_2_4=event(agvhd_day),
        cgvhd=event(cgvhd_day),
        vod=event(vod_day),
        hypercalcaemia=event(hyper_day),
        death=Event.on(last) if died else Event.none(),
        death_cause=cause if died else None,
    )


def synthetic_outcomes(
    count: int,
    *,
    seed: int,
    end_date: date,
    first_year: int = 1990,
    unknown_share: float = 0.02,
) -> list[TransplantOutcome]:
    """``count`` synthetic transplants from ``first_year`` to ``end_date``, the same for a seed."""
    rng = random.Random(seed)
    first = date(first_year, 1, 1)
    return [
        synthetic_outcome(rng, i, first_day=first, end_date=end_date, unknown_share=unknown_share)
        for i in range(1, count + 1)
    ]
