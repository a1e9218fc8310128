"""Donor chimerism by lineage: full, mixed or below 5 %, and the falling-trend alert.

Classes (thresholds in transplant.json): full donor chimerism > 95 % donor (ASTCT 2021,
Kharfan-Dabaja MA et al., Transplant Cell Ther 2021;27:642-9; in both myeloid and lymphoid
lineages for the patient as a whole); mixed 5-95 % (Biol Blood Marrow Transplant 2013, PMID
23462188); below 5 % donor is the graft rejection threshold, which the research notes mark
"unverified (from memory)" and the label says so.
Trend (in-house thresholds): a lineage is falling when its latest result is
``chimerism_drop_points`` below its highest earlier result, or each of its last
``chimerism_consecutive_falls`` results is lower than the one before while the latest is no
longer full donor chimerism (falls within full chimerism are assay noise). A falling lineage or a
result below 5 % raises rule 10's "plan re-transplant" alert (clinical.md section 8).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from engraft.core.knowledge.loader import Citation
from engraft.core.transplant.days import day_label, transplant_day
from engraft.core.transplant.episode import ChimerismResult, Lineage
from engraft.core.transplant.knowledge import TransplantKnowledge, load_transplant_knowledge


class ChimerismClass(StrEnum):
    """The class of one donor-percentage result."""

    FULL = "full"
    MIXED = "mixed"
    BELOW_REJECTION_THRESHOLD = "below_rejection_threshold"


@dataclass(frozen=True)
class ClassifiedResult:
    """One chimerism result with its class, label and the citations of the class."""

    date: date
    day: int
    lineage: Lineage
    donor_percent: float
    klass: ChimerismClass
    label: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class LineageTrend:
    """Every result of one lineage up to the as-of date, and whether it is falling."""

    lineage: Lineage
    results: tuple[ClassifiedResult, ...]
    falling: bool
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]

    @property
    def latest(self) -> ClassifiedResult:
        """The most recent result (a trend always has at least one)."""
        return self.results[-1]


@dataclass(frozen=True)
class ChimerismEvaluation:
    """Chimerism of the episode on the as-of date."""

    lineages: tuple[LineageTrend, ...]
    overall: str
    plan_retransplant_reasons: tuple[str, ...]
    notes: tuple[str, ...]
    citations: tuple[Citation, ...]


def classify_chimerism(
    donor_percent: float, kb: TransplantKnowledge | None = None
) -> tuple[ChimerismClass, str, tuple[Citation, ...]]:
    """(class, label, citations) of one donor percentage: > 95 full, 5-95 mixed, < 5 below.

    Sources: ASTCT 2021 (full > 95 %); BBMT 2013, PMID 23462188 (mixed 5-95 %); the < 5 %
    rejection threshold is unverified (from memory) in the research notes.
    """
    kb = kb or load_transplant_knowledge()
    full = kb.parameters["full_chimerism_above_percent"]
    mixed = kb.parameters["mixed_chimerism_from_percent"]
    below = kb.parameters["rejection_below_percent"]
    if donor_percent > float(full.value):
        return ChimerismClass.FULL, f"full donor (> {full.value} %)", full.citations
    if donor_percent >= float(mixed.value):
        return (
            ChimerismClass.MIXED,
            f"mixed ({mixed.value}-{full.value} %)",
            mixed.citations,
        )
    return (
        ChimerismClass.BELOW_REJECTION_THRESHOLD,
        f"below {below.value} % donor: graft rejection threshold (unverified, from memory)",
        below.citations,
    )


def _trend(
    lineage: Lineage, results: list[ClassifiedResult], kb: TransplantKnowledge
) -> LineageTrend:
    drop = kb.value("chimerism_drop_points")
    falls = kb.count("chimerism_consecutive_falls")
    latest = results[-1]
    reasons: list[str] = []
    earlier = results[:-1]
    if earlier:
        peak = max(earlier, key=lambda r: r.donor_percent)
        if peak.donor_percent - latest.donor_percent >= drop:
            reasons.append(
                f"{lineage.label}: {latest.donor_percent:g} % on {day_label(latest.day)} is "
                f"{peak.donor_percent - latest.donor_percent:g} points below "
                f"{peak.donor_percent:g} % on {day_label(peak.day)} (>= {drop:g}, in-house)"
            )
    tail = results[-(falls + 1) :]
    # Small falls within full donor chimerism (98.4 > 98.1 > 97.8 %) are assay noise, not a
    # failing graft: consecutive falls count once the latest result is no longer full.
    full_above = kb.value("full_chimerism_above_percent")
    if (
        len(tail) == falls + 1
        and latest.donor_percent <= full_above
        and all(b.donor_percent < a.donor_percent for a, b in itertools.pairwise(tail))
    ):
        reasons.append(
            f"{lineage.label}: {falls} consecutive falls "
            + " > ".join(f"{r.donor_percent:g} % ({day_label(r.day)})" for r in tail)
            + " (in-house)"
        )
    citations = (
        *kb.parameters["chimerism_drop_points"].citations,
        *kb.parameters["chimerism_consecutive_falls"].citations,
    )
    return LineageTrend(lineage, tuple(results), bool(reasons), tuple(reasons), citations)


def evaluate_chimerism(
    results: Iterable[ChimerismResult],
    day0: date,
    as_of: date,
    kb: TransplantKnowledge | None = None,
) -> ChimerismEvaluation:
    """Classify each result, judge each lineage's trend and collect re-transplant reasons.

    Rule 10 of clinical.md section 8 (Orchard 2015; ASTCT 2021): falling donor chimerism
    raises re-transplant planning; the trend thresholds are in-house.

    Results after ``as_of`` or before day 0 are ignored; two results of one lineage on one
    day count as one, the lowest (the same in-house choice as for counts).
    """
    kb = kb or load_transplant_knowledge()
    by_lineage: dict[Lineage, dict[date, float]] = {}
    before_day0 = 0
    for r in results:
        if r.date < day0:
            before_day0 += 1  # a pre-transplant baseline is not donor chimerism
        elif r.date <= as_of:
            days = by_lineage.setdefault(r.lineage, {})
            days[r.date] = min(r.donor_percent, days.get(r.date, r.donor_percent))
    trends = []
    for lineage in Lineage:
        if lineage not in by_lineage:
            continue
        classified = []
        for on, percent in sorted(by_lineage[lineage].items()):
            klass, label, cites = classify_chimerism(percent, kb)
            classified.append(
                ClassifiedResult(
                    on, transplant_day(day0, on), lineage, percent, klass, label, cites
                )
            )
        trends.append(_trend(lineage, classified, kb))
    alert: list[str] = []
    for t in trends:
        alert += t.reasons
        if t.latest.klass is ChimerismClass.BELOW_REJECTION_THRESHOLD:
            alert.append(
                f"{t.lineage.label}: latest {t.latest.donor_percent:g} % on "
                f"{day_label(t.latest.day)} is {t.latest.label}"
            )
    latest = {t.lineage: t.latest for t in trends}
    myeloid, t_cells = latest.get(Lineage.MYELOID), latest.get(Lineage.CD3)
    if not trends:
        overall = "no chimerism result"
    elif myeloid and t_cells:
        both_full = myeloid.klass is t_cells.klass is ChimerismClass.FULL
        overall = (
            "full donor chimerism (> 95 % in myeloid and T cells, ASTCT)"
            if both_full
            else "not full donor chimerism: "
            + "; ".join(f"{r.lineage.label} {r.label}" for r in (myeloid, t_cells))
        )
    else:
        overall = (
            "lineage results incomplete (ASTCT full chimerism needs myeloid and T cells): "
            + ("; ".join(f"{r.lineage.label} {r.label}" for r in latest.values()))
        )
    notes = [f"{before_day0} result(s) before day 0 ignored"] if before_day0 else []
    citations: list[Citation] = [*kb.parameters["full_chimerism_above_percent"].citations]
    if any(r.klass is ChimerismClass.MIXED for r in latest.values()):
        rule = kb.rules["partial_chimerism"]
        notes.append(rule.text)
        citations += rule.citations
    return ChimerismEvaluation(tuple(trends), overall, tuple(alert), tuple(notes), tuple(citations))
