"""Recorded conditioning checked against the regimen list; cord blood under RIC warned."""

from __future__ import annotations

from engraft.core.transplant import (
    RecordedAgent,
    RecordedConditioning,
    cord_blood_under_ric_warning,
    load_transplant_knowledge,
    validate_conditioning,
)

BU_FLU = RecordedConditioning(
    "bu_flu",
    (
        RecordedAgent("busulfan", 90, "target AUC mg*h/L", (-5, -4, -3, -2)),
        RecordedAgent("fludarabine", 160, "mg/m2", (-6, -5, -4, -3)),
        RecordedAgent("atg", 10, "mg/kg", (-3, -2, -1)),
    ),
)


def _paths(conditioning: RecordedConditioning) -> list[tuple[str, str]]:
    return [(p.severity, p.path) for p in validate_conditioning(conditioning)]


def test_the_regimen_list_holds_the_regimens_of_the_registry() -> None:
    regimens = load_transplant_knowledge().regimens
    assert {"bu_flu", "bu_cy", "treo_flu_thiotepa"} <= regimens.keys()
    assert any(r.intensity == "reduced_intensity" for r in regimens.values())


def test_a_usual_bu_flu_with_atg_has_no_problem() -> None:
    assert validate_conditioning(BU_FLU) == ()


def test_busulfan_in_grams_per_square_metre_is_an_error_at_its_unit() -> None:
    bad = RecordedConditioning(
        "bu_flu",
        (RecordedAgent("busulfan", 4, "g/m2", (-5,)), *BU_FLU.agents[1:]),
    )
    problems = validate_conditioning(bad)
    assert [(p.severity, p.path) for p in problems] == [("error", "conditioning.agents[0].unit")]
    assert "allowed: mg/kg, target AUC mg*h/L" in problems[0].message


def test_chemotherapy_on_day_0_is_an_error() -> None:
    bad = RecordedConditioning(
        "bu_flu", (BU_FLU.agents[0], RecordedAgent("fludarabine", 160, "mg/m2", (-2, 0)))
    )
    assert _paths(bad) == [("error", "conditioning.agents[1].days")]


def test_a_missing_agent_of_the_regimen_is_a_warning() -> None:
    assert _paths(RecordedConditioning("bu_flu", BU_FLU.agents[:1])) == [
        ("warning", "conditioning.agents")
    ]


def test_an_unknown_regimen_and_agent_are_errors() -> None:
    bad = RecordedConditioning("flu_mel_xyz", (RecordedAgent("melphalan", 140, "mg/m2", (-2,)),))
    assert _paths(bad) == [
        ("error", "conditioning.regimen"),
        ("error", "conditioning.agents[0].agent"),
    ]


def test_cord_blood_under_reduced_intensity_conditioning_is_warned_with_its_source() -> None:
    warning = cord_blood_under_ric_warning("cord_blood", "bu_flu_tli_ric")
    assert warning is not None
    assert "0/5" in warning.text
    assert "bmt2006-ric" in {c.source_id for c in warning.citations}


def test_no_cord_blood_warning_for_marrow_under_ric_or_cord_under_myeloablation() -> None:
    assert cord_blood_under_ric_warning("bone_marrow", "bu_flu_tli_ric") is None
    assert cord_blood_under_ric_warning("cord_blood", "bu_flu") is None
