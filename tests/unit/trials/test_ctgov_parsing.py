"""Reading ClinicalTrials.gov API v2 records (software.md section 3.5)."""

from __future__ import annotations

import copy

import pytest

from engraft.core.trials import (
    DatePrecision,
    TrialRecordError,
    TrialSex,
    parse_search_response,
    parse_study,
)
from tests.unit.trials.builders import EXAMPLE, study


def test_example_record_in_software_md_shape_is_read():
    record = parse_study(EXAMPLE)
    assert record.nct_id == "NCT00775931"
    assert record.brief_title == "Allogeneic Transplantation For Severe Osteopetrosis"
    assert record.overall_status == "COMPLETED" and record.status_is_known
    assert record.phases == ("PHASE2", "PHASE3")
    assert record.conditions == ("Severe Osteopetrosis",)
    assert record.interventions[1].type == "DRUG" and record.interventions[1].name == "Campath-1H"
    assert record.eligibility.sex is TrialSex.ALL
    assert record.eligibility.healthy_volunteers is False
    assert record.eligibility.minimum_age.days == 0
    # 55 x 365.25 = 20088.75 days: a maximum is the whole days it admits
    assert record.eligibility.maximum_age.days == 20088


def test_free_text_is_kept_as_published_and_split_into_items():
    record = parse_study(EXAMPLE)
    assert record.eligibility.criteria_text.startswith("Inclusion Criteria:\n* Severe")
    items = [(i.id, i.text) for i in record.eligibility.criteria_items]
    assert items == [
        ("I1", "Severe osteopetrosis"),
        ("I2", "Donor available"),
        ("E1", "Active infection"),
    ]


def test_partial_dates_keep_their_precision():
    record = parse_study(EXAMPLE)
    assert record.start_date.isoformat() == "2008-08"
    assert record.start_date.precision is DatePrecision.MONTH
    assert record.start_date.label() == "Aug 2008"
    assert record.last_update.precision is DatePrecision.DAY
    data = copy.deepcopy(EXAMPLE)
    data["protocolSection"]["statusModule"]["startDateStruct"] = {"date": "1999"}
    assert parse_study(data).start_date.precision is DatePrecision.YEAR


def test_absent_ages_mean_no_limit():
    record = parse_study(study(minimumAge=None, maximumAge=None))
    assert record.eligibility.minimum_age is None and record.eligibility.maximum_age is None


def test_not_applicable_age_means_no_limit():
    assert parse_study(study(minimumAge="N/A", maximumAge="N/A")).eligibility.maximum_age is None


def test_unknown_status_is_kept_and_flagged():
    data = copy.deepcopy(EXAMPLE)
    data["protocolSection"]["statusModule"]["overallStatus"] = "PAUSED_FOR_REVIEW"
    record = parse_study(data)
    assert record.overall_status == "PAUSED_FOR_REVIEW"
    assert not record.status_is_known
    assert "PAUSED_FOR_REVIEW" in record.warnings[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["protocolSection"]["eligibilityModule"].update(minimumAge="6 Moons"),
            "protocolSection.eligibilityModule.minimumAge: '6 Moons' is not an age",
        ),
        (
            lambda d: d["protocolSection"]["eligibilityModule"].update(sex="BOTH"),
            "protocolSection.eligibilityModule.sex: 'BOTH' is not one of",
        ),
        (
            lambda d: d["protocolSection"]["statusModule"]["startDateStruct"].update(
                date="2008-13"
            ),
            "protocolSection.statusModule.startDateStruct.date: '2008-13' is not a calendar date",
        ),
        (
            lambda d: d["protocolSection"]["identificationModule"].update(nctId="NCT123"),
            "protocolSection.identificationModule.nctId: 'NCT123' is not an NCT number",
        ),
        (
            lambda d: d["protocolSection"]["identificationModule"].pop("briefTitle"),
            "protocolSection.identificationModule.briefTitle: required field is missing",
        ),
        (
            lambda d: d["protocolSection"]["designModule"].update(phases="PHASE2"),
            "protocolSection.designModule.phases: expected a list",
        ),
        (
            lambda d: d["protocolSection"]["armsInterventionsModule"]["interventions"].append(3),
            "protocolSection.armsInterventionsModule.interventions[3]: expected an object",
        ),
        (
            lambda d: d["protocolSection"]["eligibilityModule"].update(healthyVolunteers="no"),
            "protocolSection.eligibilityModule.healthyVolunteers: expected true or false",
        ),
        (
            lambda d: d["protocolSection"]["eligibilityModule"].update(
                minimumAge="20 Years", maximumAge="18 Years"
            ),
            "protocolSection.eligibilityModule.minimumAge: '20 Years' is above the maximum age",
        ),
    ],
)
def test_malformed_field_is_refused_naming_its_path(change, message):
    data = copy.deepcopy(EXAMPLE)
    change(data)
    with pytest.raises(TrialRecordError) as caught:
        parse_study(data)
    assert str(caught.value).startswith(message)


def test_search_response_imports_good_records_and_reports_each_bad_one():
    bad = copy.deepcopy(EXAMPLE)
    bad["protocolSection"]["identificationModule"]["nctId"] = "NCT00000002"
    bad["protocolSection"]["eligibilityModule"]["maximumAge"] = "eighteen"
    no_id = {"protocolSection": {}}
    records, problems, token = parse_search_response(
        {"studies": [EXAMPLE, bad, no_id], "nextPageToken": "abc"}
    )
    assert [r.nct_id for r in records] == ["NCT00775931"]
    assert [(p.index, p.nct_id) for p in problems] == [(1, "NCT00000002"), (2, None)]
    assert problems[0].error.path == "protocolSection.eligibilityModule.maximumAge"
    assert token == "abc"


def test_last_page_has_no_token():
    assert parse_search_response({"studies": []}) == ((), (), None)


def test_a_response_without_studies_is_refused():
    with pytest.raises(TrialRecordError, match="studies"):
        parse_search_response({"study": []})
