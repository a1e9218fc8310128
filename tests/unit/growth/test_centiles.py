"""Centile lines from rcpchgrowth: the nine, labelled, reaching both edges of the charted ages."""

from __future__ import annotations

import pytest

from engraft.core.growth import MeasurementKind, centile_label, centile_lines


@pytest.mark.parametrize(
    ("centile", "label"),
    [(0.4, "0.4th"), (2, "2nd"), (9, "9th"), (25, "25th"), (50, "50th"), (91, "91st"),
     (98, "98th"), (99.6, "99.6th"), (11, "11th"), (3, "3rd")],
)  # fmt: skip
def test_centile_labels(centile: float, label: str) -> None:
    assert centile_label(centile) == label


def test_the_lines_reach_both_edges_of_the_ages_charted() -> None:
    lines = centile_lines(
        reference="uk-who", sex="male", kind=MeasurementKind.WEIGHT, age_from=1.28, age_to=2.08
    )
    assert [line.label for line in lines][::4] == ["0.4th", "50th", "99.6th"]
    for line in lines:
        assert line.segments[0][0][0] <= 1.28
        assert line.segments[-1][-1][0] >= 2.08


def test_uk_who_steps_at_2_years_from_length_to_height() -> None:
    (median,) = [
        line
        for line in centile_lines(
            reference="uk-who", sex="female", kind=MeasurementKind.HEIGHT, age_from=1.5, age_to=2.5
        )
        if line.centile == 50
    ]
    infant, child = median.segments
    assert infant[-1][0] == child[0][0] == 2.0
    assert infant[-1][1] > child[0][1]  # standing height is a little less than lying length
    assert median.sds == 0
