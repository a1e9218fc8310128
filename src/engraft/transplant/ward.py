"""The ward's daily view and the episode's charts: reads and presentation, no clinical rule.

Everything shown is computed by the core (`evaluate_episode`, `days.py`, `charts.py`); this
module loads the data for every open episode at once (a fixed number of queries, whatever the
number of patients or of days) and arranges the core's results for the templates.

Include contracts for the patient's transplant page:
- ``{% include "transplant/_charts.html" with charts=charts %}`` where
  ``charts = episode_charts(episode, as_of)`` (or ``episode_panels(...)["charts"]``);
- ``{% include "transplant/_alerts.html" with alerts=alerts %}`` where
  ``alerts = episode_panels(episode=..., actor=..., ip=..., as_of=...)["alerts"]``, which first
  stores any alert the data raise (``alerts.refresh_alerts``), so they show on that load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from engraft.core.record.age import EventBeforeBirthError, age_at
from engraft.core.surveillance.evaluate import SurveillanceEvaluation
from engraft.core.transplant.charts import (
    LINEAGE_STYLE,
    chimerism_chart_svg,
    counts_chart_svg,
)
from engraft.core.transplant.days import day_label, transplant_day
from engraft.core.transplant.episode import (
    Episode,
)
from engraft.core.transplant.evaluate import EpisodeEvaluation, evaluate_episode
from engraft.core.transplant.graft_failure import GraftStatus
from engraft.record.models import BodyMeasurement, LabResult

from .alerts import AlertGroup, episode_alerts, open_alert_groups, refresh_alerts
from .models import (
    ChimerismResult,
    GrowthFactorDose,
    Transfusion,
    TransplantAlert,
    TransplantEpisode,
)
from .selectors import (
    DAYS_BEFORE_DAY0,
    RECORD_ANALYTES,
    assemble_core_episode,
    core_episode,
    data_window,
    ward_episodes,
)
from .selectors_surveillance import SURVEILLANCE_PREFETCH, prefetched_surveillance_inputs
from .surveillance import (
    episode_surveillance,
    recorded_complications,
    surveillance_charts,
    surveillance_rules,
)

# The counts the ward sees at a glance, in the record's units (as entered in the flowsheet).
LATEST_COUNTS: tuple[tuple[str, str], ...] = (
    ("anc", "ANC"),
    ("platelets", "Platelets"),
    ("haemoglobin", "Hb"),
)
SORTS = {"day": "day +N", "name": "name"}


@dataclass(frozen=True)
class LatestCount:
    """The latest value of one count in the episode, with its date and day +N."""

    name: str
    value: float
    unit: str
    on: date
    day_label: str

    @property
    def shown(self) -> str:
        """The value as the record shows it (no trailing zeros)."""
        return f"{self.value:g}"


@dataclass(frozen=True)
class WardRow:
    """One patient on the ward today."""

    episode: TransplantEpisode
    age: str
    day: int
    day_label: str
    graft_status: str  # the core's words: "day +19, no engraftment yet, 11 days to ..."
    graft_failed: bool
    platelet_status: str
    latest: tuple[LatestCount | None, ...]  # in the order of LATEST_COUNTS
    open_alerts: tuple[TransplantAlert, ...]
    alert_groups: tuple[AlertGroup, ...]  # the open alerts, one line a rule
    acknowledged_alerts: int
    surveillance: tuple[str, ...]  # the core's words: risk label, calcium draws, aGVHD grade

    @property
    def patient(self) -> Any:
        return self.episode.patient


def _ward_episodes() -> list[TransplantEpisode]:
    """The open episodes with every row the ward reads, in a fixed number of queries.

    The daily labs and measurements (a thousand rows an episode after 100 days) are read as
    plain rows, not model instances: building those was most of the ward's time. Each
    patient gets them as ``ward_labs`` and ``ward_measures``, in collection order.
    """
    episodes = list(
        ward_episodes().prefetch_related(
            Prefetch("transfusions", queryset=Transfusion.objects.filter(voided_at__isnull=True)),
            Prefetch(
                "growth_factors", queryset=GrowthFactorDose.objects.filter(voided_at__isnull=True)
            ),
            Prefetch(
                "chimerism_results",
                queryset=ChimerismResult.objects.filter(voided_at__isnull=True),
            ),
            "conditioning_agents",
            "next_episodes",
            Prefetch("alerts", queryset=TransplantAlert.objects.select_related("acknowledged_by")),
            "patient__genetic_results",
            *SURVEILLANCE_PREFETCH,
        )
    )
    if not episodes:
        return episodes
    start = min(data_window(e)[0] for e in episodes) - timedelta(days=1)  # UTC vs local
    patients = {e.patient_id for e in episodes}
    labs: dict[int, list] = {pk: [] for pk in patients}
    for row in (
        LabResult.objects.filter(
            patient_id__in=patients,
            voided_at__isnull=True,
            analyte__in=RECORD_ANALYTES,
            collected_at__gte=datetime.combine(start, time.min, tzinfo=UTC),
        )
        .order_by("collected_at", "id")
        .values_list("patient_id", "analyte", "value", "unit", "collected_at", named=True)
    ):
        labs[row.patient_id].append(row)
    measures: dict[int, list] = {pk: [] for pk in patients}
    for row in (
        BodyMeasurement.objects.filter(patient_id__in=patients, voided_at__isnull=True)
        .order_by("measured_on", "id")
        .values_list("patient_id", "id", "measured_on", "weight_kg", "height_cm", named=True)
    ):
        measures[row.patient_id].append(row)
    for episode in episodes:
        episode.patient.ward_labs = labs[episode.patient_id]
        episode.patient.ward_measures = measures[episode.patient_id]
    return episodes


def _episode_labs(episode: TransplantEpisode, as_of: date) -> list[tuple[Any, date]]:
    start, end = data_window(episode)
    zone = timezone.get_current_timezone()
    rows = []
    for lab in episode.patient.ward_labs:
        on = lab.collected_at.astimezone(zone).date()
        if start <= on <= min(end, as_of):
            rows.append((lab, on))
    return rows


def prefetched_core_episode(
    episode: TransplantEpisode, as_of: date, labs: list[tuple[Any, date]] | None = None
) -> Episode:
    """The same core Episode as `selectors.core_episode`, built from the ward's prefetch.

    ``labs`` are the episode's `_episode_labs`, when the caller has them already.
    """
    start, end = data_window(episode)
    last = min(end, as_of)
    measures = episode.patient.ward_measures
    weights = [
        m
        for m in measures
        if m.weight_kg is not None
        and start - timedelta(days=DAYS_BEFORE_DAY0) <= m.measured_on <= last
    ]
    heights = [m for m in measures if m.height_cm is not None and m.measured_on <= episode.day0]
    height = max(heights, key=lambda m: (m.measured_on, m.id)) if heights else None
    return assemble_core_episode(
        episode,
        as_of=as_of,
        labs=_episode_labs(episode, as_of) if labs is None else labs,
        weights=weights,
        height_cm=float(height.height_cm) if height else None,
        transfusions=episode.transfusions.all(),
        growth_factors=episode.growth_factors.all(),
        chimerism=episode.chimerism_results.all(),
    )


def _latest(
    episode: TransplantEpisode, labs: list[tuple[Any, date]]
) -> tuple[LatestCount | None, ...]:
    latest: dict[str, tuple[LabResult, date]] = {}
    for lab, on in labs:
        latest[lab.analyte] = (lab, on)  # ordered by collection time: the last one wins
    counts: list[LatestCount | None] = []
    for analyte, name in LATEST_COUNTS:
        if analyte in latest:
            lab, on = latest[analyte]
            label = day_label(transplant_day(episode.day0, on))
            counts.append(LatestCount(name, lab.value, lab.unit, on, label))
        else:
            counts.append(None)
    return tuple(counts)


def _age(episode: TransplantEpisode, as_of: date) -> str:
    try:
        return age_at(episode.patient.birth_date, as_of).label
    except EventBeforeBirthError:
        return ""


def _platelet_words(evaluation: EpisodeEvaluation) -> str:
    platelet = evaluation.platelet
    if platelet.day is not None:
        return f"platelets engrafted {day_label(platelet.day)}"
    return "platelets: no engraftment yet"


def surveillance_words(surveillance: SurveillanceEvaluation, day0: date) -> tuple[str, ...]:
    """What the ward reads at a glance of the surveillance: risk, calcium draws, PH, aGVHD."""
    words = []
    calcium = surveillance.hypercalcaemia
    if calcium.risk.raised:
        words.append(calcium.risk.label)
    if calcium.overdue:
        missed = len(calcium.overdue)
        words.append(f"calcium overdue: {missed} draw{'s' if missed > 1 else ''} missed")
    if calcium.due:
        words.append("calcium due today")
    if surveillance.pulmonary_hypertension.watching:
        ph = surveillance.pulmonary_hypertension
        words.append(
            f"pulmonary hypertension watch ({day_label(ph.first_day)} to {day_label(ph.last_day)})"
        )
    latest = surveillance.latest_gvhd
    if latest is not None:
        day = day_label(transplant_day(day0, latest.date))
        words.append(f"acute GVHD grade {latest.grade.grade_label} ({day}, unverified table)")
    return tuple(words)


def today_on_the_ward(
    *,
    actor: models.Model | None,
    ip: str | None,
    as_of: date | None = None,
    sort: str = "day",
    open_alerts_only: bool = False,
) -> list[WardRow]:
    """Every patient with an episode in progress, as the ward sees them on ``as_of``.

    Stores the alerts the data raise first (`refresh_alerts`), so they show on this load.
    ``sort`` is "day" (day +N, earliest first) or "name" (family name, given names).
    """
    as_of = as_of or timezone.localdate()
    rows = []
    for episode in _ward_episodes():
        labs = _episode_labs(episode, as_of)
        core = prefetched_core_episode(episode, as_of, labs)
        evaluation = evaluate_episode(core, as_of)
        surveillance = episode_surveillance(
            episode, as_of, core=core, inputs=prefetched_surveillance_inputs(episode, as_of)
        )
        refresh_alerts(
            episode=episode,
            actor=actor,
            ip=ip,
            as_of=as_of,
            evaluation=evaluation,
            surveillance=surveillance,
        )
        alerts = episode_alerts(episode)
        open_alerts = tuple(a for a in alerts if a.acknowledged_at is None)
        if open_alerts_only and not open_alerts:
            continue
        rows.append(
            WardRow(
                episode=episode,
                age=_age(episode, as_of),
                day=evaluation.day,
                day_label=evaluation.day_label,
                graft_status=evaluation.graft.label,
                graft_failed=evaluation.graft.status
                in (GraftStatus.PRIMARY_GRAFT_FAILURE, GraftStatus.SECONDARY_GRAFT_FAILURE),
                platelet_status=_platelet_words(evaluation),
                latest=_latest(episode, labs),
                open_alerts=open_alerts,
                alert_groups=open_alert_groups(alerts),
                acknowledged_alerts=len(alerts) - len(open_alerts),
                surveillance=surveillance_words(surveillance, episode.day0),
            )
        )
    if sort == "name":
        rows.sort(key=lambda r: (r.patient.family_name.lower(), r.patient.given_names.lower()))
    else:
        rows.sort(key=lambda r: (r.day, r.patient.family_name.lower()))
    return rows


@dataclass(frozen=True)
class ChartDay:
    """One row of the charts' data table (the same values as the chart, for reading)."""

    day_label: str
    on: date
    anc: float | None
    platelets: float | None


