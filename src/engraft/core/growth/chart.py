"""Server-rendered SVG growth charts (matplotlib): height-for-age and weight-for-age.

The centile lines (0.4th to 99.6th) come from rcpchgrowth (``centiles.py``); the child's points
are the computed ones of ``zscores.growth_points``; each transplant's day 0 is a labelled
vertical line ("day 0, transplant 1") so growth before and after it can be told apart.
Readable without colour, like ``engraft.core.transplant.charts``: grey centile lines with their
labels, the 50th darker, points before a transplant filled circles and after it open squares;
the SVG carries ``role="img"``, ``<title>`` and ``<desc>``, and each marked element an id
(``gid``) tests and assistive styling can find. Only the ages of the child's data, with a margin,
are charted.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

import matplotlib

matplotlib.use("Agg")  # no display on a server

import matplotlib.pyplot as plt
import numpy as np

from engraft.core.growth.centiles import CentileLine, centile_lines
from engraft.core.growth.knowledge import load_growth_knowledge
from engraft.core.growth.zscores import GrowthPoint, MeasurementKind

_RC = {"svg.hashsalt": "engraft", "svg.fonttype": "none"}
# The margin around the child's ages: a tenth of the span, at least three months.
_MIN_MARGIN_YEARS = 0.25
_MARGIN_FRACTION = 0.1
_TITLES = {MeasurementKind.HEIGHT: "Height-for-age", MeasurementKind.WEIGHT: "Weight-for-age"}
_AXES = {MeasurementKind.HEIGHT: "length/height (cm)", MeasurementKind.WEIGHT: "weight (kg)"}
_SEXES = {"male": "boys", "female": "girls"}


@dataclass(frozen=True)
class TransplantMark:
    """A transplant's day 0 on the age axis: e.g. number 1 at age 1.42 years."""

    number: int
    age_years: float

    @property
    def label(self) -> str:
        """The line's label: "day 0, transplant 1"."""
        return f"day 0, transplant {self.number}"


def chart_ages(
    points: Sequence[GrowthPoint], transplants: Sequence[TransplantMark]
) -> tuple[float, float] | None:
    """The age range charted: the computed points and the day 0s, with a margin, from 0."""
    ages = [p.age_years for p in points if p.computed and p.age_years is not None]
    if not ages:
        return None
    ages += [t.age_years for t in transplants if t.age_years >= 0]
    low, high = min(ages), max(ages)
    margin = max(_MIN_MARGIN_YEARS, _MARGIN_FRACTION * (high - low))
    return max(0.0, low - margin), high + margin


