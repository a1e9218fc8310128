"""SVG charts of the surveillance rules: calcium, weight and bilirubin against their lines.

Drawn like ``core/transplant/charts.py`` (matplotlib, black and grey, each threshold a dashed
labelled line, ``role="img"`` with ``<title>`` and ``<desc>``): calcium with the 11.0 mg/dL
alert line and the day +10 to +60 surveillance window shaded; weight against the baseline
before conditioning and its +5 % line; bilirubin with the 2 mg/dL line. Every value and line
comes from the knowledge base and the evaluation, so the chart shows what the rules read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display on a server

import matplotlib.pyplot as plt

from engraft.core.surveillance.evaluate import SurveillanceEvaluation
from engraft.core.surveillance.knowledge import SurveillanceKnowledge, load_surveillance_knowledge
from engraft.core.transplant.charts import SVG_RC, accessible_svg
from engraft.core.transplant.days import date_words, day_label, transplant_day
from engraft.core.transplant.episode import ANALYTE_UNITS, Episode


@dataclass(frozen=True)
class _Line:
    value: float
    label: str
    gid: str


def _chart(
    points: list[tuple[int, float]],
    *,
    name: str,
    unit: str,
    lines: tuple[_Line, ...],
    window: tuple[int, int] | None,
    chart_id: str,
    title: str,
    desc: str,
) -> str:
    with plt.rc_context(SVG_RC):
        fig, ax = plt.subplots(figsize=(7.0, 2.8))
        if window is not None:
            band = ax.axvspan(window[0], window[1], color="0.92", zorder=0)
            band.set_gid(f"{chart_id}-window")
            ax.annotate(
                f"surveillance {day_label(window[0])} to {day_label(window[1])}",
                xy=(window[0], 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -10),
                textcoords="offset points",
                fontsize=7,
            )
        (series,) = ax.plot(
            [d for d, _ in points],
            [v for _, v in points],
            marker="o",
            markersize=4,
            markerfacecolor="white",
            color="black",
            linewidth=1,
            label=f"{name} ({unit})",
        )
        series.set_gid(f"{chart_id}-values")
        for line in lines:
            rule = ax.axhline(line.value, linestyle="--", color="0.3", linewidth=1)
            rule.set_gid(line.gid)
            ax.annotate(
                line.label,
                xy=(1.0, line.value),
                xycoords=("axes fraction", "data"),
                xytext=(-3, 3),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=7,
            )
        days = [d for d, _ in points] + ([window[0], window[1]] if window else [])
        ax.set_xlim(min(days) - 0.5, max(days) + 0.5)
        values = [v for _, v in points] + [line.value for line in lines]
        ax.set_ylim(min(values) * 0.9, max(values) * 1.08)
        ax.set_xlabel("day after the infusion (day 0)")
        ax.set_ylabel(f"{name} ({unit})", fontsize=8)
        ax.legend(fontsize=7, loc="lower left")
        buffer = io.StringIO()
        fig.tight_layout()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    return accessible_svg(buffer.getvalue(), chart_id, title, desc)


def _points(episode: Episode, analyte: str, as_of: date) -> list[tuple[int, float]]:
    return [
        (transplant_day(episode.day0, on), v) for on, v in episode.series(analyte) if on <= as_of
    ]


def _describe(name: str, unit: str, points: list[tuple[int, float]], extra: str) -> str:
    high = max(points, key=lambda p: p[1])
    return (
        f"{name}: {len(points)} values from {day_label(points[0][0])} to "
        f"{day_label(points[-1][0])}; highest {high[1]:g} {unit} on {day_label(high[0])}. {extra}"
    )


def calcium_chart_svg(
    episode: Episode,
    evaluation: SurveillanceEvaluation,
    kb: SurveillanceKnowledge | None = None,
) -> str | None:
    """Calcium by day with the alert line and the surveillance window; None without values."""
    kb = kb or load_surveillance_knowledge()
    points = _points(episode, "calcium", evaluation.as_of)
    if not points:
        return None
    unit = ANALYTE_UNITS["calcium"]
    threshold = kb.value("calcium_alert_threshold")
    window = (kb.count("calcium_window_first_day"), kb.count("calcium_window_last_day"))
    above = len(evaluation.hypercalcaemia.alerts)
    return _chart(
        points,
        name="Calcium",
        unit=unit,
        lines=(_Line(threshold, f"{threshold:.1f} {unit}: hypercalcaemia above", "calcium-line"),),
        window=window,
        chart_id="calcium-chart",
        title="Calcium after the transplant",
        desc=_describe("Calcium", unit, points, f"{above} value(s) above {threshold:g} {unit}."),
    )


def weight_chart_svg(episode: Episode, evaluation: SurveillanceEvaluation) -> str | None:
    """Weight by day against the baseline before conditioning and its +5 % line."""
    points = _points(episode, "weight", evaluation.as_of)
    if not points:
        return None
    baseline = evaluation.vod.baseline_weight
    lines: tuple[_Line, ...] = ()
    extra = "No baseline weight before conditioning: the 5 % line cannot be drawn."
    if baseline is not None:
        gain = load_surveillance_knowledge().value("vod_weight_gain_percent")
        limit = baseline.kg * (1 + gain / 100)
        lines = (
            _Line(baseline.kg, f"baseline {baseline.kg:g} kg", "weight-baseline"),
            _Line(limit, f"baseline +{gain:g} % ({limit:.2f} kg)", "weight-line"),
        )
        extra = (
            f"Baseline {baseline.kg:g} kg of {date_words(baseline.date)}; "
            f"+{gain:g} % is {limit:.2f} kg."
        )
    return _chart(
        points,
        name="Weight",
        unit="kg",
        lines=lines,
        window=None,
        chart_id="weight-chart",
        title="Weight against the baseline",
        desc=_describe("Weight", "kg", points, extra),
    )


def bilirubin_chart_svg(
    episode: Episode,
    evaluation: SurveillanceEvaluation,
    kb: SurveillanceKnowledge | None = None,
) -> str | None:
    """Bilirubin by day with the 2 mg/dL line of the SOS/VOD criteria."""
    kb = kb or load_surveillance_knowledge()
    points = _points(episode, "bilirubin", evaluation.as_of)
    if not points:
        return None
    unit = ANALYTE_UNITS["bilirubin"]
    threshold = kb.value("vod_bilirubin_threshold")
    return _chart(
        points,
        name="Bilirubin",
        unit=unit,
        lines=(_Line(threshold, f"{threshold:g} {unit}: SOS/VOD criterion", "bilirubin-line"),),
        window=None,
        chart_id="bilirubin-chart",
        title="Bilirubin after the transplant",
        desc=_describe("Bilirubin", unit, points, f"The SOS/VOD line is {threshold:g} {unit}."),
    )