@dataclass(frozen=True)
class ChimerismLine:
    """One lineage's results in words beside the chart: "98 % (day +30), 90 % (day +60)"."""

    name: str
    results: str
    falling: bool


@dataclass(frozen=True)
class EpisodeCharts:
    """What `_charts.html` renders: the two SVGs (None when nothing to draw) and a table."""

    counts_svg: SafeString | None
    chimerism_svg: SafeString | None
    days: tuple[ChartDay, ...]
    chimerism_lines: tuple[ChimerismLine, ...]
    evaluation: EpisodeEvaluation


def charts_from(core: Episode, evaluation: EpisodeEvaluation) -> EpisodeCharts:
    """The charts of a core episode already evaluated (no query)."""
    transfused = [
        transplant_day(core.day0, t.date) for t in core.transfusions if t.product == "platelets"
    ]
    counts = counts_chart_svg(evaluation, platelet_transfusion_days=transfused)
    chimerism = chimerism_chart_svg(evaluation)
    anc = {m.date: m.value for m in evaluation.neutrophil.measurements}
    platelets = {m.date: m.value for m in evaluation.platelet.measurements}
    days = tuple(
        ChartDay(day_label(transplant_day(core.day0, on)), on, anc.get(on), platelets.get(on))
        for on in sorted(anc.keys() | platelets.keys())
    )
    lines = tuple(
        ChimerismLine(
            LINEAGE_STYLE[t.lineage][2],
            ", ".join(f"{r.donor_percent:g} % ({day_label(r.day)})" for r in t.results),
            t.falling,
        )
        for t in evaluation.chimerism.lineages
    )
    # The SVGs are generated here by matplotlib, with every text we add escaped.
    return EpisodeCharts(
        mark_safe(counts) if counts else None,  # noqa: S308
        mark_safe(chimerism) if chimerism else None,  # noqa: S308
        days,
        lines,
        evaluation,
    )


