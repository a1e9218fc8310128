"""MAGIC staging at each boundary of the table (clinical.md 4c, NCI PDQ Table 4 after Harris
2016); expected stages and grades written by hand from the printed table."""

from __future__ import annotations

import pytest

from engraft.core.gvhd import AcuteGvhdInput, stage_acute_gvhd

SOURCE = "clinical.md 4c (MAGIC, Harris 2016 via NCI PDQ Table 4)"
GRADE_SOURCE = "clinical.md 4c overall grade (unverified, from memory)"

# An assessed child with no GVHD: each vignette changes one organ.
NONE = {
    "rash_bsa_percent": 0,
    "bilirubin_mg_dl": 0.5,
    "persistent_upper_gi_symptoms": False,
    "stool_ml_per_kg": (5, 5, 5),
    "weight_kg": 9.0,
}

# (name, changed inputs, organ, expected stage, expected grade 0-4, source)
VIGNETTES = [
    ("no rash", {}, "skin", 0, 0, SOURCE),
    ("rash 1% BSA", {"rash_bsa_percent": 1}, "skin", 1, 1, SOURCE),
    ("rash 24.9% BSA", {"rash_bsa_percent": 24.9}, "skin", 1, 1, SOURCE),
    ("rash 25% BSA", {"rash_bsa_percent": 25}, "skin", 2, 1, SOURCE),
    ("rash 50% BSA", {"rash_bsa_percent": 50}, "skin", 2, 1, SOURCE),
    ("rash 51% BSA", {"rash_bsa_percent": 51}, "skin", 3, 2, SOURCE),
    (
        "erythroderma, bullae 5% BSA",
        {"rash_bsa_percent": 90, "bullae_bsa_percent": 5},
        "skin",
        3,
        2,
        SOURCE,
    ),
    (
        "erythroderma, bullae 6% BSA",
        {"rash_bsa_percent": 90, "bullae_bsa_percent": 6},
        "skin",
        4,
        4,
        SOURCE,
    ),
    ("bilirubin 1.9", {"bilirubin_mg_dl": 1.9}, "liver", 0, 0, SOURCE),
    ("bilirubin 2.0", {"bilirubin_mg_dl": 2.0}, "liver", 1, 2, SOURCE),
    ("bilirubin 3.0", {"bilirubin_mg_dl": 3.0}, "liver", 1, 2, SOURCE),
    ("bilirubin 3.1", {"bilirubin_mg_dl": 3.1}, "liver", 2, 3, SOURCE),
    ("bilirubin 6.0", {"bilirubin_mg_dl": 6.0}, "liver", 2, 3, SOURCE),
    ("bilirubin 6.1", {"bilirubin_mg_dl": 6.1}, "liver", 3, 3, SOURCE),
    ("bilirubin 15.0", {"bilirubin_mg_dl": 15.0}, "liver", 3, 3, SOURCE),
    ("bilirubin 15.1", {"bilirubin_mg_dl": 15.1}, "liver", 4, 4, SOURCE),
    ("persistent nausea", {"persistent_upper_gi_symptoms": True}, "upper_gi", 1, 2, SOURCE),
    ("stool 9.9 mL/kg/day", {"stool_ml_per_kg": (9.9, 9.9, 9.9)}, "lower_gi", 0, 0, SOURCE),
    ("stool 10 mL/kg/day", {"stool_ml_per_kg": (10, 10, 10)}, "lower_gi", 1, 2, SOURCE),
    ("stool 19.9 mL/kg/day", {"stool_ml_per_kg": (19.9, 19.9, 19.9)}, "lower_gi", 1, 2, SOURCE),
    ("stool 20 mL/kg/day", {"stool_ml_per_kg": (20, 20, 20)}, "lower_gi", 2, 3, SOURCE),
    ("stool 30 mL/kg/day", {"stool_ml_per_kg": (30, 30, 30)}, "lower_gi", 2, 3, SOURCE),
    ("stool 31 mL/kg/day", {"stool_ml_per_kg": (31, 31, 31)}, "lower_gi", 3, 3, SOURCE),
    (
        "3-day average, not the worst day",
        {"stool_ml_per_kg": (5, 10, 60)},
        "lower_gi",
        2,
        3,
        "clinical.md 4c: use 3-day averages",
    ),
    (
        "3 episodes, volume unknown",
        {"stool_ml_per_kg": (), "stool_episodes": (3, 3, 3)},
        "lower_gi",
        0,
        0,
        SOURCE,
    ),
    (
        "4 episodes, volume unknown",
        {"stool_ml_per_kg": (), "stool_episodes": (4, 4, 4)},
        "lower_gi",
        1,
        2,
        SOURCE,
    ),
    ("6 episodes", {"stool_ml_per_kg": (), "stool_episodes": (6, 6, 6)}, "lower_gi", 1, 2, SOURCE),
    ("7 episodes", {"stool_ml_per_kg": (), "stool_episodes": (7, 7, 7)}, "lower_gi", 2, 3, SOURCE),
    (
        "10 episodes",
        {"stool_ml_per_kg": (), "stool_episodes": (10, 10, 10)},
        "lower_gi",
        2,
        3,
        SOURCE,
    ),
    (
        "11 episodes",
        {"stool_ml_per_kg": (), "stool_episodes": (11, 11, 11)},
        "lower_gi",
        3,
        3,
        SOURCE,
    ),
    (
        "volume wins over episodes",
        {"stool_ml_per_kg": (5, 5, 5), "stool_episodes": (12, 12, 12)},
        "lower_gi",
        0,
        0,
        "clinical.md 4c (episodes when the volume is unknown)",
    ),
    ("grossly bloody stool", {"grossly_bloody_stool": True}, "lower_gi", 4, 4, SOURCE),
    ("severe abdominal pain", {"severe_abdominal_pain_or_ileus": True}, "lower_gi", 4, 4, SOURCE),
]


