"""Transplanted children in the demo: episodes with 100 days of synthetic ward data (seeded).

The children at the "transplanted" stage of the demo cohort are on the ward now, between day
0 and day +100 of today's date, one of them on a second transplant after a cord graft failed;
children at "follow-up" have a closed episode. Courses come from the pure generator
(``engraft.core.cohort.transplant_course``); the daily counts are written as the record's lab
results and the weights as its body measurements, checked by the same lab-value rules as
``engraft import-labs``, so the flowsheet, the ward and the summaries read real-looking data.
Idempotent: a child who already has an episode is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.cohort.transplant_course import Outcome, TransplantCourse, generate_course
from engraft.core.record.analytes import get_analyte
from engraft.core.record.lab_value import normalise_lab_value
from engraft.core.transplant import GraftSource, load_transplant_knowledge
from engraft.donors.models import DonorSelection, DonorSource
from engraft.donors.selectors import FAMILY_ROLES
from engraft.record.models import BodyMeasurement, LabResult, Patient
from engraft.workup.models import WorkupPlan

from .models import (
    ChimerismResult,
    ConditioningAgent,
    EpisodeStatus,
    GrowthFactorDose,
    RetransplantReason,
    Transfusion,
    TransplantEpisode,
)
from .selectors import RECORD_ANALYTES

DEMO_SEED = 20261210
DEMO_LAB = "Demo ward laboratory (synthetic)"
# Day +N today of the children on the ward, one a child (in-house spread over 100 days).
WARD_DAYS = (3, 11, 18, 26, 34, 47, 63, 88)
FOLLOW_UP_EPISODES = 3
# The second transplant: the first (cord blood) failed, the second is on the ward at day +N.
RETRANSPLANT_GAP_DAYS = 56  # day 0 of the second transplant, counted from the first (in-house)

# The core's analyte names -> the record's (key, canonical unit); values are divided by the
# selectors' factor (Hb: the core reads g/L, the record keeps g/dL).
CORE_TO_RECORD = {core: (key, factor) for key, (core, factor) in RECORD_ANALYTES.items()}


@dataclass(frozen=True)
class Plan:
    """What one demo episode is: its graft, its regimen and how it is drawn to go."""

    donor_type: str
    graft_source: GraftSource
    regimen: str
    outcome: Outcome | None = None  # None: drawn from the generator's failure risk


# The ward's outcomes are set rather than drawn so that the demo always shows one primary and
# one secondary graft failure and a second transplant, next to grafts that took.
# In-house mix, roughly the EBMT registry's (clinical.md 3: MSD 29 %, MUD 24 %, MMRD 24 %;
# marrow 64 %, PBSC 27 %, the rest cord; Bu/Flu 43.5 %, Bu/Cy 33 %, Treo/Flu/Thiotepa 18.5 %).
PLANS = (
    Plan("matched_sibling", GraftSource.BONE_MARROW, "bu_flu", Outcome.ENGRAFTED),
    Plan("matched_unrelated", GraftSource.BONE_MARROW, "bu_cy"),  # day +11: too early to tell
    Plan("haploidentical", GraftSource.PERIPHERAL_BLOOD, "treo_flu_thiotepa", Outcome.ENGRAFTED),
    Plan("matched_sibling", GraftSource.BONE_MARROW, "bu_cy", Outcome.ENGRAFTED),
    # Day +34: past the day +30 limit without neutrophils, the re-transplant alert is up.
    Plan(
        "mismatched_unrelated",
        GraftSource.PERIPHERAL_BLOOD,
        "bu_flu",
        Outcome.PRIMARY_GRAFT_FAILURE,
    ),
    Plan("cord", GraftSource.CORD_BLOOD, "bu_flu", Outcome.ENGRAFTED),
    Plan("haploidentical", GraftSource.BONE_MARROW, "flu_bu_cy", Outcome.SECONDARY_GRAFT_FAILURE),
    Plan("matched_unrelated", GraftSource.BONE_MARROW, "bu_flu", Outcome.ENGRAFTED),
)
FIRST_OF_RETRANSPLANT = Plan(
    "cord", GraftSource.CORD_BLOOD, "bu_flu", Outcome.PRIMARY_GRAFT_FAILURE
)
SECOND_OF_RETRANSPLANT = Plan(
    "haploidentical", GraftSource.BONE_MARROW, "treo_flu_thiotepa", Outcome.ENGRAFTED
)
DONOR_SOURCE = {
    "matched_sibling": DonorSource.FAMILY,
    "matched_related": DonorSource.FAMILY,
    "haploidentical": DonorSource.FAMILY,
    "matched_unrelated": DonorSource.REGISTRY,
    "mismatched_unrelated": DonorSource.REGISTRY,
    "cord": DonorSource.CORD,
}
# Grafts per kg of body weight (in-house typical values: marrow TNC 3-6 x10^8/kg, PBSC CD34
# 5-10 x10^6/kg, cord TNC 3-6 x10^7/kg), drawn per episode.
CELLS_PER_KG = {
    GraftSource.BONE_MARROW: {"tnc": (3e8, 6e8), "cd34": (3e6, 6e6), "cd3": (2e7, 5e7)},
    GraftSource.PERIPHERAL_BLOOD: {"tnc": (8e8, 15e8), "cd34": (5e6, 10e6), "cd3": (1e8, 3e8)},
    GraftSource.CORD_BLOOD: {"tnc": (3e7, 6e7), "cd34": (1.5e5, 4e5), "cd3": (1e6, 3e6)},
}


def expected_size(age_days: int, rng: random.Random) -> tuple[float, float]:
    """A weight (kg) and height (cm) for an age in days (in-house sketch of infant growth)."""
    months = age_days / 30.4
    kg = 3.4 + 0.6 * min(months, 6) + 0.25 * max(0.0, months - 6)
    cm = 50 + 2.6 * min(months, 6) + 1.1 * max(0.0, min(months, 24) - 6)
    cm += 0.55 * max(0.0, months - 24)
    return round(min(kg, 30.0) * rng.uniform(0.92, 1.05), 2), round(cm, 1)


def _at(on: date, rng: random.Random | None = None) -> datetime:
    """A morning sampling time on ``on`` (local time)."""
    return timezone.make_aware(datetime.combine(on, time(6, rng.randint(0, 50) if rng else 0)))


def _donor(patient: Patient, plan: Plan, number: int, coordinator) -> DonorSelection:
    """The primary donor of the episode: a relative of the record where the plan is family."""
    source = DONOR_SOURCE[plan.donor_type]
    relative = None
    if source == DonorSource.FAMILY:
        wanted = {"sibling"} if plan.donor_type == "matched_sibling" else {"mother", "father"}
        relative = next(
            (r for r in patient.relatives.all() if FAMILY_ROLES.get(r.relationship) in wanted),
            None,
        ) or next((r for r in patient.relatives.all() if r.relationship in FAMILY_ROLES), None)
    if relative is not None:
        donor_id, label = str(relative.public_id), f"{relative} (synthetic)"
    else:
        tag = "CORD" if source == DonorSource.CORD else "MUD"
        source = DonorSource.CORD if source == DonorSource.CORD else DonorSource.REGISTRY
        donor_id = f"DEMO-TX-{tag}-{str(patient.public_id)[:8]}-{number}"
        label = f"Synthetic {'cord unit' if tag == 'CORD' else 'registry donor'} {donor_id}"
    # Withdraw an earlier primary choice: the demo's transplant used this one.
    patient.donor_selections.filter(role=DonorSelection.Role.PRIMARY, withdrawn_at=None).update(
        withdrawn_at=timezone.now()
    )
    return DonorSelection.objects.create(
        patient=patient, source=source, donor_id=donor_id, relative=relative,
        donor_label=label, role=DonorSelection.Role.PRIMARY, chosen_by=coordinator,
        reason="Demo: the donor of this transplant (synthetic)",
    )  # fmt: skip


def _ready_gate(patient: Patient, admitted: date, coordinator, physician) -> None:
    """A work-up plan signed ready before the admission (the episode's gate)."""
    if hasattr(patient, "workup_plan"):
        plan = patient.workup_plan
        if plan.ready_at is None:
            plan.ready_at, plan.ready_by = _at(admitted - timedelta(days=7)), physician
            plan.save(update_fields=["ready_at", "ready_by"])
        return
    WorkupPlan.objects.create(
        patient=patient, target_admission=admitted, emergent=False, created_by=coordinator,
        ready_at=_at(admitted - timedelta(days=7)), ready_by=physician,
    )  # fmt: skip


def _lab_rows(patient: Patient, course: TransplantCourse, today: date, rng, actor):
    rows, weights = [], []
    for value in course.episode.values:
        if value.date > today:
            continue
        if value.analyte == "weight":
            weights.append(
                BodyMeasurement(
                    patient=patient,
                    measured_on=value.date,
                    weight_kg=Decimal(f"{value.value:.2f}"),
                    recorded_by=actor,
                )
            )
            continue
        key, factor = CORE_TO_RECORD[value.analyte]
        at = _at(value.date, rng)
        normal = normalise_lab_value(
            key, round(value.value / factor, 2), get_analyte(key).unit,
            collected_at=at, birth_date=patient.birth_date, today=today,
        )  # fmt: skip
        rows.append(
            LabResult(
                patient=patient,
                analyte=normal.analyte.key,
                collected_at=at,
                value=normal.value,
                unit=normal.unit,
                entered_value=f"{normal.entered_value:g}",
                entered_unit=normal.entered_unit,
                flags=",".join(normal.flags),
                lab=DEMO_LAB,
                recorded_by=actor,
            )
        )
    return rows, weights


def load_episode(
    patient: Patient,
    plan: Plan,
    *,
    day0: date,
    today: date,
    seed: int,
    number: int = 1,
    previous: TransplantEpisode | None = None,
    last_day: int = 100,
    every_after_discharge: int = 3,
) -> TransplantEpisode:
    """One demo episode with its course up to today: rows of the transplant and the record.

    ``last_day`` and ``every_after_discharge`` let the benchmark build a year of daily values.
    """
    users = get_user_model().objects
    coordinator = users.get(username="coordinator")
    physician = users.get(username="physician")
    rng = random.Random(seed)
    age_at_day0 = (day0 - patient.birth_date).days
    weight, height = expected_size(age_at_day0, rng)
    kb = load_transplant_knowledge()
    course = generate_course(
        seed=seed, day0=day0, donor_type=plan.donor_type, graft_source=plan.graft_source,
        regimen=plan.regimen, intensity=kb.regimens[plan.regimen].intensity,
        weight_kg=weight, height_cm=height, outcome=plan.outcome, last_day=last_day,
        every_after_discharge=every_after_discharge,
        episode_id=f"demo-{patient.public_id}-{number}",
    )  # fmt: skip
    admitted = day0 - timedelta(days=10)
    ended = day0 + timedelta(days=last_day)
    closed = ended <= today
    discharged = (
        day0 + timedelta(days=course.discharge_day)
        if course.discharge_day is not None and day0 + timedelta(days=course.discharge_day) <= today
        else None
    )
    _ready_gate(patient, admitted, coordinator, physician)
    selection = _donor(patient, plan, number, coordinator)
    cells = {
        kind: rng.uniform(low, high) * weight
        for kind, (low, high) in CELLS_PER_KG[plan.graft_source].items()
    }
    failed = course.outcome is not Outcome.ENGRAFTED
    episode = TransplantEpisode.objects.create(
        patient=patient, number=number, previous=previous,
        retransplant_reason=RetransplantReason.PRIMARY_GRAFT_FAILURE if previous else "",
        status=EpisodeStatus.CLOSED if closed else EpisodeStatus.ACTIVE,
        admitted_on=admitted, day0=day0, discharged_on=discharged,
        closed_on=ended if closed else None,
        close_reason=(
            ("Graft failure: second transplant planned" if failed else "Day +100 reached")
            if closed else ""
        ),
        regimen=plan.regimen, gvhd_prophylaxis="Ciclosporin + mycophenolate (demo)",
        defibrotide_prophylaxis=rng.random() < 0.5,
        graft_source=plan.graft_source.value, donor_selection=selection,
        donor_type=plan.donor_type, donor_label=selection.donor_label,
        match_grade="10/10" if plan.donor_type in ("matched_sibling", "matched_unrelated")
        else ("5/10" if plan.donor_type == "haploidentical" else "8/10"),
        donor_cmv=rng.choice(["positive", "negative"]), donor_abo=rng.choice(["O", "A", "B"]),
        tnc_total=cells["tnc"], cd34_total=cells["cd34"], cd3_total=cells["cd3"],
        opened_by=physician,
    )  # fmt: skip
    for agent in kb.regimens[plan.regimen].agents:
        ConditioningAgent.objects.create(
            episode=episode, agent=agent.agent, dose=Decimal(str(agent.typical_dose)),
            unit=agent.unit, first_day=min(agent.typical_days), last_day=max(agent.typical_days),
        )  # fmt: skip
    rows, weights = _lab_rows(patient, course, today, rng, physician)
    weights.append(
        BodyMeasurement(patient=patient, measured_on=admitted, height_cm=Decimal(str(height)))
    )
    # Follow-up heights after day 0, so the growth charts show both sides of the transplant
    # (their own generator: the course's draws stay as they were).
    sizes = random.Random(seed)
    weights += [
        BodyMeasurement(patient=patient, measured_on=on, height_cm=Decimal(
            str(expected_size((on - patient.birth_date).days, sizes)[1])))
        for on in (day0 + timedelta(days=d) for d in (30, 60, 100)) if on <= today
    ]  # fmt: skip
    LabResult.objects.bulk_create(rows)
    BodyMeasurement.objects.bulk_create(weights)
    Transfusion.objects.bulk_create(
        Transfusion(
            episode=episode,
            given_on=t.date,
            product=t.product,
            volume_ml=Decimal(str(t.volume_ml)) if t.volume_ml else None,
            recorded_by=physician,
        )
        for t in course.episode.transfusions
        if t.date <= today
    )
    GrowthFactorDose.objects.bulk_create(
        GrowthFactorDose(episode=episode, given_on=g.date, agent=g.agent, recorded_by=physician)
        for g in course.episode.growth_factors
        if g.date <= today
    )
    ChimerismResult.objects.bulk_create(
        ChimerismResult(
            episode=episode,
            sampled_on=c.date,
            lineage=c.lineage.value,
            donor_percent=Decimal(str(c.donor_percent)),
            method="STR-PCR",
            laboratory="Demo chimerism laboratory (synthetic)",
            recorded_by=physician,
        )
        for c in course.episode.chimerism
        if c.date <= today
    )
    audit_event(
        actor=None, ip=None, action=AuditAction.CREATE, target=episode,
        summary=f"demo transplant {number}: {len(rows)} lab results, {len(weights)} measurements",
    )  # fmt: skip
    return episode


@transaction.atomic
def load_demo_transplants(seed: int = DEMO_SEED) -> int:
    """Give the demo's transplanted and followed-up children their episodes; return how many.

    Children who already have an episode are skipped, so running the demo again adds nothing.
    """
    today = timezone.localdate()
    ward = list(Patient.objects.filter(pathway_stage="transplanted").order_by("public_id"))
    followed = list(Patient.objects.filter(pathway_stage="follow_up").order_by("public_id"))
    added = 0
    # The first ward child is the one on a second transplant.
    for k, patient in enumerate(ward[: len(WARD_DAYS)]):
        day = WARD_DAYS[k]
        rng_seed = seed + k
        if patient.transplant_episodes.exists():
            continue
        day0 = today - timedelta(days=day)
        if k == 0:
            first_day0 = day0 - timedelta(days=RETRANSPLANT_GAP_DAYS)
            first = load_episode(
                patient, FIRST_OF_RETRANSPLANT, day0=first_day0, today=today,
                seed=rng_seed + 1000, last_day=RETRANSPLANT_GAP_DAYS - 11,
            )  # fmt: skip
            load_episode(
                patient, SECOND_OF_RETRANSPLANT, day0=day0, today=today, seed=rng_seed,
                number=2, previous=first,
            )  # fmt: skip
            added += 2
            continue
        load_episode(patient, PLANS[k], day0=day0, today=today, seed=rng_seed)
        added += 1
    for k, patient in enumerate(followed[:FOLLOW_UP_EPISODES]):
        if patient.transplant_episodes.exists():
            continue
        age = (today - patient.birth_date).days
        back = min(random.Random(seed + 100 + k).randint(130, 420), age - 40)
        plan = PLANS[(k + 3) % len(PLANS)]
        load_episode(
            patient, Plan(plan.donor_type, plan.graft_source, plan.regimen, Outcome.ENGRAFTED),
            day0=today - timedelta(days=back), today=today, seed=seed + 100 + k,
        )  # fmt: skip
        added += 1
    return added