def episode_charts(episode: TransplantEpisode, as_of: date | None = None) -> EpisodeCharts:
    """The charts of one episode on ``as_of`` (today by default), for `_charts.html`."""
    as_of = as_of or timezone.localdate()
    core = core_episode(episode, as_of)
    return charts_from(core, evaluate_episode(core, as_of))


def episode_panels(
    *,
    episode: TransplantEpisode,
    actor: models.Model | None,
    ip: str | None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """The transplant page's panels, evaluating the episode once: charts, alerts, surveillance.

    ``{"charts", "alerts", "surveillance", "surveillance_charts"}``. Stores any alert the data
    raise before listing them (the first load after the data shows it); pass
    ``actor=request.user, ip=client_address(request)``.
    """
    as_of = as_of or timezone.localdate()
    core = core_episode(episode, as_of)
    evaluation = evaluate_episode(core, as_of)
    surveillance = episode_surveillance(episode, as_of, core=core)
    refresh_alerts(
        episode=episode,
        actor=actor,
        ip=ip,
        as_of=as_of,
        evaluation=evaluation,
        surveillance=surveillance,
    )
    return {
        "evaluation": evaluation,
        "charts": charts_from(core, evaluation),
        "alerts": episode_alerts(episode),
        "surveillance": surveillance,
        "surveillance_charts": surveillance_charts(core, surveillance),
        "surveillance_rules": surveillance_rules(),
        "complications": recorded_complications(episode),
    }
