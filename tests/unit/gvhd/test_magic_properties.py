"""Properties of the staging: monotone in each input; the grade never below the worst organ."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engraft.core.gvhd import AcuteGvhdInput, stage_acute_gvhd

percent = st.floats(min_value=0, max_value=100)
bilirubin = st.floats(min_value=0, max_value=40)
stool = st.floats(min_value=0, max_value=80)

# The lowest grade each organ stage implies, written from clinical.md 4c's grade rule.
IMPLIED = {
    "skin": {0: 0, 1: 1, 2: 1, 3: 2, 4: 4},
    "liver": {0: 0, 1: 2, 2: 3, 3: 3, 4: 4},
    "upper_gi": {0: 0, 1: 2},
    "lower_gi": {0: 0, 1: 2, 2: 3, 3: 3, 4: 4},
}


@given(a=percent, b=percent, bullae=percent)
def test_skin_stage_never_falls_as_the_rash_grows(a: float, b: float, bullae: float) -> None:
    low, high = sorted((a, b))
    s_low = stage_acute_gvhd(AcuteGvhdInput(rash_bsa_percent=low, bullae_bsa_percent=bullae))
    s_high = stage_acute_gvhd(AcuteGvhdInput(rash_bsa_percent=high, bullae_bsa_percent=bullae))
    assert s_low.stage("skin") <= s_high.stage("skin")


@given(rash=percent, a=percent, b=percent)
def test_skin_stage_never_falls_as_bullae_spread(rash: float, a: float, b: float) -> None:
    low, high = sorted((a, b))
    s_low = stage_acute_gvhd(AcuteGvhdInput(rash_bsa_percent=rash, bullae_bsa_percent=low))
    s_high = stage_acute_gvhd(AcuteGvhdInput(rash_bsa_percent=rash, bullae_bsa_percent=high))
    assert s_low.stage("skin") <= s_high.stage("skin")


@given(a=bilirubin, b=bilirubin)
def test_liver_stage_never_falls_as_bilirubin_rises(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert stage_acute_gvhd(AcuteGvhdInput(bilirubin_mg_dl=low)).stage("liver") <= stage_acute_gvhd(
        AcuteGvhdInput(bilirubin_mg_dl=high)
    ).stage("liver")


@given(a=stool, b=stool, episodes=st.booleans())
def test_lower_gi_stage_never_falls_as_output_rises(a: float, b: float, episodes: bool) -> None:
    low, high = sorted((a, b))
    field = "stool_episodes" if episodes else "stool_ml_per_kg"

    def stage(v: float) -> int | None:
        return stage_acute_gvhd(AcuteGvhdInput(weight_kg=10, **{field: (v, v, v)})).stage(
            "lower_gi"
        )

    assert stage(low) <= stage(high)


@given(
    rash=percent,
    bullae=percent,
    bili=bilirubin,
    upper=st.booleans(),
    volume=st.lists(stool, min_size=1, max_size=3),
    bloody=st.booleans(),
)
def test_grade_is_never_below_what_the_worst_organ_implies(
    rash: float, bullae: float, bili: float, upper: bool, volume: list[float], bloody: bool
) -> None:
    result = stage_acute_gvhd(
        AcuteGvhdInput(
            rash_bsa_percent=rash,
            bullae_bsa_percent=bullae,
            bilirubin_mg_dl=bili,
            persistent_upper_gi_symptoms=upper,
            stool_ml_per_kg=tuple(volume),
            grossly_bloody_stool=bloody,
            weight_kg=12,
        )
    )
    # Every organ is assessed here, so the grade is exactly the worst organ's, never below.
    assert result.grade == max(IMPLIED[o.organ][o.stage] for o in result.organs)
