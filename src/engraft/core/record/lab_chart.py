"""A server-rendered SVG trend chart of one analyte for one patient (matplotlib).

Readable without colour: points have markers and printed values, sourced thresholds are
dashed lines with a text label, and a reference band (only when one is sourced or labelled
in-house by the caller) is hatched. The SVG carries ``<title>`` and ``<desc>`` and
``role="img"`` so a screen reader can announce it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

import matplotlib

matplotlib.use("Agg")  # no display on a server

import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from engraft.core.record.analytes import ReferenceBand, get_analyte
from engraft.core.record.patient import LabResult


def lab_trend_svg(
    results: Sequence[LabResult],
    analyte_code: str,
    *,
    reference_band: ReferenceBand | None = None,
    width_in: float = 6.0,
    height_in: float = 3.2,
) -> str:
    """An SVG (text) of ``results`` of one analyte over time, oldest first.

    ``reference_band`` overrides the catalogue's (which is None where no band is sourced);
    its ``source`` is printed on the chart. Raises ``ValueError`` if no result is for the
    analyte.
    """
    analyte = get_analyte(analyte_code)
    points = sorted((r for r in results if r.analyte == analyte.key), key=lambda r: r.collected_at)
    if not points:
        raise ValueError(f"no {analyte.display} results to chart")
    band = reference_band or analyte.reference_band
    times = [r.collected_at for r in points]
    values = [r.value for r in points]

    with plt.rc_context({"svg.hashsalt": "engraft", "svg.fonttype": "none"}):
        fig, ax = plt.subplots(figsize=(width_in, height_in))
        if band is not None:
            ax.axhspan(
                band.low,
                band.high,
                facecolor="none",
                hatch="//",
                edgecolor="0.6",
                linewidth=0,
                label=f"reference {band.low:g}-{band.high:g} ({band.source})",
            )
        for threshold in analyte.thresholds:
            ax.axhline(threshold.value, linestyle="--", color="0.3", linewidth=1)
            ax.annotate(
                f"{threshold.label} ({threshold.source})",
                xy=(0.01, threshold.value),
                xycoords=("axes fraction", "data"),
                fontsize=7,
                va="bottom",
            )
        ax.plot(times, values, marker="o", color="black", linewidth=1.2)
        for when, value in zip(times, values, strict=True):
            ax.annotate(
                f"{value:g}",
                (when, value),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7,
            )
        ax.set_ylabel(f"{analyte.display} ({analyte.unit})")
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        fig.autofmt_xdate()
        if band is not None:
            ax.legend(fontsize=7, loc="best")
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    return _accessible(buffer.getvalue(), analyte.display, analyte.unit, points, band)


def _accessible(
    svg: str, display: str, unit: str, points: Sequence[LabResult], band: ReferenceBand | None
) -> str:
    first, last = points[0], points[-1]
    title = f"{display} trend"
    desc = (
        f"{len(points)} results of {display} from {first.collected_at.date()} "
        f"({first.value:g} {unit}) to {last.collected_at.date()} ({last.value:g} {unit})."
    )
    desc += (
        f" Reference band {band.low:g}-{band.high:g} {unit} ({band.source})."
        if band
        else " No sourced reference band."
    )
    start = svg.index("<svg")
    end = svg.index(">", start)
    head = svg[start:end].replace(
        "<svg", '<svg role="img" aria-labelledby="chart-title chart-desc"', 1
    )
    extra = (
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(desc)}</desc>'
    )
    return svg[:start] + head + ">" + extra + svg[end + 1 :]
