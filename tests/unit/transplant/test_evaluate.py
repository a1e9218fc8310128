"""The whole evaluation of an episode: alerts of rule 10 and warnings, for an as-of date."""

from __future__ import annotations

from engraft.core.transplant import (
    Episode,
    GraftSource,
    GrowthFactor,
    LabValue,
    RecordedAgent,
    RecordedConditioning,
    evaluate_episode,
)

from .builders import APLASIA, DAY0, on

ENGRAFTED_THEN_LOST = APLASIA | {12: 0.6, 13: 0.8, 14: 1.0, 20: 1.2, 30: 0.3, 31: 0.2, 32: 0.1}


def _episode(anc: dict[int, float], **kw) -> Episode:
    values = tuple(LabValue(on(d), "anc", v) for d, v in anc.items())
    return Episode("e1", DAY0, kw.pop("source", GraftSource.BONE_MARROW), values, **kw)


def test_secondary_graft_failure_raises_the_plan_retransplant_alert() -> None:
    episode = _episode(ENGRAFTED_THEN_LOST, growth_factors=(GrowthFactor(on(32), "G-CSF"),))
    evaluation = evaluate_episode(episode, on(35))
    assert evaluation.graft.status.value == "secondary_graft_failure"
    assert [a.rule_id for a in evaluation.alerts] == ["plan_retransplant"]
    assert evaluation.alerts[0].reasons[0].startswith("secondary graft failure from day +30")


def test_a_loss_of_counts_without_support_raises_its_own_alert() -> None:
    evaluation = evaluate_episode(_episode(ENGRAFTED_THEN_LOST), on(35))
    assert [a.rule_id for a in evaluation.alerts] == ["count_loss"]


def test_primary_graft_failure_raises_the_plan_retransplant_alert() -> None:
    no_recovery = APLASIA | {d: 0.1 for d in range(10, 32)}
    evaluation = evaluate_episode(_episode(no_recovery), on(31))
    assert [a.rule_id for a in evaluation.alerts] == ["plan_retransplant"]


def test_cord_blood_after_reduced_intensity_conditioning_is_warned() -> None:
    ric = RecordedConditioning(
        "bu_flu_tli_ric",
        (
            RecordedAgent("busulfan", 8, "mg/kg", (-8, -7)),
            RecordedAgent("fludarabine", 200, "mg/m2", (-6, -5, -4, -3, -2)),
            RecordedAgent("tli", 4, "Gy", (-1,)),
        ),
    )
    evaluation = evaluate_episode(
        _episode(APLASIA, source=GraftSource.CORD_BLOOD, conditioning=ric), on(5)
    )
    assert [w.rule_id for w in evaluation.warnings] == ["cord_blood_under_ric"]
    assert evaluation.conditioning_problems == ()


def test_data_after_the_as_of_date_are_counted_as_ignored() -> None:
    evaluation = evaluate_episode(_episode(APLASIA), on(5))
    assert evaluation.ignored_after_as_of == 4  # days 6 to 9
    assert evaluation.day_label == "day +5"
