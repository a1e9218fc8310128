"""Synthetic transplant courses: deterministic, and read by the core as they were drawn."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from engraft.core.cohort.transplant_course import Outcome, generate_course
from engraft.core.transplant import GraftSource, evaluate_episode
from engraft.core.transplant.graft_failure import GraftStatus

DAY0 = date(2026, 1, 5)
DAY_100 = DAY0 + timedelta(days=100)
SEEDS = range(400)

# The intended windows, written from the task (marrow ~day +15-25, cord later) rather than
# read from the module: first day of neutrophil engraftment, inclusive.
NEUTROPHIL_WINDOW = {
    GraftSource.BONE_MARROW: (15, 25),
    GraftSource.PERIPHERAL_BLOOD: (11, 18),
    GraftSource.CORD_BLOOD: (20, 35),
}


def course(seed: int, source: GraftSource, donor: str, intensity: str = "myeloablative", **kw):
    return generate_course(
        seed=seed, day0=DAY0, donor_type=donor, graft_source=source, regimen="bu_flu",
        intensity=intensity, weight_kg=9.0, height_cm=74.0, **kw,
    )  # fmt: skip


def test_same_seed_gives_the_same_course():
    first = course(7, GraftSource.BONE_MARROW, "matched_sibling")
    assert course(7, GraftSource.BONE_MARROW, "matched_sibling") == first
    assert course(8, GraftSource.BONE_MARROW, "matched_sibling") != first


@pytest.mark.parametrize(
    ("source", "donor"),
    [
        (GraftSource.BONE_MARROW, "matched_sibling"),
        (GraftSource.PERIPHERAL_BLOOD, "haploidentical"),
        (GraftSource.CORD_BLOOD, "cord"),
    ],
)
def test_engrafted_courses_engraft_inside_the_window_of_their_graft_source(source, donor):
    low, high = NEUTROPHIL_WINDOW[source]
    for seed in range(60):
        c = course(seed, source, donor, outcome=Outcome.ENGRAFTED)
        result = evaluate_episode(c.episode, DAY_100)
        assert result.graft.status is GraftStatus.ENGRAFTED
        assert low <= result.neutrophil.day <= high, seed
        # Platelets recover after the neutrophils, in the first 100 days.
        assert result.neutrophil.day < result.platelet.day <= 100, seed


def test_cord_blood_recovers_later_than_marrow_on_average():
    def mean_day(source, donor):
        days = [
            evaluate_episode(course(s, source, donor, outcome=Outcome.ENGRAFTED).episode, DAY_100)
            .neutrophil.day
            for s in range(80)
        ]  # fmt: skip
        return sum(days) / len(days)

    assert mean_day(GraftSource.CORD_BLOOD, "cord") > mean_day(
        GraftSource.BONE_MARROW, "matched_sibling"
    )


def test_platelet_transfusions_stop_seven_days_before_platelet_recovery():
    for seed in range(40):
        c = course(seed, GraftSource.BONE_MARROW, "matched_unrelated", outcome=Outcome.ENGRAFTED)
        recovery = DAY0 + timedelta(days=c.platelet_day)
        given = [t.date for t in c.episode.transfusions if t.product == "platelets"]
        assert given, "platelets are transfused before recovery"
        assert max(given) < recovery - timedelta(days=7)


def test_primary_failure_courses_are_primary_graft_failure_with_a_re_transplant_alert():
    c = course(3, GraftSource.CORD_BLOOD, "cord", outcome=Outcome.PRIMARY_GRAFT_FAILURE)
    result = evaluate_episode(c.episode, DAY0 + timedelta(days=45))
    assert result.graft.status is GraftStatus.PRIMARY_GRAFT_FAILURE
    assert "plan_retransplant" in [a.rule_id for a in result.alerts]


def test_secondary_failure_courses_lose_counts_with_support_and_falling_chimerism():
    failing = Outcome.SECONDARY_GRAFT_FAILURE
    c = course(5, GraftSource.BONE_MARROW, "haploidentical", outcome=failing)
    result = evaluate_episode(c.episode, DAY_100)
    assert result.graft.status is GraftStatus.SECONDARY_GRAFT_FAILURE
    whole_blood = [r.donor_percent for r in c.episode.chimerism if r.lineage == "whole_blood"]
    assert whole_blood == sorted(whole_blood, reverse=True) and whole_blood[-1] < 20
    assert "plan_retransplant" in [a.rule_id for a in result.alerts]


# Intended shares of graft failure (primary + secondary) by 100 days, from the anchors of
# clinical.md section 3 (about 1 in 5 after a matched sibling, 3 in 10 after alternative
# donors, most cord grafts under reduced intensity failing): wide bounds, 400 seeds.
@pytest.mark.parametrize(
    ("source", "donor", "intensity", "low", "high"),
    [
        (GraftSource.BONE_MARROW, "matched_sibling", "myeloablative", 0.10, 0.28),
        (GraftSource.BONE_MARROW, "matched_unrelated", "myeloablative", 0.20, 0.38),
        (GraftSource.PERIPHERAL_BLOOD, "haploidentical", "myeloablative", 0.20, 0.38),
        (GraftSource.CORD_BLOOD, "cord", "reduced_intensity", 0.80, 1.00),
    ],
)
def test_graft_failure_share_over_many_seeds_is_near_the_intended_share(
    source, donor, intensity, low, high
):
    failed = sum(
        evaluate_episode(course(s, source, donor, intensity).episode, DAY_100).graft.status
        in (GraftStatus.PRIMARY_GRAFT_FAILURE, GraftStatus.SECONDARY_GRAFT_FAILURE)
        for s in SEEDS
    )
    assert low <= failed / len(SEEDS) <= high


def test_matched_sibling_fails_less_often_than_cord_blood():
    def share(source, donor):
        return sum(course(s, source, donor).outcome is not Outcome.ENGRAFTED for s in SEEDS)

    assert share(GraftSource.BONE_MARROW, "matched_sibling") < share(GraftSource.CORD_BLOOD, "cord")


def test_some_engrafted_children_have_hypercalcaemia_above_eleven_after_engraftment():
    with_high = 0
    for seed in range(100):
        c = course(seed, GraftSource.BONE_MARROW, "matched_sibling", outcome=Outcome.ENGRAFTED)
        high = [v for v in c.values_of("calcium") if v.value > 11.0]
        if high:
            with_high += 1
            first_day = (min(v.date for v in high) - DAY0).days
            assert first_day > c.neutrophil_day
    # Martinez 2010: 6/15 (40 %); wide bounds
    assert 25 <= with_high <= 55


def test_chimerism_is_sampled_by_lineage_on_days_14_28_56_and_100():
    c = course(1, GraftSource.BONE_MARROW, "matched_sibling")
    days = sorted({(r.date - DAY0).days for r in c.episode.chimerism})
    lineages = {r.lineage.value for r in c.episode.chimerism}
    assert days == [14, 28, 56, 100]
    assert lineages == {"whole_blood", "cd3", "myeloid"}


def test_unknown_donor_type_is_refused_with_its_name():
    with pytest.raises(ValueError, match="donor_type: 'uncle'"):
        course(1, GraftSource.BONE_MARROW, "uncle")


@pytest.mark.parametrize(
    ("source", "donor"),
    [(GraftSource.BONE_MARROW, "matched_sibling"), (GraftSource.CORD_BLOOD, "cord")],
)
def test_a_graft_drawn_to_take_raises_no_alert_at_day_100(source, donor):
    for seed in range(60):
        c = course(seed, source, donor, outcome=Outcome.ENGRAFTED)
        assert evaluate_episode(c.episode, DAY_100).alerts == (), seed
