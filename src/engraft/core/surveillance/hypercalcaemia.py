"""Hypercalcaemia after engraftment: the calcium schedule, the > 11.0 mg/dL alert, the risk.

Rule 9(a) of clinical.md section 8 and section 4a (Martinez 2010; Gerritsen 1994; Taylor-Miller
2021): calcium from about day +10 to +60 (the frequency is unverified), any single serum
calcium above 11.0 mg/dL is hypercalcaemia, the risk is higher after age 2 and in RANK
(TNFRSF11A) deficiency. Management facts are returned as information, never as an order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from engraft.core.knowledge.loader import Citation
from engraft.core.surveillance.alert import SurveillanceAlert, TriggerValue
from engraft.core.surveillance.knowledge import (
    CitedText,
    SurveillanceKnowledge,
    load_surveillance_knowledge,
)
from engraft.core.transplant.days import date_of_day, date_words, day_label, transplant_day
from engraft.core.transplant.episode import ANALYTE_UNITS, Episode


class DrawStatus(StrEnum):
    """Where a scheduled calcium draw stands on the as-of date."""

    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class CalciumDraw:
    """One draw of the schedule: its window (day +N to day +M) and its status."""

    first_day: int
    last_day: int
    status: DrawStatus
    values: tuple[TriggerValue, ...]


@dataclass(frozen=True)
class HypercalcaemiaRisk:
    """Whether the prior risk is raised, with why (age, genotype) and the citations.

    ``label`` is the risk label shown when raised (empty otherwise).
    """

    raised: bool
    label: str
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class HypercalcaemiaResult:
    """The schedule as of a date, the alerts, the risk label and the information texts."""

    schedule: tuple[CalciumDraw, ...]
    schedule_citations: tuple[Citation, ...]
    alerts: tuple[SurveillanceAlert, ...]
    risk: HypercalcaemiaRisk
    information: tuple[CitedText, ...]

    @property
    def due(self) -> tuple[CalciumDraw, ...]:
        """Draws due on the as-of date and not yet done."""
        return tuple(d for d in self.schedule if d.status is DrawStatus.DUE)

    @property
    def overdue(self) -> tuple[CalciumDraw, ...]:
        """Draws whose window has passed with no calcium."""
        return tuple(d for d in self.schedule if d.status is DrawStatus.OVERDUE)


def _completed_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def hypercalcaemia_risk(
    *,
    day0: date,
    genes: Iterable[str],
    birth_date: date | None,
    knowledge: SurveillanceKnowledge | None = None,
) -> HypercalcaemiaRisk:
    """The raised-risk label: transplant at or after the 2nd birthday, or RANK deficiency.

    A missing birth date is named in the reasons, not assumed.
    """
    kb = knowledge or load_surveillance_knowledge()
    age_fact = kb.parameters["calcium_risk_age_years"]
    gene_fact = kb.parameters["calcium_risk_genes"]
    risk_genes = {g.upper() for g in gene_fact.value}
    reasons: list[str] = []
    citations: list[Citation] = []
    found = sorted({g.strip().upper() for g in genes} & risk_genes)
    if found:
        reasons.append(f"{', '.join(found)} (RANK) deficiency: {gene_fact.text}")
        citations.extend(gene_fact.citations)
    if birth_date is None:
        reasons.append("Birth date not recorded: the age at transplant is not known")
    else:
        years = _completed_years(birth_date, day0)
        if years >= int(age_fact.value):
            reasons.append(f"Transplant at age {years} years: {age_fact.text}")
            citations.extend(age_fact.citations)
    raised = bool(citations)
    label = kb.rules["hypercalcaemia_high_risk"].title if raised else ""
    return HypercalcaemiaRisk(raised, label, tuple(reasons), tuple(dict.fromkeys(citations)))


def _schedule(episode: Episode, as_of: date, kb: SurveillanceKnowledge) -> list[CalciumDraw]:
    first = kb.count("calcium_window_first_day")
    last = kb.count("calcium_window_last_day")
    step = kb.count("calcium_draw_interval_days")
    unit = ANALYTE_UNITS["calcium"]
    # Each value is read once into its draw (in the series' order), not once per draw.
    by_draw: dict[int, list[TriggerValue]] = {}
    for on, value in episode.series("calcium"):
        day = transplant_day(episode.day0, on)
        if on <= as_of and first <= day <= last:
            start = first + (day - first) // step * step
            by_draw.setdefault(start, []).append(TriggerValue(on, day, "calcium", value, unit))
    draws = []
    for start in range(first, last + 1, step):
        end = min(start + step - 1, last)
        values = tuple(by_draw.get(start, ()))
        if values:
            status = DrawStatus.DONE
        elif date_of_day(episode.day0, end) < as_of:
            status = DrawStatus.OVERDUE
        elif date_of_day(episode.day0, start) <= as_of:
            status = DrawStatus.DUE
        else:
            status = DrawStatus.UPCOMING
        draws.append(CalciumDraw(start, end, status, values))
    return draws


def evaluate_hypercalcaemia(
    episode: Episode,
    *,
    as_of: date,
    genes: Iterable[str] = (),
    birth_date: date | None = None,
    knowledge: SurveillanceKnowledge | None = None,
) -> HypercalcaemiaResult:
    """The calcium surveillance of ``episode`` as of ``as_of``.

    One alert per calcium above the threshold (values dated after ``as_of`` are ignored);
    ``genes`` are the record's gene symbols, ``birth_date`` the child's.
    """
    kb = knowledge or load_surveillance_knowledge()
    threshold = kb.parameters["calcium_alert_threshold"]
    rule = kb.rules["hypercalcaemia"]
    unit = ANALYTE_UNITS["calcium"]
    alerts = []
    for on, value in episode.series("calcium"):
        if on > as_of or not value > float(threshold.value):
            continue
        day = transplant_day(episode.day0, on)
        alerts.append(
            SurveillanceAlert(
                rule.id,
                rule.title,
                on,
                day,
                (TriggerValue(on, day, "calcium", value, unit),),
                (
                    f"Calcium {value:g} {unit} on {day_label(day)} ({date_words(on)}) is above "
                    f"{float(threshold.value):.1f} {unit}",
                ),
                rule.citations,
            )
        )
    window = ("calcium_window_first_day", "calcium_window_last_day", "calcium_draw_interval_days")
    schedule_citations = tuple(
        dict.fromkeys(c for name in window for c in kb.parameters[name].citations)
    )
    return HypercalcaemiaResult(
        schedule=tuple(_schedule(episode, as_of, kb)),
        schedule_citations=schedule_citations,
        alerts=tuple(sorted(alerts, key=lambda a: a.date)),
        risk=hypercalcaemia_risk(
            day0=episode.day0, genes=genes, birth_date=birth_date, knowledge=kb
        ),
        information=tuple(
            kb.information[i] for i in ("hypercalcaemia_management", "denosumab_rebound")
        ),
    )
