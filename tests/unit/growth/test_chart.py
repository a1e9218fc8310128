"""The growth chart: the nine centile lines, the child's points and a day-0 line per transplant."""

from __future__ import annotations

import re
from datetime import date

import pytest

from engraft.core.growth import (
    GrowthMeasurement,
    MeasurementKind,
    TransplantMark,
    chart_ages,
    decimal_age,
    growth_chart_svg,
    growth_points,
)

BORN = date(2024, 3, 1)
HEIGHTS = [(date(2024, 9, 1), 65.0), (date(2025, 1, 1), 69.0), (date(2025, 6, 1), 74.0)]
NINE = ["0.4th", "2nd", "9th", "25th", "50th", "75th", "91st", "98th", "99.6th"]


def _points(sex: str = "female"):
    return growth_points(
        sex=sex,
        birth_date=BORN,
        measurements=[GrowthMeasurement(d, MeasurementKind.HEIGHT, v) for d, v in HEIGHTS],
    )


def _svg(transplants=()) -> str:
    svg = growth_chart_svg(
        kind=MeasurementKind.HEIGHT,
        sex="female",
        reference="uk-who",
        points=_points(),
        transplants=transplants,
    )
    assert svg is not None
    return svg


def test_the_chart_has_the_nine_centile_lines_labelled() -> None:
    svg = _svg()
    for label in NINE:
        assert f'id="centile-{label}-1"' in svg, label
        assert f'id="centile-{label}-label"' in svg, label
        assert f">{label}<" in svg, label


def test_points_before_and_after_day_0_are_drawn_apart_with_the_day_0_line() -> None:
    svg = _svg([TransplantMark(1, decimal_age(BORN, date(2024, 11, 1)))])
    assert 'id="day0-transplant-1"' in svg
    assert "day 0, transplant 1" in svg
    assert 'id="height-points-pre"' in svg and 'id="height-points-post"' in svg


def test_a_day_0_outside_the_charted_ages_is_still_charted() -> None:
    # A transplant after the last measurement widens the range so its line shows.
    svg = _svg([TransplantMark(2, decimal_age(BORN, date(2025, 9, 1)))])
    assert 'id="day0-transplant-2"' in svg


def test_the_svg_has_a_title_and_a_description_for_screen_readers() -> None:
    svg = _svg()
    assert re.search(r'<svg role="img" aria-labelledby="height-chart-title height-chart-desc"', svg)
    assert '<title id="height-chart-title">Height-for-age, UK-WHO, girls</title>' in svg
    desc = re.search(r'<desc id="height-chart-desc">([^<]*)</desc>', svg)
    assert desc is not None
    assert "3 height measurement(s)" in desc.group(1)
    assert "Latest 74 cm on 1 Jun 2025" in desc.group(1)


def test_only_the_childs_ages_and_a_margin_are_charted() -> None:
    low, high = chart_ages(_points(), [])
    first, last = decimal_age(BORN, HEIGHTS[0][0]), decimal_age(BORN, HEIGHTS[-1][0])
    assert low == pytest.approx(first - 0.25)  # the span (0.75 y) is short: 3 months' margin
    assert high == pytest.approx(last + 0.25)


def test_no_chart_without_a_computed_point() -> None:
    unknown = _points("unknown")
    height, weight = MeasurementKind.HEIGHT, MeasurementKind.WEIGHT
    assert growth_chart_svg(kind=height, sex="unknown", reference="uk-who", points=unknown) is None
    assert growth_chart_svg(kind=weight, sex="female", reference="uk-who", points=_points()) is None
