"""Chimerism classes by lineage and the falling-trend re-transplant alert."""

from __future__ import annotations

import pytest

from engraft.core.transplant import (
    ChimerismClass,
    ChimerismResult,
    Episode,
    GraftSource,
    Lineage,
    classify_chimerism,
    evaluate_chimerism,
    evaluate_episode,
)

from .builders import DAY0, on


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (100, ChimerismClass.FULL),
        (95.1, ChimerismClass.FULL),
        (95, ChimerismClass.MIXED),
        (50, ChimerismClass.MIXED),
        (5, ChimerismClass.MIXED),
        (4.9, ChimerismClass.BELOW_REJECTION_THRESHOLD),
        (0, ChimerismClass.BELOW_REJECTION_THRESHOLD),
    ],
)
def test_chimerism_class_boundaries(percent: float, expected: ChimerismClass) -> None:
    assert classify_chimerism(percent)[0] is expected


def test_below_5_percent_is_labelled_as_unverified_as_the_notes_say() -> None:
    _, label, citations = classify_chimerism(3)
    assert "unverified" in label
    assert {c.evidence for c in citations} == {"unverified"}


def _cd3(*points: tuple[int, float]) -> list[ChimerismResult]:
    return [ChimerismResult(on(day), Lineage.CD3, percent) for day, percent in points]


# (name, CD3 results as (day, % donor), falling?)
TRENDS = [
    ("stable full", [(14, 99), (28, 98), (60, 99)], False),
    ("one small fall", [(14, 98), (28, 90)], False),
    ("two consecutive falls", [(14, 98), (28, 90), (60, 85)], True),
    ("ten points below the peak", [(14, 99), (28, 99), (60, 89)], True),
    ("nine points below the peak", [(14, 99), (28, 99), (60, 90)], False),
    ("a dip that recovered", [(14, 97), (28, 92), (60, 98)], False),
]


@pytest.mark.parametrize(
    ("points", "falling"), [(p, f) for _, p, f in TRENDS], ids=[n for n, _, _ in TRENDS]
)
def test_falling_trend(points: list[tuple[int, float]], falling: bool) -> None:
    (trend,) = evaluate_chimerism(_cd3(*points), DAY0, on(90)).lineages
    assert trend.falling is falling


def test_falling_chimerism_raises_the_plan_retransplant_alert_with_reasons() -> None:
    episode = Episode(
        "e1", DAY0, GraftSource.BONE_MARROW, chimerism=tuple(_cd3((14, 98), (28, 90), (60, 85)))
    )
    evaluation = evaluate_episode(episode, on(90))
    assert [a.rule_id for a in evaluation.alerts] == ["plan_retransplant"]
    assert any("2 consecutive falls" in r for r in evaluation.alerts[0].reasons)


def test_full_donor_chimerism_needs_myeloid_and_t_cells() -> None:
    only_cd3 = evaluate_chimerism(_cd3((28, 99)), DAY0, on(30))
    assert only_cd3.overall.startswith("lineage results incomplete")
    both = evaluate_chimerism(
        [*_cd3((28, 99)), ChimerismResult(on(28), Lineage.MYELOID, 98)], DAY0, on(30)
    )
    assert both.overall.startswith("full donor chimerism")


def test_a_result_after_the_as_of_date_is_ignored() -> None:
    (trend,) = evaluate_chimerism(_cd3((14, 99), (60, 50)), DAY0, on(30)).lineages
    assert [r.donor_percent for r in trend.results] == [99]


def test_a_pre_transplant_baseline_is_not_read_as_lost_chimerism() -> None:
    evaluation = evaluate_chimerism(_cd3((-7, 0), (28, 99)), DAY0, on(30))
    (trend,) = evaluation.lineages
    assert [r.day for r in trend.results] == [28]
    assert evaluation.plan_retransplant_reasons == ()


def test_small_falls_within_full_donor_chimerism_are_not_a_falling_trend():
    # 98.4 > 98.1 > 97.8 % donor: three full results, assay noise, no re-transplant alert.
    from datetime import date, timedelta

    from engraft.core.transplant.chimerism import evaluate_chimerism
    from engraft.core.transplant.episode import ChimerismResult, Lineage

    day0 = date(2026, 6, 1)
    results = [
        ChimerismResult(day0 + timedelta(days=day), Lineage.MYELOID, percent)
        for day, percent in ((28, 98.4), (56, 98.1), (100, 97.8))
    ]
    evaluation = evaluate_chimerism(results, day0, day0 + timedelta(days=110))
    assert not any(trend.falling for trend in evaluation.lineages)


def test_consecutive_falls_below_full_chimerism_are_a_falling_trend():
    from datetime import date, timedelta

    from engraft.core.transplant.chimerism import evaluate_chimerism
    from engraft.core.transplant.episode import ChimerismResult, Lineage

    day0 = date(2026, 6, 1)
    results = [
        ChimerismResult(day0 + timedelta(days=day), Lineage.MYELOID, percent)
        for day, percent in ((28, 97.0), (56, 94.0), (100, 90.0))
    ]
    evaluation = evaluate_chimerism(results, day0, day0 + timedelta(days=110))
    assert [trend.falling for trend in evaluation.lineages] == [True]
