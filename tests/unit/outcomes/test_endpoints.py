"""Which event ends each endpoint, what competes with it, and what unknown data leave out."""

from __future__ import annotations

import numpy as np
import pytest

from engraft.core.assessment.case import DonorType
from engraft.core.outcomes import analyse, analysis_conventions
from engraft.core.outcomes.endpoints import (
    CENSORED,
    COMPETING,
    EVENT,
    endpoint_data,
    second_transplants_without_graft_failure,
)
from tests.unit.outcomes.builders import transplant


def _data(endpoint: str, *outcomes):
    data = endpoint_data(list(outcomes), analysis_conventions().endpoint(endpoint))
    return list(zip(data.durations.tolist(), data.codes.tolist(), strict=True)), data.excluded


def test_overall_survival_ends_at_death_or_is_censored_at_the_last_contact():
    rows, excluded = _data("os", transplant(1, last=40, died=True), transplant(2, last=900))
    assert rows == [(40, EVENT), (900, CENSORED)]
    assert excluded == {}


def test_event_free_survival_ends_at_the_first_of_death_graft_failure_second_transplant():
    rows, _ = _data(
        "efs",
        transplant(1, last=700, died=True, graft_failure=35, second_transplant=80),
        transplant(2, last=500, second_transplant=200),
        transplant(3, last=300),
    )
    assert rows == [(35, EVENT), (200, EVENT), (300, CENSORED)]


def test_an_unknown_graft_failure_leaves_the_transplant_out_of_efs_but_not_of_os():
    child = transplant(1, last=600, died=True, graft_failure=None)
    assert _data("efs", child) == ([], {"graft_failure not known": 1})
    assert _data("os", child)[0] == [(600, EVENT)]


def test_unknown_vital_status_is_never_read_as_alive():
    from dataclasses import replace

    from engraft.core.outcomes.records import Event

    child = replace(transplant(1, last=365), death=Event.unknown())
    assert _data("os", child) == ([], {"death not known": 1})


def test_death_before_engraftment_is_the_competing_event():
    rows, _ = _data(
        "engraftment",
        transplant(1, last=12, died=True, neutrophil_engraftment="no"),
        transplant(2, last=400, died=True, neutrophil_engraftment=18),
        transplant(3, last=20, neutrophil_engraftment="no"),
    )
    assert rows == [(12, COMPETING), (18, EVENT), (20, CENSORED)]


def test_graft_failure_and_death_on_one_day_count_as_graft_failure():
    rows, _ = _data("graft_failure", transplant(1, last=50, died=True, graft_failure=50))
    assert rows == [(50, EVENT)]


def test_an_unknown_event_of_interest_is_left_out_of_its_incidence():
    assert _data("agvhd", transplant(1, last=300, agvhd_2_4=None)) == (
        [],
        {"agvhd_2_4 not known": 1},
    )


def test_the_efs_definitions_differ_only_for_a_second_transplant_without_graft_failure():
    cohort = [
        transplant(1, last=400, graft_failure=30, second_transplant=60),
        transplant(2, last=400, second_transplant=90),  # given for another reason
        transplant(3, last=400),
    ]
    assert second_transplants_without_graft_failure(cohort) == 1
    assert analyse(cohort, "efs").second_transplants_without_graft_failure == 1
    assert analyse(cohort, "os").second_transplants_without_graft_failure is None


def test_groups_partition_the_transplants_and_the_unrecorded_group_is_not_tested():
    cohort = [transplant(i, last=100 + i, died=i % 3 == 0, donor=DonorType.MSD) for i in range(12)]
    cohort += [
        transplant(20 + i, last=50 + i, died=i % 2 == 0, donor=DonorType.MMRD) for i in range(12)
    ]
    cohort += [transplant(40 + i, last=80, donor=None) for i in range(3)]
    result = analyse(cohort, "os", by="donor_type")
    assert [g.label for g in result.groups] == [
        "matched sibling (MSD)",
        "mismatched related / haploidentical (MMRD)",
        "not recorded",
    ]
    assert sum(g.curve.n for g in result.groups) == result.overall.curve.n == 27
    assert result.log_rank is not None
    assert result.log_rank.groups == ("0-MSD", "4-MMRD")


def test_incidence_endpoints_have_no_test_between_groups():
    cohort = [transplant(i, last=400, graft_failure=30 if i % 4 == 0 else "no") for i in range(30)]
    result = analyse(cohort, "graft_failure", by="age_group")
    assert result.log_rank is None
    assert any("Gray's test" in note for note in result.notes)


def test_every_endpoint_reports_on_its_days():
    days = {e.id: e.report_days for e in analysis_conventions().endpoints.values()}
    assert days == {
        "os": (365, 1095, 1826),
        "efs": (365, 1095, 1826),
        "engraftment": (28, 42),
        "graft_failure": (365,),
        "agvhd": (100,),
        "cgvhd": (365,),
        "vod": (100,),
        "hypercalcaemia": (100,),
    }


def test_the_competing_event_of_every_incidence_is_death():
    conventions = analysis_conventions()
    for endpoint in conventions.endpoints.values():
        if not endpoint.is_survival:
            assert endpoint.competing == ("death",), endpoint.id


@pytest.mark.parametrize(
    "endpoint",
    ["os", "efs", "engraftment", "graft_failure", "agvhd", "cgvhd", "vod", "hypercalcaemia"],
)
def test_each_endpoint_analyses_a_synthetic_cohort(endpoint):
    from datetime import date

    from engraft.core.outcomes import synthetic_outcomes

    cohort = synthetic_outcomes(400, seed=2, end_date=date(2025, 1, 1))
    result = analyse(cohort, endpoint, by="graft_source")
    assert result.overall.curve.n + sum(result.excluded.values()) == 400
    values = [e.value for e in result.overall.curve.estimates if e.value is not None]
    assert values and all(0 <= v <= 1 for v in values)
    assert np.all(np.diff(result.overall.curve.values) <= 1e-12) == (endpoint in ("os", "efs"))


def test_the_numbers_at_risk_can_be_read_on_chosen_days():
    cohort = [transplant(i, last=100 * i, died=i % 2 == 0) for i in range(1, 21)]
    result = analyse(cohort, "os", risk_days=(0, 182, 1000))
    # last contacts on days 100, 200, ..., 2000: at risk on day 182 are the 19 from day 200.
    assert result.overall.curve.at_risk == ((0, 20), (182, 19), (1000, 11))
    with pytest.raises(ValueError, match="risk_days"):
        analyse(cohort, "os", risk_days=(-1,))
