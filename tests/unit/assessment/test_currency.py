"""Findings must be current to drive urgency: each marker's currency window is knowledge-base
data (in-house), and the result lists what was too old to count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from assessment_builders import base_case, finding, full_workup

from engraft.core.assessment import Urgency, assess
from engraft.core.assessment.case import LabName, LabResult
from engraft.core.knowledge import load_knowledge_base

SCHOOL_AGE = date(2024, 9, 1)  # a child born 2018-03-01 is six and a half
BORN = date(2018, 3, 1)
# Expected windows, written from currency.json's intent (days; None: never out of date).
WINDOWS = {"transfusion_dependence": 90, "raised_icp": 90, "vision_declining": 90,
           "haematologic_impairment": 90, "erg_abnormal": None}  # fmt: skip


def school_child(*findings, labs=()):
    """A TCIRG1 child with a current, normal screen on the as-of date, plus ``findings``."""
    on = SCHOOL_AGE - timedelta(days=1)
    screen = (
        finding("primary_neurodegeneration", "absent", on),
        finding("erg_abnormal", "absent", on),
    )
    return base_case(
        date_of_birth=BORN, findings=(*screen, *findings), labs=labs, workup=full_workup(on)
    )


def test_transfusion_dependence_recorded_years_ago_does_not_keep_a_child_emergent() -> None:
    result = assess(
        school_child(finding("transfusion_dependence", on=date(2018, 6, 1))), SCHOOL_AGE
    )
    assert result.urgency.value != Urgency.EMERGENT
    assert [(d.field, d.date) for d in result.stale_findings] == [
        ("markers.transfusion_dependence", date(2018, 6, 1))
    ]
    state = next(m for m in result.severity_markers if m.marker == "transfusion_dependence")
    assert state.status == "out_of_date"
    assert "IH-CURRENCY" in {w.rule_id for w in result.warnings}


def test_a_haemoglobin_of_infancy_does_not_keep_a_school_age_child_emergent() -> None:
    labs = (LabResult(LabName.HAEMOGLOBIN_G_DL, 6.0, date(2018, 4, 20)),)
    result = assess(school_child(labs=labs), SCHOOL_AGE)
    assert result.urgency.value != Urgency.EMERGENT
    assert [d.field for d in result.stale_findings] == ["markers.haematologic_impairment"]


@pytest.mark.parametrize(("age_days", "emergent"), [(90, True), (91, False)])
def test_transfusion_dependence_counts_up_to_its_window_and_not_a_day_longer(
    age_days: int, emergent: bool
) -> None:
    on = SCHOOL_AGE - timedelta(days=age_days)
    result = assess(school_child(finding("transfusion_dependence", on=on)), SCHOOL_AGE)
    assert (result.urgency.value == Urgency.EMERGENT) is emergent


def test_a_lasting_finding_never_goes_out_of_date() -> None:
    old = finding("severe_visual_impairment", on=date(2018, 6, 1))
    result = assess(school_child(old), SCHOOL_AGE)
    state = next(m for m in result.severity_markers if m.marker == "severe_visual_impairment")
    assert state.status == "present"


def test_every_marker_has_a_currency_window_labelled_in_house() -> None:
    kb = load_knowledge_base()
    assert set(kb.currency) == set(kb.markers)
    assert {c.evidence for w in kb.currency.values() for c in w.citations} == {"in-house"}
    assert {m: kb.currency_days(m) for m in WINDOWS} == WINDOWS


def test_impairment_before_3_months_still_escalates_an_infant_of_four_months() -> None:
    # Born 2024-01-15; anaemia at 2 months, assessed at 4 months: within its 90-day window.
    case = base_case(
        findings=(*base_case().findings, finding("haematologic_impairment", on=date(2024, 3, 15)))
    )
    assert assess(case, date(2024, 5, 15)).urgency.value == Urgency.EMERGENT
