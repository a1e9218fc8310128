"""The curves of an analysis as an SVG chart (matplotlib), with the numbers at risk below.

Readable without colour, like the other charts of the core: black and greys only, each group
its own line style (solid, dashed, dotted, dash-dot, then with markers), the 95 % band a light
grey fill behind its line, and the numbers-at-risk table under the plot, each row led by a
sample of its group's line (the table is the legend). The SVG carries ``role="img"``, a
``<title>`` and a ``<desc>`` that states every group's reading on the reporting days, so a
screen reader gets the figures, not a picture.

The chart is drawn after the small-cell rule: a group whose size is withheld has no curve (its
row says so), and a withheld number at risk is shown as "*".
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server

import matplotlib.pyplot as plt

from engraft.core.outcomes.analysis import Analysis, GroupCurve
from engraft.core.outcomes.knowledge import AnalysisConventions, analysis_conventions
from engraft.core.outcomes.report import at_risk_table
from engraft.core.outcomes.tables import Count, ResultTable, suppress
from engraft.core.transplant.charts import SVG_RC, accessible_svg

LINE_STYLES = (
    ("-", None),
    ("--", None),
    (":", None),
    ("-.", None),
    ("-", "o"),
    ("--", "s"),
    (":", "^"),
    ("-.", "D"),
)
WITHHELD = "*"


def _shade(i: int) -> str:
    return "black" if i % 2 == 0 else "0.35"


def _groups(analysis: Analysis) -> list[GroupCurve]:
    return list(analysis.groups) if analysis.groups else [analysis.overall]


def _at_risk_rows(table: ResultTable) -> list[list[str]]:
    rows = table.rows if table.total_row is None else table.rows[: table.total_row]
    return [[str(c.value) if isinstance(c, Count) else WITHHELD for c in row[2:]] for row in rows]


def curves_chart_svg(
    analysis: Analysis,
    *,
    suppress_below: int,
    conventions: AnalysisConventions | None = None,
    chart_id: str = "outcomes-chart",
    width_in: float = 9.0,
) -> str:
    """The analysis's curves with their bands and the numbers-at-risk table, as SVG."""
    conv = conventions or analysis_conventions()
    endpoint = analysis.endpoint
    groups = _groups(analysis)
    risk = suppress(at_risk_table(analysis, conv), suppress_below)
    risk_rows = _at_risk_rows(risk)
    shown = [
        g
        for g, row in zip(groups, risk.rows, strict=False)
        if isinstance(row[1], Count) and g.curve.n > 0
    ]
    days = endpoint.risk_days
    last_day = max(days[-1], *(endpoint.report_days))
    table_height = 0.28 * (len(groups) + 1)
    with plt.rc_context(SVG_RC):
        fig, (ax, tab) = plt.subplots(
            2,
            1,
            figsize=(width_in, 3.6 + table_height),
            gridspec_kw={"height_ratios": [3.6, table_height]},
        )
        for i, group in enumerate(groups):
            if group not in shown:
                continue
            style, marker = LINE_STYLES[i % len(LINE_STYLES)]
            c = group.curve
            keep = c.times <= last_day
            times, values = c.times[keep], c.values[keep]
            band = ax.fill_between(
                times,
                c.lower[keep],
                c.upper[keep],
                step="post",
                color="0.8",
                alpha=0.35,
                linewidth=0,
            )
            band.set_gid(f"{chart_id}-band-{i}")
            (line,) = ax.step(
                times,
                values,
                where="post",
                linestyle=style,
                color=_shade(i),
                linewidth=1.3,
                marker=marker,
                markevery=max(1, len(times) // 8) if marker else None,
                markersize=4,
                markerfacecolor="white",
                label=group.label,
            )
            line.set_gid(f"{chart_id}-curve-{i}")
        ax.set_xlim(0, last_day)
        ax.set_ylim(0, 1.02)
        ax.set_ylabel("survival" if endpoint.is_survival else "cumulative incidence", fontsize=8)
        ax.set_xticks(list(days), [conv.day_label(d) if d else "day 0" for d in days], fontsize=7)
        ax.set_yticks(
            [0, 0.25, 0.5, 0.75, 1.0], ["0 %", "25 %", "50 %", "75 %", "100 %"], fontsize=7
        )
        ax.grid(axis="y", color="0.9", linewidth=0.6)
        ax.set_xlabel("time from day 0 (the infusion)", fontsize=7)
        ax.set_title(f"{endpoint.name}: {_by_words(analysis)}", fontsize=9)
        # The numbers at risk, each row led by its line's style: the table is the legend.
        tab.axis("off")
        tab.set_xlim(ax.get_xlim())
        tab.set_ylim(0, len(groups) + 1)
        tab.text(0, len(groups) + 0.5, "Number at risk", fontsize=7, weight="bold", va="center")
        for r, (group, row) in enumerate(zip(groups, risk_rows, strict=True)):
            y = len(groups) - r - 0.5
            style, marker = LINE_STYLES[r % len(LINE_STYLES)]
            label = group.label if group in shown else f"{group.label} (withheld)"
            tab.text(-0.09 * last_day, y, label, fontsize=6.5, ha="right", va="center")
            if group in shown:
                (sample,) = tab.plot(
                    [-0.08 * last_day, -0.035 * last_day],
                    [y, y],
                    linestyle=style,
                    color=_shade(r),
                    linewidth=1.3,
                    marker=marker,
                    markevery=[1] if marker else None,
                    markersize=4,
                    markerfacecolor="white",
                    clip_on=False,
                )
                sample.set_gid(f"{chart_id}-key-{r}")
            for d, value in zip(days, row, strict=True):
                text = tab.text(d, y, value, fontsize=6.5, ha="center", va="center")
                text.set_gid(f"{chart_id}-risk-{r}-{d}")
        buffer = io.StringIO()
        fig.subplots_adjust(left=0.36, right=0.96, top=0.93, bottom=0.04, hspace=0.25)
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    title = f"{endpoint.name}, {_by_words(analysis)}"
    return accessible_svg(buffer.getvalue(), chart_id, title, _desc(analysis, shown, conv))


def _by_words(analysis: Analysis) -> str:
    return f"by {analysis.by.replace('_', ' ')}" if analysis.by else "all transplants"


def _desc(analysis: Analysis, shown: list[GroupCurve], conv: AnalysisConventions) -> str:
    kind = "survival" if analysis.endpoint.is_survival else "cumulative incidence"
    parts = [f"{kind.capitalize()} curves with 95 % confidence bands."]
    for group in _groups(analysis):
        if group not in shown:
            parts.append(f"{group.label}: withheld (small-cell rule) or no transplant.")
            continue
        readings = []
        for e in group.curve.estimates:
            when = conv.day_label(e.day)
            if e.value is None:
                readings.append(f"{when} not estimable")
            elif e.lower is None or e.upper is None:
                readings.append(f"{when} {100 * e.value:.0f} %")
            else:
                low, high = 100 * e.lower, 100 * e.upper
                readings.append(f"{when} {100 * e.value:.0f} % (95 % CI {low:.0f} to {high:.0f} %)")
        parts.append(f"{group.label}: " + ", ".join(readings) + ".")
    return " ".join(parts)
