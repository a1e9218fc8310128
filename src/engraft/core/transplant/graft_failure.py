"""Primary and secondary graft failure, and the explicit "not yet" states.

ASTCT 2021 (Kharfan-Dabaja MA et al., Transplant Cell Ther 2021;27(8):642-9; Sureda A et
al., Bone Marrow Transplant 2024;59:832):
- primary graft failure: ANC >= 0.5 x10^9/L not reached by day +30 after bone marrow or
  peripheral blood, day +42 after cord blood (with pancytopenia, which a clinician confirms);
- secondary graft failure: haematopoietic function declines after initial recovery, needing
  blood products or growth factors. Engraft reads "declines" as 3 consecutive ANC below 0.5
  after engraftment and "needing" as a transfusion or growth factor from the first low count
  to 7 days after the last (in-house thresholds in transplant.json).
"Not yet" is explicit: "day +19, no engraftment yet, 11 days to the day +30 limit".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from engraft.core.knowledge.loader import Citation
from engraft.core.transplant.days import date_of_day, day_label, transplant_day
from engraft.core.transplant.engraftment import (
    EngraftmentResult,
    EngraftmentStatus,
    Measurement,
    daily_measurements,
)
from engraft.core.transplant.episode import GraftSource
from engraft.core.transplant.knowledge import TransplantKnowledge, load_transplant_knowledge


class GraftStatus(StrEnum):
    """The graft's status on the as-of date."""

    BEFORE_DAY0 = "before_day0"
    NOT_YET = "not_yet"
    PENDING = "pending"  # past the limit, but a run begun by the limit may still qualify
    ENGRAFTED = "engrafted"
    LATE_ENGRAFTMENT = "late_engraftment"
    PRIMARY_GRAFT_FAILURE = "primary_graft_failure"
    SECONDARY_GRAFT_FAILURE = "secondary_graft_failure"
    COUNT_LOSS_WITHOUT_SUPPORT = "count_loss_without_support"
    NOT_ASSESSABLE = "not_assessable"


FAILED = frozenset({GraftStatus.PRIMARY_GRAFT_FAILURE, GraftStatus.SECONDARY_GRAFT_FAILURE})


@dataclass(frozen=True)
class GraftFailureResult:
    """The graft-failure status with the limit, the days that decided it and its sources."""

    status: GraftStatus
    label: str
    limit_day: int
    limit_date: date
    days_to_limit: int | None  # only while not yet engrafted and before the limit
    qualifying: tuple[Measurement, ...]
    reasons: tuple[str, ...]
    choices: tuple[str, ...]
    citations: tuple[Citation, ...]


def primary_failure_limit(graft_source: GraftSource, kb: TransplantKnowledge) -> tuple[int, str]:
    """The day by which neutrophils must engraft (+30 marrow/blood, +42 cord) and its key."""
    name = (
        "primary_failure_day_cord_blood"
        if graft_source is GraftSource.CORD_BLOOD
        else "primary_failure_day_marrow_or_blood"
    )
    return kb.count(name), name


def _secondary(
    neutrophil: EngraftmentResult,
    anc: Iterable[tuple[date, float]],
    support: Iterable[tuple[date, str]],
    day0: date,
    as_of: date,
    kb: TransplantKnowledge,
) -> tuple[GraftStatus, tuple[Measurement, ...], list[str]] | None:
    """Loss of counts after engraftment: (status, the low measurements, reasons) or None."""
    assert neutrophil.established_on is not None
    threshold = kb.value("anc_threshold")
    needed = kb.count("secondary_loss_measurements")
    max_gap = kb.count("max_gap_days_in_run")
    window = kb.count("secondary_support_window_days")
    after = [m for m in daily_measurements(anc, day0, as_of) if m.date > neutrophil.established_on]
    run: list[Measurement] = []
    for m in after:
        if m.value >= threshold or (run and m.day - run[-1].day > max_gap):
            run = [] if m.value >= threshold else [m]
        else:
            run.append(m)
        if len(run) == needed:
            break
    if len(run) < needed:
        return None
    last = run[-1].date + timedelta(days=window)
    given = sorted((d, kind) for d, kind in support if run[0].date <= d <= min(last, as_of))
    low = f"ANC < {threshold:g} x10^9/L on {needed} consecutive measurements after engraftment: "
    low += ", ".join(m.label for m in run)
    if not given:
        return (
            GraftStatus.COUNT_LOSS_WITHOUT_SUPPORT,
            tuple(run),
            [
                low,
                f"no transfusion or growth factor recorded up to {window} days after the "
                "last low count: not yet secondary graft failure (needs support)",
            ],
        )
    support_text = ", ".join(f"{kind} on {day_label(transplant_day(day0, d))}" for d, kind in given)
    return GraftStatus.SECONDARY_GRAFT_FAILURE, tuple(run), [low, f"support given: {support_text}"]


