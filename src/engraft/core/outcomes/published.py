"""The centre's estimate beside the published series, with what the comparison can say.

For every published figure of an endpoint (``published_series.json``, clinical.md section 3)
that has a time point, the centre's transplants of the same group (donor types, graft source,
conditioning intensity, years) are analysed with the same estimator, and the estimate and its
95 % interval are set beside the published percentage with a plain sentence. The sentence
never claims more than the numbers allow: a published figure inside the centre's interval is
"compatible", not "the same"; one outside is "a prompt to look closer", not proof, because
the series differ in era, patients, conditioning and definitions and the published figures
carry their own uncertainty, which the notes do not give. Figures without a time point are
listed, not compared.

The sentence is written after the small-cell rule: under the threshold it says "fewer than
11" and withholds the estimate, so no small count leaks through the words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from engraft.core.outcomes.curves import Estimate
from engraft.core.outcomes.endpoints import endpoint_data
from engraft.core.outcomes.incidence import cumulative_incidence
from engraft.core.outcomes.knowledge import (
    AnalysisConventions,
    FigureGroup,
    PublishedFigure,
    PublishedSeries,
    analysis_conventions,
    published_series,
)
from engraft.core.outcomes.records import TransplantOutcome
from engraft.core.outcomes.survival import kaplan_meier
from engraft.core.outcomes.tables import Count, Number, ResultTable, Text


@dataclass(frozen=True)
class Comparison:
    """One published figure and the centre's estimate for the same group and day."""

    figure: PublishedFigure
    centre_n: int
    centre: Estimate | None  # None: the figure has no time point
    sentence: str


def figures_for(
    endpoint_id: str, series: Sequence[PublishedSeries] | None = None
) -> tuple[PublishedFigure, ...]:
    """Every published figure of an endpoint, in the order of the file."""
    return tuple(
        f for s in (series or published_series()) for f in s.figures if f.endpoint == endpoint_id
    )


@cache
def _intensities() -> dict[str, str]:
    from engraft.core.transplant.knowledge import load_transplant_knowledge

    return {k: r.intensity for k, r in load_transplant_knowledge().regimens.items()}


def in_group(outcome: TransplantOutcome, group: FigureGroup) -> bool:
    """Whether a transplant belongs to a published figure's group (unknown: it does not)."""
    if group.donor_type and (
        outcome.donor_type is None or outcome.donor_type.value not in group.donor_type
    ):
        return False
    if group.graft_source and (
        outcome.graft_source is None or outcome.graft_source.value not in group.graft_source
    ):
        return False
    if group.conditioning_intensity:
        intensity = _intensities().get(outcome.conditioning or "")
        if intensity not in group.conditioning_intensity:
            return False
    if group.year_from is not None and outcome.era < group.year_from:
        return False
    return not (group.year_to is not None and outcome.era > group.year_to)


def _centre_estimate(
    outcomes: Sequence[TransplantOutcome], figure: PublishedFigure, conv: AnalysisConventions
) -> tuple[int, Estimate]:
    endpoint = conv.endpoint(figure.endpoint)
    members = [o for o in outcomes if in_group(o, figure.group)]
    data = endpoint_data(members, endpoint)
    day = figure.time_days
    assert day is not None
    confidence = float(conv.confidence.value)
    if endpoint.is_survival:
        curve = kaplan_meier(
            data.durations, data.codes, report_days=(day,), risk_days=(day,), confidence=confidence
        )
    else:
        until = (
            endpoint.curve_until if endpoint.curve_until and endpoint.curve_until >= day else day
        )
        curve = cumulative_incidence(
            data.durations,
            data.codes,
            report_days=(day,),
            risk_days=(day,),
            curve_until=until,
            confidence=confidence,
        )
    estimate = curve.estimates[0]
    return data.n, estimate


