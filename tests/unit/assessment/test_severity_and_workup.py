"""Severity profile (in-house class) and the section 2c work-up status."""

from __future__ import annotations

from datetime import date, timedelta

from assessment_builders import AS_OF, finding, full_workup
from assessment_builders import base_case as make_case

from engraft.core.assessment import assess
from engraft.core.assessment.case import WorkupRecord, WorkupRecordStatus


def _marker(result, marker_id):
    return next(m for m in result.severity_markers if m.marker == marker_id)


def test_each_marker_shows_its_status_and_the_date_of_the_data() -> None:
    result = assess(make_case(findings=(finding("splenomegaly", on=date(2024, 2, 10)),)), AS_OF)
    spleen = _marker(result, "splenomegaly")
    assert (spleen.status, spleen.date) == ("present", date(2024, 2, 10))
    assert _marker(result, "raised_icp").status == "not_assessed"


def test_the_latest_observation_of_a_marker_wins() -> None:
    findings = (
        finding("hypocalcaemia", on=date(2024, 2, 1)),
        finding("hypocalcaemia", "absent", on=date(2024, 2, 20)),
    )
    assert _marker(assess(make_case(findings=findings), AS_OF), "hypocalcaemia").status == "absent"


def test_severity_class_is_labelled_in_house() -> None:
    severity = assess(make_case(), AS_OF).severity
    assert severity.in_house
    assert "in-house" in severity.label
    assert severity.reasons[0].citations[0].evidence == "in-house"


def test_a_marrow_marker_makes_the_class_severe() -> None:
    result = assess(make_case(findings=(finding("splenomegaly"),)), AS_OF)
    assert result.severity.value == "severe"


def test_complication_markers_alone_make_the_class_intermediate() -> None:
    result = assess(make_case(findings=(finding("fractures"),)), AS_OF)
    assert result.severity.value == "intermediate"


def test_no_marker_known_is_indeterminate_not_mild() -> None:
    result = assess(make_case(findings=()), AS_OF)
    assert result.severity.value == "indeterminate"
    assert "marker:raised_icp" in result.severity.missing


def test_all_core_markers_absent_is_mild() -> None:
    core = ("haematologic_impairment", "transfusion_dependence", "splenomegaly", "leukocytosis")
    core += ("severe_visual_impairment", "vep_latency_delay", "vision_declining", "raised_icp")
    result = assess(make_case(findings=tuple(finding(m, "absent") for m in core)), AS_OF)
    assert result.severity.value == "mild"


def test_complete_current_workup_is_complete() -> None:
    result = assess(make_case(), AS_OF)
    assert result.missing_assessments.value == "complete"
    assert result.missing_assessments.missing == ()


def test_missing_assessment_is_listed() -> None:
    workup = tuple(w for w in full_workup() if w.item != "echocardiogram")
    result = assess(make_case(workup=workup), AS_OF)
    assert result.missing_assessments.missing == ("echocardiogram",)


def test_cbc_is_current_on_its_last_valid_day_and_out_of_date_the_day_after() -> None:
    others = tuple(w for w in full_workup() if w.item != "cbc_film")
    on_edge = make_case(workup=(*others, WorkupRecord("cbc_film", AS_OF - timedelta(days=14))))
    too_old = make_case(workup=(*others, WorkupRecord("cbc_film", AS_OF - timedelta(days=15))))
    assert assess(on_edge, AS_OF).missing_assessments.value == "complete"
    stale = assess(too_old, AS_OF)
    cbc = next(w for w in stale.workup if w.item == "cbc_film")
    assert cbc.status == "out_of_date"
    assert "in-house" in stale.missing_assessments.reasons[0].text


def test_requested_but_not_done_is_pending() -> None:
    others = tuple(w for w in full_workup() if w.item != "brain_mri")
    case = make_case(
        workup=(*others, WorkupRecord("brain_mri", AS_OF, WorkupRecordStatus.REQUESTED))
    )
    mri = next(w for w in assess(case, AS_OF).workup if w.item == "brain_mri")
    assert mri.status == "pending"


def test_assessment_records_the_knowledge_base_version() -> None:
    from engraft.core.knowledge import KNOWLEDGE_BASE_VERSION

    result = assess(make_case(), AS_OF)
    assert result.knowledge_base_version == KNOWLEDGE_BASE_VERSION
    assert result.to_dict()["knowledge_base_version"] == KNOWLEDGE_BASE_VERSION