@pytest.mark.parametrize(
    ("changes", "organ", "stage", "grade"),
    [(c, o, s, g) for _, c, o, s, g, _ in VIGNETTES],
    ids=[v[0] for v in VIGNETTES],
)
def test_each_boundary_of_the_magic_table_stages_and_grades_as_printed(
    changes: dict, organ: str, stage: int, grade: int
) -> None:
    result = stage_acute_gvhd(AcuteGvhdInput(**(NONE | changes)))
    assert result.stage(organ) == stage
    assert result.grade == grade
    assert result.complete


# (skin, liver, upper GI, lower GI stages as inputs) -> grade, from the overall-grade rule.
GRADE_VIGNETTES = [
    ("skin 2 alone is grade I", {"rash_bsa_percent": 40}, "I"),
    ("skin 3 is grade II", {"rash_bsa_percent": 60}, "II"),
    ("skin 2 with liver 1 is grade II", {"rash_bsa_percent": 40, "bilirubin_mg_dl": 2.5}, "II"),
    (
        "skin 3 with lower GI 2 is grade III",
        {"rash_bsa_percent": 60, "stool_ml_per_kg": (25, 25, 25)},
        "III",
    ),
    (
        "upper GI 1 with skin 1 is grade II",
        {"rash_bsa_percent": 10, "persistent_upper_gi_symptoms": True},
        "II",
    ),
    ("liver 4 is grade IV whatever else", {"bilirubin_mg_dl": 20}, "IV"),
]


@pytest.mark.parametrize(
    ("changes", "label"),
    [(c, g) for _, c, g in GRADE_VIGNETTES],
    ids=[v[0] for v in GRADE_VIGNETTES],
)
def test_overall_grade_follows_the_worst_organ(changes: dict, label: str) -> None:
    result = stage_acute_gvhd(AcuteGvhdInput(**(NONE | changes)))
    assert result.grade_label == label
    assert any(r.startswith(f"grade {label} from") for r in result.reasons)


def test_reasons_give_the_values_that_staged_each_organ() -> None:
    result = stage_acute_gvhd(
        AcuteGvhdInput(**(NONE | {"bilirubin_mg_dl": 4.2, "stool_ml_per_kg": (18, 22, 26)}))
    )
    assert "liver stage 2: bilirubin 4.2 mg/dL (Bilirubin 3.1-6 mg/dL)" in result.reasons
    assert any("lower GI stage 2: 22 mL/kg/day (3-day average" in r for r in result.reasons)


def test_fewer_than_three_stool_days_are_averaged_and_said_so() -> None:
    result = stage_acute_gvhd(AcuteGvhdInput(**(NONE | {"stool_ml_per_kg": (12, 14)})))
    assert result.stage("lower_gi") == 1
    assert any("average of 2 day(s), fewer than 3" in r for r in result.reasons)


def test_an_organ_not_assessed_is_shown_as_missing_not_as_stage_0() -> None:
    result = stage_acute_gvhd(AcuteGvhdInput(rash_bsa_percent=30))
    assert result.stage("liver") is None
    assert result.stage("lower_gi") is None
    assert result.grade_label == "I"
    assert not result.complete
    assert any(r.startswith("incomplete") for r in result.reasons)


def test_lower_gi_is_not_staged_above_50_kg_where_adult_criteria_apply() -> None:
    result = stage_acute_gvhd(AcuteGvhdInput(**(NONE | {"weight_kg": 55})))
    assert result.stage("lower_gi") is None
    assert any("adult criteria" in r for r in result.reasons)


def test_lower_gi_volume_without_a_weight_is_not_staged() -> None:
    result = stage_acute_gvhd(AcuteGvhdInput(**(NONE | {"weight_kg": None})))
    assert result.stage("lower_gi") is None
    assert any("weight is needed" in r for r in result.reasons)


def test_staging_is_labelled_unverified_until_checked() -> None:
    result = stage_acute_gvhd(AcuteGvhdInput(**NONE))
    assert result.citations
    assert {c.evidence for c in result.citations} == {"unverified"}
    assert "harris2016-magic" in {c.source_id for c in result.citations}
