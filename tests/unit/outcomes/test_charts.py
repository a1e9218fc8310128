"""The SVG chart: accessible, readable without colour, drawn after the small-cell rule."""

from __future__ import annotations

import re
from datetime import date

from engraft.core.outcomes import analyse, synthetic_outcomes
from engraft.core.outcomes.charts import LINE_STYLES, curves_chart_svg

COHORT = synthetic_outcomes(400, seed=21, end_date=date(2025, 6, 30))


def test_the_chart_has_a_role_a_title_and_a_description_with_the_figures():
    svg = curves_chart_svg(analyse(COHORT, "os", by="donor_type"), suppress_below=11)
    assert '<svg role="img" aria-labelledby="outcomes-chart-title outcomes-chart-desc"' in svg
    assert '<title id="outcomes-chart-title">Overall survival, by donor type</title>' in svg
    desc = re.search(r'<desc id="outcomes-chart-desc">([^<]*)</desc>', svg).group(1)
    assert "matched sibling (MSD): 1 year" in desc and "95 % CI" in desc


def test_each_group_has_its_own_line_style_and_a_band():
    analysis = analyse(COHORT, "os", by="donor_type")
    svg = curves_chart_svg(analysis, suppress_below=0)
    for i, _ in enumerate(analysis.groups):
        assert f'id="outcomes-chart-curve-{i}"' in svg
        assert f'id="outcomes-chart-band-{i}"' in svg
        assert f'id="outcomes-chart-key-{i}"' in svg  # the line sample that leads its row
    assert len(set(LINE_STYLES)) == len(LINE_STYLES)
    colours = set(re.findall(r"#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})\b", svg))
    assert colours and all(r == g == b for r, g, b in colours)  # greys only: no colour needed


def test_a_withheld_group_has_no_curve_and_says_so():
    small = synthetic_outcomes(30, seed=4, end_date=date(2025, 6, 30))
    analysis = analyse(small, "os", by="donor_type")
    svg = curves_chart_svg(analysis, suppress_below=11)
    assert "(withheld)" in svg
    assert "withheld (small-cell rule)" in svg
    assert 'id="outcomes-chart-curve-0"' not in svg or analysis.groups[0].curve.n >= 11


def test_an_incidence_chart_is_drawn_to_the_endpoint_horizon():
    svg = curves_chart_svg(analyse(COHORT, "graft_failure"), suppress_below=11)
    assert "cumulative incidence" in svg
    assert "2 years" in svg  # graft failure is drawn to day 730
