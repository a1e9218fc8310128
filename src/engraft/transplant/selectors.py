"""Reads of the transplant app; `core_episode` hands the core the plain values it computes from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from engraft.core.transplant.conditioning import RecordedAgent, RecordedConditioning
from engraft.core.transplant.episode import (
    ChimerismResult as CoreChimerism,
)
from engraft.core.transplant.episode import (
    Episode,
    GraftSource,
    GrowthFactor,
    LabValue,
    Lineage,
)
from engraft.core.transplant.episode import (
    Transfusion as CoreTransfusion,
)
from engraft.record.models import BodyMeasurement, LabResult, Patient

from .models import EpisodeStatus, TransplantEpisode

# The record's analyte keys -> the flowsheet's (the core's) analyte names. Hb is read in the
# record's g/dL and given to the core in g/L, the unit of its flowsheet.
RECORD_ANALYTES: dict[str, tuple[str, float]] = {
    "anc": ("anc", 1.0),
    "white_cells": ("wbc", 1.0),
    "haemoglobin": ("hb", 10.0),
    "platelets": ("platelets", 1.0),
    "calcium": ("calcium", 1.0),
    "bilirubin": ("bilirubin", 1.0),
    "alt": ("alt", 1.0),
    "creatinine": ("creatinine", 1.0),
}
# How far before day 0 the daily data of an episode reach (the admission and conditioning).
DAYS_BEFORE_DAY0 = 30


def episodes(patient: Patient) -> QuerySet[TransplantEpisode]:
    return patient.transplant_episodes.order_by("number")


def open_episode(patient: Patient) -> TransplantEpisode | None:
    """The episode in progress (planned or active), if any: at most one a child."""
    return patient.transplant_episodes.exclude(status=EpisodeStatus.CLOSED).first()


def data_window(episode: TransplantEpisode) -> tuple[date, date]:
    """The first and last dates whose daily data belong to this episode."""
    start = episode.admitted_on or (episode.day0 - timedelta(days=DAYS_BEFORE_DAY0))
    start = min(start, episode.day0 - timedelta(days=DAYS_BEFORE_DAY0))
    # Sorted here rather than by the database, so a prefetched episode (the ward) costs nothing.
    following = sorted(episode.next_episodes.all(), key=lambda e: e.day0)
    end = (following[0].day0 - timedelta(days=1)) if following else date.max
    if episode.closed_on:
        end = min(end, episode.closed_on)
    return start, end


def episode_labs(episode: TransplantEpisode, as_of: date) -> QuerySet[LabResult]:
    start, end = data_window(episode)
    return LabResult.objects.filter(
        patient=episode.patient,
        voided_at__isnull=True,
        analyte__in=RECORD_ANALYTES,
        collected_at__date__gte=start,
        collected_at__date__lte=min(end, as_of),
    ).order_by("collected_at", "id")


def episode_weights(episode: TransplantEpisode, as_of: date) -> QuerySet[BodyMeasurement]:
    start, end = data_window(episode)
    return BodyMeasurement.objects.filter(
        patient=episode.patient,
        voided_at__isnull=True,
        weight_kg__isnull=False,
        measured_on__gte=start - timedelta(days=DAYS_BEFORE_DAY0),
        measured_on__lte=min(end, as_of),
    ).order_by("measured_on", "id")


def latest_height_cm(patient: Patient, on: date) -> float | None:
    row = (
        BodyMeasurement.objects.filter(
            patient=patient, voided_at__isnull=True, height_cm__isnull=False, measured_on__lte=on
        )
        .order_by("-measured_on", "-id")
        .first()
    )
    return float(row.height_cm) if row else None


def core_episode(episode: TransplantEpisode, as_of: date | None = None) -> Episode:
    """The episode as the pure core reads it: day 0, graft, daily values, support, chimerism.

    A fixed number of queries whatever the number of days (one per kind of data).
    """
    as_of = as_of or timezone.localdate()
    zone = timezone.get_current_timezone()
    return assemble_core_episode(
        episode,
        as_of=as_of,
        labs=[
            (lab, lab.collected_at.astimezone(zone).date()) for lab in episode_labs(episode, as_of)
        ],
        weights=list(episode_weights(episode, as_of)),
        height_cm=latest_height_cm(episode.patient, episode.day0),
        transfusions=episode.transfusions.filter(voided_at__isnull=True),
        growth_factors=episode.growth_factors.filter(voided_at__isnull=True),
        chimerism=episode.chimerism_results.filter(voided_at__isnull=True),
    )


def assemble_core_episode(
    episode: TransplantEpisode,
    *,
    as_of: date,
    labs: Iterable[tuple[LabResult, date]],
    weights: Iterable[BodyMeasurement],
    height_cm: float | None,
    transfusions: Iterable,
    growth_factors: Iterable,
    chimerism: Iterable,
) -> Episode:
    """The core Episode from rows already read (by `core_episode`, or the ward's prefetch).

    `labs` are (row, local date) within the episode's window; support and chimerism rows are
    current (not voided); what is dated after `as_of` is left out here.
    """
    values = []
    for lab, on in labs:
        name, factor = RECORD_ANALYTES[lab.analyte]
        values.append(LabValue(on, name, lab.value * factor))
    values += [LabValue(m.measured_on, "weight", float(m.weight_kg)) for m in weights]
    agents = tuple(
        RecordedAgent(a.agent, float(a.dose), a.unit, tuple(range(a.first_day, a.last_day + 1)))
        for a in episode.conditioning_agents.all()
    )
    totals = (("tnc", episode.tnc_total), ("cd34", episode.cd34_total), ("cd3", episode.cd3_total))
    return Episode(
        episode_id=str(episode.public_id),
        day0=episode.day0,
        graft_source=GraftSource(episode.graft_source),
        values=tuple(values),
        transfusions=tuple(
            CoreTransfusion(t.given_on, t.product, float(t.volume_ml) if t.volume_ml else None)
            for t in transfusions
            if t.given_on <= as_of
        ),
        growth_factors=tuple(
            GrowthFactor(g.given_on, g.agent) for g in growth_factors if g.given_on <= as_of
        ),
        chimerism=tuple(
            CoreChimerism(c.sampled_on, Lineage(c.lineage), float(c.donor_percent))
            for c in chimerism
            if c.sampled_on <= as_of
        ),
        conditioning=RecordedConditioning(episode.regimen, agents) if episode.regimen else None,
        graft_cells={key: value for key, value in totals if value is not None},
        height_cm=height_cm,
    )


def ward_episodes() -> QuerySet[TransplantEpisode]:
    """Every episode followed on the ward (in progress), with the patient."""
    return (
        TransplantEpisode.objects.filter(status=EpisodeStatus.ACTIVE)
        .select_related("patient")
        .order_by("day0", "patient__family_name")
    )
