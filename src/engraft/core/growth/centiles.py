"""The centile lines of a growth reference, from rcpchgrowth's chart data (no LMS of our own).

``rcpchgrowth.create_chart`` gives, for each part of a reference (UK-WHO is made of UK90
preterm, WHO infant, WHO child and UK90 child), each centile as a list of (age, value) points.
The parts are kept apart so that a chart shows the step where a reference changes (at 2 years,
from length lying to height standing).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from functools import cache

from engraft.core.growth.knowledge import load_growth_knowledge
from engraft.core.growth.zscores import MeasurementKind

Segment = tuple[tuple[float, float], ...]  # (age in years, value) points, by age
_Chart = tuple[tuple[float, float, tuple[Segment, ...]], ...]  # (centile, SDS, segments)


@dataclass(frozen=True)
class CentileLine:
    """One centile (e.g. the 50th) as segments of (age, value) points, one a reference part."""

    centile: float
    sds: float
    segments: tuple[Segment, ...]

    @property
    def label(self) -> str:
        """The centile as clinicians say it: "0.4th", "2nd", "50th", "99.6th"."""
        return centile_label(self.centile)


def centile_label(centile: float) -> str:
    """An ordinal label of a centile: 2 -> "2nd", 91 -> "91st", 0.4 -> "0.4th"."""
    if centile != int(centile):
        return f"{centile:g}th"
    n = int(centile)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def centile_lines(
    *, reference: str, sex: str, kind: MeasurementKind, age_from: float, age_to: float
) -> tuple[CentileLine, ...]:
    """The knowledge base's centile lines between two ages (years), lowest centile first.

    Points inside [age_from, age_to] are kept, with the nearest one beyond each end; a part of
    the reference that does not reach those ages is left out. ``sex`` is "male" or "female".
    """
    lines = []
    for centile, sds, segments in _chart(reference, sex, kind.value):
        kept = tuple(
            seg for seg in (_within(s, age_from, age_to) for s in segments) if len(seg) > 1
        )
        lines.append(CentileLine(centile, sds, kept))
    return tuple(lines)


def _within(segment: Segment, age_from: float, age_to: float) -> Segment:
    """The points inside the ages, and the nearest one beyond each end, so that the line
    reaches the chart's edges (the chart's axis limits clip it)."""
    inside = [i for i, p in enumerate(segment) if age_from <= p[0] <= age_to]
    if not inside:
        before = [i for i, p in enumerate(segment) if p[0] < age_from]
        after = [i for i, p in enumerate(segment) if p[0] > age_to]
        if not before or not after:
            return ()
        return segment[before[-1] : after[0] + 1]  # the range falls between two points
    return segment[max(0, inside[0] - 1) : inside[-1] + 2]


@cache
def _chart(reference: str, sex: str, method: str) -> _Chart:
    """rcpchgrowth's chart data for one reference, sex and measurement (cached: ~0.4 s)."""
    from rcpchgrowth import create_chart
    from rcpchgrowth.constants.reference_constants import (
        COLE_TWO_THIRDS_SDS_NINE_CENTILE_COLLECTION,
        COLE_TWO_THIRDS_SDS_NINE_CENTILES,
    )

    centiles = list(load_growth_knowledge().centile_values)
    # Cole's nine centiles are drawn at SDS rounded to two-thirds (-2.67, -2, ...), as on the
    # printed charts; any other list is drawn at its exact SDS.
    same = centiles == [float(c) for c in COLE_TWO_THIRDS_SDS_NINE_CENTILE_COLLECTION]
    centile_format = COLE_TWO_THIRDS_SDS_NINE_CENTILES if same else centiles
    # The library prints a line for every part that has no data (preterm length): not ours.
    with contextlib.redirect_stdout(io.StringIO()):
        parts = create_chart(
            reference, centile_format=centile_format, measurement_method=method, sex=sex
        )
    by_centile: dict[float, tuple[float, list[Segment]]] = {}
    for part in parts or []:
        for by_sex in part.values():
            for row in by_sex.get(sex, {}).get(method, []):
                points = tuple(
                    (float(p["x"]), float(p["y"]))
                    for p in row.get("data") or []
                    if p.get("x") is not None and p.get("y") is not None
                )
                entry = by_centile.setdefault(float(row["centile"]), (float(row["sds"]), []))
                if points:
                    entry[1].append(points)
    return tuple((c, sds, tuple(segs)) for c, (sds, segs) in sorted(by_centile.items()))