def graft_failure(
    neutrophil: EngraftmentResult,
    anc: Iterable[tuple[date, float]],
    support: Iterable[tuple[date, str]],
    graft_source: GraftSource,
    day0: date,
    as_of: date,
    kb: TransplantKnowledge | None = None,
) -> GraftFailureResult:
    """The graft-failure status on ``as_of`` from the neutrophil result and the ANC series.

    Source: ASTCT 2021 (Kharfan-Dabaja, Transplant Cell Ther 2021;27:642-9), primary graft
    failure by day +30 (marrow, blood) or +42 (cord); secondary thresholds in-house.

    ``support`` holds (date, kind) of transfusions and growth factors ("red_cells",
    "platelets", "G-CSF"...), used for secondary graft failure.
    """
    kb = kb or load_transplant_knowledge()
    anc = tuple(anc)
    limit, limit_key = primary_failure_limit(graft_source, kb)
    limit_date = date_of_day(day0, limit)
    as_of_day = transplant_day(day0, as_of)
    limit_text = f"the {day_label(limit)} limit"
    citations = (
        *kb.parameters[limit_key].citations,
        *kb.parameters["anc_threshold"].citations,
    )

    def result(
        status: GraftStatus,
        label: str,
        reasons: list[str],
        qualifying: tuple[Measurement, ...] = (),
        days_to_limit: int | None = None,
        choices: tuple[str, ...] = (),
        extra: tuple[Citation, ...] = (),
    ) -> GraftFailureResult:
        return GraftFailureResult(
            status,
            label,
            limit,
            limit_date,
            days_to_limit,
            qualifying,
            tuple(reasons),
            ("as_of", *choices),
            (*citations, *extra),
        )

    source_text = f"{graft_source.value.replace('_', ' ')}: {limit_text} ({limit_date})"
    if neutrophil.status is EngraftmentStatus.BEFORE_DAY0:
        return result(
            GraftStatus.BEFORE_DAY0,
            f"{day_label(as_of_day)}: before the infusion",
            [source_text],
        )
    if neutrophil.status is EngraftmentStatus.ENGRAFTED:
        assert neutrophil.day is not None
        secondary = _secondary(neutrophil, anc, support, day0, as_of, kb)
        sec_citations = kb.parameters["secondary_loss_measurements"].citations
        if secondary is not None:
            status, run, reasons = secondary
            what = (
                "secondary graft failure"
                if status is GraftStatus.SECONDARY_GRAFT_FAILURE
                else "loss of neutrophil counts after engraftment, no support recorded"
            )
            return result(
                status,
                f"{what} from {day_label(run[0].day)} ({run[0].date})",
                [f"neutrophil engraftment on {day_label(neutrophil.day)}", *reasons],
                qualifying=run,
                choices=("secondary_definition",),
                extra=(*sec_citations, *kb.parameters["secondary_support_window_days"].citations),
            )
        if neutrophil.day <= limit:
            return result(
                GraftStatus.ENGRAFTED,
                f"engrafted on {day_label(neutrophil.day)}, within {limit_text}",
                [source_text, neutrophil.label],
                qualifying=neutrophil.qualifying,
            )
        return result(
            GraftStatus.LATE_ENGRAFTMENT,
            f"late engraftment on {day_label(neutrophil.day)}, after {limit_text}",
            [
                source_text,
                neutrophil.label,
                f"the primary graft failure criterion was met on {day_label(limit)} "
                f"({limit_date}); reported as late engraftment (in-house)",
            ],
            qualifying=neutrophil.qualifying,
            choices=("late_engraftment",),
        )
    if not neutrophil.measurements and as_of_day > limit:
        return result(
            GraftStatus.NOT_ASSESSABLE,
            f"{day_label(as_of_day)}: no ANC measured since day 0",
            [source_text, "without counts the graft-failure limit cannot be judged"],
        )
    if neutrophil.status is EngraftmentStatus.NO_NADIR and as_of_day > limit:
        return result(
            GraftStatus.NOT_ASSESSABLE,
            f"{day_label(as_of_day)}: ANC never fell below the threshold; not assessable",
            [source_text, *neutrophil.reasons, "a clinician judges the graft (in-house)"],
            choices=("nadir",),
        )
    if as_of_day <= limit:
        left = limit - as_of_day
        when = (
            f"{left} day{'s' if left != 1 else ''} to {limit_text}"
            if left
            else (f"today is {limit_text}")
        )
        return result(
            GraftStatus.NOT_YET,
            f"{day_label(as_of_day)}, no engraftment yet, {when}",
            [source_text, *neutrophil.reasons],
            days_to_limit=left,
        )
    if neutrophil.open_run and neutrophil.open_run[0].day <= limit:
        return result(
            GraftStatus.PENDING,
            f"{day_label(as_of_day)}: past {limit_text}, a run begun on "
            f"{day_label(neutrophil.open_run[0].day)} may still qualify",
            [source_text, *neutrophil.reasons],
            qualifying=neutrophil.open_run,
            choices=("limit_run_pending",),
        )
    return result(
        GraftStatus.PRIMARY_GRAFT_FAILURE,
        f"primary graft failure: no neutrophil engraftment by {day_label(limit)} ({limit_date})",
        [source_text, *neutrophil.reasons],
        choices=("pancytopenia",),
    )
