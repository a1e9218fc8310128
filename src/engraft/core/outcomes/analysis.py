"""One endpoint analysed over a cohort of transplants, whole or split into groups.

``analyse(outcomes, "os", by="donor_type")`` reads the endpoint's definition from the
knowledge (events, competing events, reporting days), leaves out the transplants whose data
cannot answer it (counted by reason), estimates the curve of every group and of all the
transplants together, and, for survival endpoints, tests the recorded groups against each
other with the log-rank test. Cumulative incidence has no test between groups here: Gray's
test is in neither lifelines nor scikit-survival (software.md 4.2), and Engraft does not
write its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from engraft.core.outcomes.curves import Curve
from engraft.core.outcomes.endpoints import (
    EndpointData,
    endpoint_data,
    second_transplants_without_graft_failure,
)
from engraft.core.outcomes.incidence import cumulative_incidence
from engraft.core.outcomes.knowledge import AnalysisConventions, Endpoint, analysis_conventions
from engraft.core.outcomes.records import TransplantOutcome
from engraft.core.outcomes.strata import group_outcomes
from engraft.core.outcomes.survival import LogRank, kaplan_meier, log_rank

ALL = "all transplants"


@dataclass(frozen=True)
class GroupCurve:
    """The curve of one group (or of all transplants) with its key and label."""

    key: str
    label: str
    curve: Curve
    recorded: bool = True


@dataclass(frozen=True)
class Analysis:
    """The result of one endpoint over one cohort."""

    endpoint: Endpoint
    by: str | None
    overall: GroupCurve
    groups: tuple[GroupCurve, ...]
    log_rank: LogRank | None
    excluded: dict[str, int]
    notes: tuple[str, ...]
    confidence: float
    # EFS only: second transplants with no graft failure recorded on or before them, the one
    # case where software.md's EFS and the EBMT registry's (death or graft failure) differ.
    second_transplants_without_graft_failure: int | None = None


def estimate_curve(data: EndpointData, conventions: AnalysisConventions) -> Curve:
    """The endpoint's estimator applied to ``data``."""
    endpoint = data.endpoint
    confidence = float(conventions.confidence.value)
    if endpoint.is_survival:
        return kaplan_meier(
            data.durations,
            data.codes,
            report_days=endpoint.report_days,
            risk_days=endpoint.risk_days,
            confidence=confidence,
        )
    return cumulative_incidence(
        data.durations,
        data.codes,
        report_days=endpoint.report_days,
        risk_days=endpoint.risk_days,
        curve_until=endpoint.curve_until,
        confidence=confidence,
    )


def analyse(
    outcomes: Sequence[TransplantOutcome],
    endpoint_id: str,
    *,
    by: str | None = None,
    era_breaks: Sequence[int] = (),
    risk_days: Sequence[int] | None = None,
    conventions: AnalysisConventions | None = None,
) -> Analysis:
    """Analyse ``endpoint_id`` (os, efs, engraftment, ...) over ``outcomes``, split ``by``.

    ``risk_days`` replaces the endpoint's days for the numbers at risk (e.g. every 6 months).
    """
    conv = conventions or analysis_conventions()
    endpoint = conv.endpoint(endpoint_id)
    if risk_days is not None:
        if not risk_days or min(risk_days) < 0:
            raise ValueError("risk_days: one day or more, none before day 0")
        endpoint = replace(endpoint, risk_days=tuple(sorted(set(risk_days))))
    data = endpoint_data(outcomes, endpoint)
    overall = GroupCurve("all", ALL, estimate_curve(data, conv))
    groups: list[GroupCurve] = []
    test = None
    if by is not None:
        position_group = np.full(len(outcomes), -1, dtype=np.int64)
        found = group_outcomes(outcomes, by, era_breaks=era_breaks, conventions=conv)
        for g, group in enumerate(found):
            position_group[np.asarray(group.members, dtype=np.int64)] = g
        included_group = position_group[data.index]
        for g, group in enumerate(found):
            subset = data.subset(included_group == g)
            curve = estimate_curve(subset, conv)
            groups.append(GroupCurve(group.key, group.label, curve, group.recorded))
        if endpoint.is_survival:
            recorded = np.asarray([g.recorded for g in found], dtype=bool)[included_group]
            keys = np.asarray([g.key for g in found], dtype=object)
            labels = keys[included_group[recorded]]
            test = log_rank(
                data.durations[recorded],
                data.codes[recorded],
                labels,
                [g.key for g in found if g.recorded],
            )
    return Analysis(
        endpoint=endpoint,
        by=by,
        overall=overall,
        groups=tuple(groups),
        log_rank=test,
        excluded=data.excluded,
        notes=_notes(endpoint, by),
        confidence=float(conv.confidence.value),
        second_transplants_without_graft_failure=(
            second_transplants_without_graft_failure(outcomes) if endpoint.id == "efs" else None
        ),
    )


def _notes(endpoint: Endpoint, by: str | None) -> tuple[str, ...]:
    notes = [endpoint.text]
    if endpoint.is_survival:
        notes.append(
            "Kaplan-Meier estimates (lifelines) with 95 % confidence intervals on the "
            "log(-log) scale; none is given after a group's longest follow-up if it ends in "
            "censoring."
        )
        if by is not None:
            notes.append(
                "The log-rank test compares the recorded groups; transplants whose group is not "
                "recorded are shown but not tested."
            )
    else:
        notes.append(
            "Aalen-Johansen cumulative incidence (scikit-survival, exact with tied days) with "
            "95 % log-log confidence intervals; competing: "
            + ", ".join(c.replace("_", " ") for c in endpoint.competing)
            + "."
        )
        if by is not None:
            notes.append(
                "No test between groups: Gray's test is in neither lifelines nor scikit-survival."
            )
    return tuple(notes)