def comparison_sentence(
    figure: PublishedFigure,
    centre_n: int,
    estimate: Estimate | None,
    *,
    suppress_below: int,
    conventions: AnalysisConventions | None = None,
) -> str:
    """What the centre's figure beside the published one can and cannot say, in words."""
    conv = conventions or analysis_conventions()
    few = suppress_below if suppress_below > 0 else conv.suppress_below
    published = f"{figure.percent:g} % in {figure.study} ({_published_n(figure)})"
    note = f" {figure.definition_note}" if figure.definition_note else ""
    if estimate is None or figure.time_days is None:
        return f"Not compared: the notes give no time point for this figure ({published}).{note}"
    when = conv.day_label(figure.time_days)
    if centre_n == 0:
        return f"The centre has no transplant in this group with the data to compare ({published})."
    if centre_n < suppress_below:
        return (
            f"Fewer than {suppress_below} of the centre's transplants are in this group: the "
            f"centre's figure is withheld (small-cell rule). Published: {published}."
        )
    if estimate.value is None:
        return (
            f"None of the centre's transplants in this group has been followed to {when} yet "
            f"({published})."
        )
    value = 100 * estimate.value
    if estimate.lower is None or estimate.upper is None:
        return (
            f"The centre's figure at {when} is {value:.0f} % with no interval (no event, or all "
            f"events, so far), beside {published}: too little to compare.{note}"
        )
    low, high = 100 * estimate.lower, 100 * estimate.upper
    text = (
        f"The centre's figure at {when} is {value:.0f} % (95 % CI {low:.0f} to {high:.0f} %), "
        f"beside {published}. "
    )
    if low <= figure.percent <= high:
        text += (
            f"The published figure lies inside the centre's interval: the two are compatible, but "
            f"an interval {high - low:.0f} points wide also fits figures well above and below it, "
            "so this cannot show the centre doing better or worse."
        )
    else:
        side = "above" if figure.percent > high else "below"
        text += (
            f"The published figure lies {side} the centre's interval: the gap is larger than the "
            "centre's own uncertainty explains, but the series differ in era, patients, "
            "conditioning and follow-up, and the published figure has its own uncertainty, so "
            "this is a prompt to look closer, not proof of a difference."
        )
    if estimate.at_risk < few and conv.endpoint(figure.endpoint).is_survival:
        text += (
            f" Fewer than {few} children are still followed at {when}: one more event can move "
            "the figure a lot."
        )
    return text + note


def _published_n(figure: PublishedFigure) -> str:
    if figure.n is not None and figure.n != figure.series_n:
        return f"n={figure.n} of {figure.series_n}"
    return f"n={figure.series_n}" if figure.n is None else f"n={figure.n}"


def compare_with_published(
    outcomes: Sequence[TransplantOutcome],
    endpoint_id: str,
    *,
    suppress_below: int,
    conventions: AnalysisConventions | None = None,
    series: Sequence[PublishedSeries] | None = None,
) -> tuple[Comparison, ...]:
    """The centre beside every published figure of ``endpoint_id``."""
    conv = conventions or analysis_conventions()
    out = []
    for figure in figures_for(endpoint_id, series):
        if figure.time_days is None:
            sentence = comparison_sentence(
                figure, 0, None, suppress_below=suppress_below, conventions=conv
            )
            out.append(Comparison(figure, 0, None, sentence))
            continue
        n, estimate = _centre_estimate(outcomes, figure, conv)
        sentence = comparison_sentence(
            figure, n, estimate, suppress_below=suppress_below, conventions=conv
        )
        out.append(Comparison(figure, n, estimate, sentence))
    return tuple(out)


def comparison_table(
    comparisons: Sequence[Comparison], conventions: AnalysisConventions | None = None
) -> ResultTable:
    """The comparisons as a table (centre counts as counts, published figures as text)."""
    conv = conventions or analysis_conventions()
    rows = []
    for c in comparisons:
        f = c.figure
        when = conv.day_label(f.time_days) if f.time_days is not None else "no time point"
        source = "; ".join(cit.reference for cit in f.citations)
        if c.centre is None:
            centre: tuple = (Text("-"), Text("-"), Text("-"), Text("-"), Text("-"))
        else:
            e = c.centre
            centre = (
                Count(c.centre_n),
                Count(e.at_risk),
                Number(None if e.value is None else 100 * e.value, percent=True),
                Number(None if e.lower is None else 100 * e.lower, percent=True),
                Number(None if e.upper is None else 100 * e.upper, percent=True),
            )
        rows.append(
            (
                Text(f"{f.study}: {f.measure}"),
                Text(f.group.label),
                Text(when),
                Text(f"{f.percent:g}"),
                Text(_published_n(f)),
                *centre,
                Text(c.sentence),
                Text(source),
            )
        )
    return ResultTable(
        id="published",
        title="Beside the published series",
        columns=(
            "published figure",
            "group",
            "when",
            "published (%)",
            "published n",
            "centre transplants",
            "centre at risk",
            "centre (%)",
            "centre 95 % CI low",
            "centre 95 % CI high",
            "what it can say",
            "source",
        ),
        rows=tuple(rows),
        n_column=5,
        note="Published figures as clinical.md section 3 gives them; their own intervals are not "
        "in the notes. Different eras, patients and definitions: a description, not a test.",
    )
