"""Server-rendered SVG charts of one episode: daily counts and chimerism by lineage (matplotlib).

Drawn from an :class:`EpisodeEvaluation`, so a chart shows exactly the measurements the
engraftment rules read (one a day, the lowest, from day 0 to the as-of date) and the days they
computed. Readable without colour, like ``engraft.core.record.lab_chart``: black and grey only,
each series has its own marker shape and line style, every threshold and engraftment day is a
dashed line with a text label, and the SVG carries ``role="img"``, ``<title>`` and ``<desc>``.
Each marked element has an id (``gid``) so tests and assistive styling can find it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

import matplotlib

matplotlib.use("Agg")  # no display on a server

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from engraft.core.transplant.days import day_label
from engraft.core.transplant.engraftment import EngraftmentResult
from engraft.core.transplant.episode import Lineage
from engraft.core.transplant.evaluate import EpisodeEvaluation
from engraft.core.transplant.knowledge import TransplantKnowledge, load_transplant_knowledge

# One marker shape and line style a lineage, so the lines differ without colour.
LINEAGE_STYLE: dict[Lineage, tuple[str, str, str]] = {
    Lineage.WHOLE_BLOOD: ("o", "-", "whole blood"),
    Lineage.CD3: ("s", "--", "T cells (CD3)"),
    Lineage.MYELOID: ("^", ":", "myeloid (CD15/CD33)"),
}
SVG_RC = {"svg.hashsalt": "engraft", "svg.fonttype": "none"}
UNIT = "x10^9/L"


def counts_chart_svg(
    evaluation: EpisodeEvaluation,
    kb: TransplantKnowledge | None = None,
    *,
    platelet_transfusion_days: Sequence[int] = (),
    chart_id: str = "counts-chart",
    width_in: float = 7.0,
    height_in: float = 5.2,
) -> str | None:
    """ANC and platelets by day from day 0, with the thresholds and engraftment days marked.

    Two panels sharing the day axis (their scales differ forty-fold): ANC with the 0.5 line,
    platelets with the 20 line; the qualifying measurements of an engraftment are drawn with
    filled markers and its day is a labelled dashed vertical line; the primary graft-failure
    limit is a dash-dot line. None when no ANC or platelet count was measured since day 0.
    """
    kb = kb or load_transplant_knowledge()
    neutrophil, platelet = evaluation.neutrophil, evaluation.platelet
    if not neutrophil.measurements and not platelet.measurements:
        return None
    anc_line = kb.value("anc_threshold")
    plt_line = kb.value("platelet_threshold")
    limit = evaluation.graft.limit_day
    last_day = max(evaluation.day, limit if evaluation.day >= limit - 14 else 0, 1)
    with plt.rc_context(SVG_RC):
        fig, (anc_ax, plt_ax) = plt.subplots(2, 1, sharex=True, figsize=(width_in, height_in))
        _count_panel(anc_ax, neutrophil, "ANC", "o", anc_line, "anc", "neutrophil")
        _count_panel(plt_ax, platelet, "Platelets", "s", plt_line, "platelet", "platelet")
        if platelet_transfusion_days:
            days = sorted(d for d in platelet_transfusion_days if 0 <= d <= evaluation.day)
            if days:
                (marks,) = plt_ax.plot(
                    days,
                    [0] * len(days),
                    linestyle="none",
                    marker="v",
                    markerfacecolor="white",
                    color="black",
                    label="platelet transfusion",
                    clip_on=False,
                )
                marks.set_gid("platelet-transfusions")
        for ax, key in ((anc_ax, "anc"), (plt_ax, "platelet")):
            if limit <= last_day:
                line = ax.axvline(limit, linestyle="-.", color="0.45", linewidth=1)
                line.set_gid(f"graft-failure-limit-{key}")
            ax.set_xlim(-0.5, last_day + 0.5)
            ax.legend(fontsize=7, loc="upper left")
        if limit <= last_day:
            note = anc_ax.annotate(
                f"{day_label(limit)}: primary graft-failure limit",
                xy=(limit, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -10),
                textcoords="offset points",
                fontsize=7,
            )
            note.set_gid("graft-failure-limit-label")
        plt_ax.set_xlabel("day after the infusion (day 0)")
        buffer = io.StringIO()
        fig.tight_layout()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    return accessible_svg(
        buffer.getvalue(), chart_id, "Counts from day 0", _counts_desc(evaluation)
    )


def _count_panel(
    ax: Axes,
    result: EngraftmentResult,
    name: str,
    marker: str,
    threshold: float,
    key: str,
    lineage: str,
) -> None:
    days = [m.day for m in result.measurements]
    values = [m.value for m in result.measurements]
    (line,) = ax.plot(
        days,
        values,
        marker=marker,
        markersize=4,
        markerfacecolor="white",
        color="black",
        linewidth=1,
        label=f"{name} ({UNIT}), lowest of the day",
    )
    line.set_gid(f"{key}-counts")
    rule = ax.axhline(threshold, linestyle="--", color="0.3", linewidth=1)
    rule.set_gid(f"{key}-threshold")
    text = ax.annotate(
        f"{name} {threshold:g} {UNIT}: engraftment threshold",
        xy=(1.0, threshold),
        xycoords=("axes fraction", "data"),
        xytext=(-3, 3),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=7,
    )
    text.set_gid(f"{key}-threshold-label")
    if result.day is not None:
        engrafted = ax.axvline(result.day, linestyle="--", color="black", linewidth=1.2)
        engrafted.set_gid(f"{lineage}-engraftment")
        (qualifying,) = ax.plot(
            [m.day for m in result.qualifying],
            [m.value for m in result.qualifying],
            linestyle="none",
            marker=marker,
            markersize=6,
            color="black",
            label="qualifying measurement",
        )
        qualifying.set_gid(f"{lineage}-qualifying")
        label = ax.annotate(
            f"{lineage} engraftment {day_label(result.day)}",
            xy=(result.day, 0.5),
            xycoords=("data", "axes fraction"),
            xytext=(3, 0),
            textcoords="offset points",
            rotation=90,
            va="center",
            fontsize=7,
        )
        label.set_gid(f"{lineage}-engraftment-label")
    ax.set_ylabel(f"{name} ({UNIT})", fontsize=8)
    ax.set_ylim(bottom=0)


def _counts_desc(evaluation: EpisodeEvaluation) -> str:
    parts = []
    for result, name in ((evaluation.neutrophil, "ANC"), (evaluation.platelet, "platelets")):
        ms = result.measurements
        if ms:
            parts.append(
                f"{name}: {len(ms)} daily measurements from {day_label(ms[0].day)} "
                f"({ms[0].value:g}) to {day_label(ms[-1].day)} ({ms[-1].value:g} {UNIT})."
            )
        else:
            parts.append(f"{name}: no measurement since day 0.")
        parts.append(
            f"{result.lineage.capitalize()} engraftment: "
            + (day_label(result.day) if result.day is not None else "not yet")
            + "."
        )
    parts.append(f"Graft: {evaluation.graft.label}.")
    return " ".join(parts)


def chimerism_chart_svg(
    evaluation: EpisodeEvaluation,
    kb: TransplantKnowledge | None = None,
    *,
    chart_id: str = "chimerism-chart",
    width_in: float = 7.0,
    height_in: float = 3.4,
) -> str | None:
    """Donor chimerism (%) by lineage over days, with the 5 % and 95 % lines labelled.

    A falling lineage (the in-house trend rule) says so in its legend entry. None when there
    is no chimerism result since day 0.
    """
    kb = kb or load_transplant_knowledge()
    trends = evaluation.chimerism.lineages
    if not trends:
        return None
    full = kb.value("full_chimerism_above_percent")
    below = kb.value("rejection_below_percent")
    with plt.rc_context(SVG_RC):
        fig, ax = plt.subplots(figsize=(width_in, height_in))
        for trend in trends:
            marker, style, name = LINEAGE_STYLE[trend.lineage]
            days = [r.day for r in trend.results]
            values = [r.donor_percent for r in trend.results]
            (line,) = ax.plot(
                days,
                values,
                marker=marker,
                linestyle=style,
                markerfacecolor="white",
                color="black",
                linewidth=1.2,
                label=name + (" (falling)" if trend.falling else ""),
            )
            line.set_gid(f"chimerism-{trend.lineage.value}")
            for day, value in zip(days, values, strict=True):
                ax.annotate(
                    f"{value:g}",
                    (day, value),
                    textcoords="offset points",
                    xytext=(0, 5),
                    ha="center",
                    fontsize=6,
                )
        for value, gid, text in (
            (full, "full-chimerism-line", f"{full:g} %: full donor chimerism above"),
            (below, "rejection-line", f"{below:g} %: graft rejection threshold (unverified)"),
        ):
            rule = ax.axhline(value, linestyle="--", color="0.3", linewidth=1)
            rule.set_gid(gid)
            label = ax.annotate(
                text,
                xy=(0.0, value),
                xycoords=("axes fraction", "data"),
                xytext=(3, 2),
                textcoords="offset points",
                fontsize=7,
            )
            label.set_gid(f"{gid}-label")
        ax.set_ylim(0, 105)
        ax.set_ylabel("donor cells (%)", fontsize=8)
        ax.set_xlabel("day after the infusion (day 0)")
        ax.legend(fontsize=7, loc="lower left")
        buffer = io.StringIO()
        fig.tight_layout()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    desc = " ".join(
        f"{LINEAGE_STYLE[t.lineage][2]}: "
        + ", ".join(f"{r.donor_percent:g} % on {day_label(r.day)}" for r in t.results)
        + (" (falling)." if t.falling else ".")
        for t in trends
    )
    return accessible_svg(buffer.getvalue(), chart_id, "Donor chimerism by lineage", desc)


def accessible_svg(svg: str, chart_id: str, title: str, desc: str) -> str:
    """Give the SVG a role, a title and a description a screen reader announces."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    head = svg[start:end].replace(
        "<svg", f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"', 1
    )
    extra = (
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return svg[:start] + head + ">" + extra + svg[end + 1 :]
