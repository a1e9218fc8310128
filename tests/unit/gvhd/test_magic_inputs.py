"""Bad inputs to the staging and the chronic GVHD entry are refused with a message naming them."""

from __future__ import annotations

import re
from datetime import date

import pytest

from engraft.core.gvhd import AcuteGvhdInput, GvhdInputError, chronic_gvhd, stage_acute_gvhd

DAY0 = date(2026, 3, 2)
TODAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("inputs", "named"),
    [
        ({"rash_bsa_percent": 120}, "rash_bsa_percent"),
        ({"rash_bsa_percent": -1}, "rash_bsa_percent"),
        ({"rash_bsa_percent": 60, "bullae_bsa_percent": 101}, "bullae_bsa_percent"),
        ({"bilirubin_mg_dl": float("nan")}, "bilirubin_mg_dl"),
        ({"bilirubin_mg_dl": -0.1}, "bilirubin_mg_dl"),
        ({"stool_ml_per_kg": (10, -2, 10), "weight_kg": 8}, "stool_ml_per_kg[1]"),
        ({"stool_ml_per_kg": (10, 10, 10, 10), "weight_kg": 8}, "stool_ml_per_kg"),
        ({"stool_episodes": ("many",), "weight_kg": 8}, "stool_episodes[0]"),
        ({"stool_ml_per_kg": (10,), "weight_kg": -3}, "weight_kg"),
        ({"stool_ml_per_kg": (10,), "weight_kg": 0}, "weight_kg"),
    ],
)
def test_invalid_staging_input_names_the_field(inputs: dict, named: str) -> None:
    with pytest.raises(GvhdInputError, match="^" + re.escape(named)):
        stage_acute_gvhd(AcuteGvhdInput(**inputs))


def test_physician_enters_chronic_gvhd_with_onset_and_nih_severity() -> None:
    entry = chronic_gvhd(onset=date(2026, 8, 10), severity="moderate", day0=DAY0, today=TODAY)
    assert (entry.onset, entry.severity) == (date(2026, 8, 10), "moderate")
    assert entry.citations[0].source_id == "jagasia2015-nih"


def test_chronic_gvhd_onset_in_the_future_is_refused() -> None:
    with pytest.raises(GvhdInputError, match=r"^onset: 2026-09-02 is in the future"):
        chronic_gvhd(onset=date(2026, 9, 2), severity="mild", day0=DAY0, today=TODAY)


def test_chronic_gvhd_onset_before_the_infusion_is_refused() -> None:
    with pytest.raises(GvhdInputError, match=r"^onset: .* before the infusion"):
        chronic_gvhd(onset=date(2026, 3, 1), severity="mild", day0=DAY0, today=TODAY)


@pytest.mark.parametrize("severity", ["Mild", "grade II", "", "extensive"])
def test_chronic_gvhd_severity_outside_the_nih_scale_is_refused(severity: str) -> None:
    with pytest.raises(GvhdInputError, match=r"^severity:"):
        chronic_gvhd(onset=date(2026, 8, 10), severity=severity, day0=DAY0, today=TODAY)
