"""The episode's SVG charts: thresholds, engraftment days and lineages, readable without colour.

The SVG is parsed with xml.etree; marked elements are found by their id (matplotlib's gid).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from engraft.core.transplant import (
    ChimerismResult,
    Episode,
    GraftSource,
    LabValue,
    Lineage,
    evaluate_episode,
)
from engraft.core.transplant.charts import chimerism_chart_svg, counts_chart_svg

from .builders import APLASIA, DAY0, on

SVG = "{http://www.w3.org/2000/svg}"
# Neutrophils recover from day 14 (engraftment day +14); platelets from day 20 (day +20).
ANC = APLASIA | {d: 0.2 for d in range(10, 14)} | {d: 0.5 + 0.1 * d for d in range(14, 26)}
PLATELETS = {d: 8.0 for d in range(0, 20)} | {d: 25.0 + d for d in range(20, 26)}


def _episode(anc=ANC, platelets=PLATELETS, chimerism=()) -> Episode:
    values = tuple(LabValue(on(d), "anc", v) for d, v in anc.items())
    values += tuple(LabValue(on(d), "platelets", v) for d, v in platelets.items())
    return Episode("e1", DAY0, GraftSource.BONE_MARROW, values, chimerism=tuple(chimerism))


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own SVG, not untrusted input)


def _ids(root: ET.Element) -> set[str]:
    return {e.get("id") for e in root.iter() if e.get("id")}


def _texts(root: ET.Element) -> str:
    return " ".join("".join(e.itertext()) for e in root.iter(f"{SVG}text"))


def test_counts_chart_marks_both_thresholds_with_dashed_labelled_lines() -> None:
    root = _parse(counts_chart_svg(evaluate_episode(_episode(), on(25))))
    assert {"anc-threshold", "platelet-threshold"} <= _ids(root)
    texts = _texts(root)
    assert "ANC 0.5 x10^9/L: engraftment threshold" in texts
    assert "Platelets 20 x10^9/L: engraftment threshold" in texts
    for gid in ("anc-threshold", "platelet-threshold"):
        group = next(e for e in root.iter() if e.get("id") == gid)
        path = next(group.iter(f"{SVG}path"))
        assert "stroke-dasharray" in path.get("style", ""), f"{gid} is not dashed"


def test_counts_chart_marks_the_engraftment_days_with_text_lines_and_markers() -> None:
    root = _parse(counts_chart_svg(evaluate_episode(_episode(), on(25))))
    ids = _ids(root)
    assert {"neutrophil-engraftment", "neutrophil-qualifying"} <= ids
    assert {"platelet-engraftment", "platelet-qualifying"} <= ids
    texts = _texts(root)
    assert "neutrophil engraftment day +14" in texts
    assert "platelet engraftment day +20" in texts
    # Three qualifying measurements each, drawn as markers (use elements), not colour alone.
    for gid in ("neutrophil-qualifying", "platelet-qualifying"):
        group = next(e for e in root.iter() if e.get("id") == gid)
        assert len(list(group.iter(f"{SVG}use"))) == 3


def test_counts_chart_says_not_yet_and_draws_no_engraftment_line_before_it() -> None:
    svg = counts_chart_svg(evaluate_episode(_episode(), on(12)))
    root = _parse(svg)
    assert "neutrophil-engraftment" not in _ids(root)
    desc = next(root.iter(f"{SVG}desc")).text
    assert "Neutrophil engraftment: not yet." in desc
    assert root.get("role") == "img"


def test_counts_chart_shows_the_graft_failure_limit_near_it() -> None:
    root = _parse(counts_chart_svg(evaluate_episode(_episode(anc=APLASIA), on(25))))
    assert "graft-failure-limit-anc" in _ids(root)
    assert "day +30: primary graft-failure limit" in _texts(root)


def test_no_counts_chart_without_counts_since_day0() -> None:
    assert counts_chart_svg(evaluate_episode(_episode(anc={}, platelets={}), on(5))) is None


def test_chimerism_chart_draws_the_5_and_95_percent_lines_and_each_lineage() -> None:
    results = [
        ChimerismResult(on(30), Lineage.MYELOID, 98),
        ChimerismResult(on(60), Lineage.MYELOID, 90),
        ChimerismResult(on(90), Lineage.MYELOID, 70),
        ChimerismResult(on(30), Lineage.CD3, 99),
        ChimerismResult(on(60), Lineage.CD3, 99),
    ]
    svg = chimerism_chart_svg(evaluate_episode(_episode(chimerism=results), on(90)))
    root = _parse(svg)
    assert {"full-chimerism-line", "rejection-line"} <= _ids(root)
    assert {"chimerism-myeloid", "chimerism-cd3"} <= _ids(root)
    texts = _texts(root)
    assert "95 %: full donor chimerism above" in texts
    assert "5 %: graft rejection threshold (unverified)" in texts
    assert "myeloid (CD15/CD33) (falling)" in texts
    assert "T cells (CD3)" in texts


def test_no_chimerism_chart_without_results() -> None:
    assert chimerism_chart_svg(evaluate_episode(_episode(), on(25))) is None