def growth_chart_svg(
    *,
    kind: MeasurementKind,
    sex: str,
    reference: str,
    points: Sequence[GrowthPoint],
    transplants: Sequence[TransplantMark] = (),
    chart_id: str | None = None,
    width_in: float = 7.0,
    height_in: float = 4.8,
) -> str | None:
    """The chart of one measurement kind, or None when no point of that kind was computed.

    ``points`` may hold both kinds and uncomputed points: only the computed ones of ``kind`` are
    drawn. A point on or after a transplant's day 0 is drawn as post-transplant.
    """
    mine = [p for p in points if p.kind == kind and p.computed and p.age_years is not None]
    ages = chart_ages(mine, transplants)
    if ages is None:
        return None
    chart_id = chart_id or f"{kind.value}-chart"
    kb = load_growth_knowledge()
    name = kb.references[reference].name
    title = f"{_TITLES[kind]}, {name}, {_SEXES.get(sex, sex)}"
    lines = centile_lines(reference=reference, sex=sex, kind=kind, age_from=ages[0], age_to=ages[1])
    first_day0 = min((t.age_years for t in transplants), default=None)

    def is_post(p: GrowthPoint) -> bool:
        return first_day0 is not None and p.age_years is not None and p.age_years >= first_day0

    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(width_in, height_in))
        for line in lines:
            _draw_centile(ax, line, ages[1])
        for post, marker, face, label in (
            (False, "o", "black", "measurement" if first_day0 is None else "before transplant"),
            (True, "s", "white", "after transplant"),
        ):
            group = [p for p in mine if is_post(p) == post]
            if not group:
                continue
            (dots,) = ax.plot(
                [p.age_years for p in group],
                [p.value for p in group],
                linestyle="none",
                marker=marker,
                markersize=5,
                markerfacecolor=face,
                color="black",
                label=label,
                zorder=5,
            )
            dots.set_gid(f"{kind.value}-points-{'post' if post else 'pre'}")
        for mark in transplants:
            if not ages[0] <= mark.age_years <= ages[1]:
                continue
            rule = ax.axvline(mark.age_years, linestyle="--", color="black", linewidth=1.2)
            rule.set_gid(f"day0-transplant-{mark.number}")
            text = ax.annotate(
                mark.label,
                xy=(mark.age_years, 0.98),
                xycoords=("data", "axes fraction"),
                xytext=(-3, 0),
                textcoords="offset points",
                rotation=90,
                ha="right",
                va="top",
                fontsize=7,
            )
            text.set_gid(f"day0-transplant-{mark.number}-label")
        ax.set_xlim(ages[0], ages[1])
        ax.set_xlabel("age (years)")
        ax.set_ylabel(_AXES[kind])
        ax.set_title(title, fontsize=10)
        ax.grid(True, color="0.92", linewidth=0.5)
        ax.legend(fontsize=7, loc="upper left")
        buffer = io.StringIO()
        fig.tight_layout()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    desc = _desc(kind, mine, lines, transplants, ages)
    return _accessible(buffer.getvalue(), chart_id, title, desc)


def _draw_centile(ax, line: CentileLine, age_to: float) -> None:
    median = line.centile == 50
    extreme = line.sds <= -2.5 or line.sds >= 2.5  # the 0.4th and 99.6th: dashed
    for i, segment in enumerate(line.segments):
        (drawn,) = ax.plot(
            [p[0] for p in segment],
            [p[1] for p in segment],
            color="0.35" if median else "0.65",
            linewidth=1.1 if median else 0.7,
            linestyle="--" if extreme else "-",
        )
        drawn.set_gid(f"centile-{line.label}-{i + 1}")
    if line.segments:
        # The label sits at the right edge of the chart, on the line's value there.
        last = line.segments[-1]
        x = min(age_to, last[-1][0])
        y = float(np.interp(x, [p[0] for p in last], [p[1] for p in last]))
        text = ax.annotate(
            line.label,
            xy=(x, y),
            xytext=(2, 0),
            textcoords="offset points",
            va="center",
            fontsize=6,
            color="0.3",
            annotation_clip=False,
        )
        text.set_gid(f"centile-{line.label}-label")


def _shown_date(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _desc(
    kind: MeasurementKind,
    points: Sequence[GrowthPoint],
    lines: Sequence[CentileLine],
    transplants: Sequence[TransplantMark],
    ages: tuple[float, float],
) -> str:
    latest = max(points, key=lambda p: p.measured_on)
    years = [p.age_years or 0.0 for p in points]
    parts = [
        f"{len(points)} {kind.value} measurement(s) from age {min(years):.1f}"
        f" to {max(years):.1f} years.",
        f"Latest {latest.value:g} {kind.unit} on {_shown_date(latest.measured_on)}, "
        f"SDS {latest.sds:+.2f}, centile {latest.centile:.1f}.",
    ]
    if lines:
        parts.append(f"Centile lines {lines[0].label} to {lines[-1].label}.")
    parts.extend(
        f"Day 0 of transplant {t.number} at age {t.age_years:.2f} years."
        for t in transplants
        if ages[0] <= t.age_years <= ages[1]
    )
    return " ".join(parts)


def _accessible(svg: str, chart_id: str, title: str, desc: str) -> str:
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
