"""What families read about a trial, and a participation as FHIR R4B research resources."""

from __future__ import annotations

from datetime import date

import pytest
from fhir.resources.R4B.researchstudy import ResearchStudy
from fhir.resources.R4B.researchsubject import ResearchSubject

from engraft.core.fhir.research import (
    StudyFacts,
    SubjectFacts,
    research_resources,
    study_status,
    subject_status,
)
from engraft.core.trials import parse_study
from engraft.core.trials.plain_words import status_words, who_may_join
from tests.unit.trials.builders import study


@pytest.mark.parametrize(
    ("minimum", "maximum", "sex", "words"),
    [
        ("6 Months", "18 Years", "ALL", "From 6 months to 18 years old."),
        ("1 Month", "10 Years", "ALL", "From 1 month to 10 years old."),
        (None, "1 Year", "ALL", "Up to 1 year old."),
        ("16 Years", None, "FEMALE", "From 16 years old, girls and women only."),
        ("N/A", "N/A", "MALE", "Any age, boys and men only."),
    ],
)
def test_who_may_join_says_the_published_ages_and_sex_in_words(minimum, maximum, sex, words):
    record = parse_study(study(minimumAge=minimum, maximumAge=maximum, sex=sex))
    assert who_may_join(record.eligibility) == words


def test_a_registry_status_reads_as_words():
    assert status_words("NOT_YET_RECRUITING") == "Not yet recruiting"


STUDY = StudyFacts(
    id="NCT90000001", nct_id="NCT90000001", title="A trial", overall_status="RECRUITING",
    site_status="open", phases=("PHASE2",), conditions=("Osteopetrosis",),
    arms=(("Haplo TCRab-depleted", "One arm"),),
)  # fmt: skip


def test_a_trial_and_a_childs_enrolment_validate_as_r4b_resources():
    subject = SubjectFacts(
        id="enrolment-1", study_id="NCT90000001", status="enrolled",
        started_on=date(2026, 11, 1), arm="Haplo TCRab-depleted", subject_id="S-007",
    )  # fmt: skip
    study_json, subject_json = research_resources([STUDY], [subject], "Patient/child-1")
    parsed_study = ResearchStudy.parse_obj(study_json)
    parsed_subject = ResearchSubject.parse_obj(subject_json)
    assert parsed_study.identifier[0].value == "NCT90000001"
    assert parsed_study.status == "active"
    assert parsed_study.phase.coding[0].code == "phase-2"
    assert parsed_subject.status == "on-study"
    assert parsed_subject.individual.reference == "Patient/child-1"
    assert parsed_subject.study.reference == "ResearchStudy/NCT90000001"
    assert parsed_subject.assignedArm == "Haplo TCRab-depleted"
    assert parsed_subject.identifier[0].value == "S-007"


@pytest.mark.parametrize(
    ("site", "registry", "expected"),
    [
        ("open", "RECRUITING", "active"),
        ("suspended", "RECRUITING", "temporarily-closed-to-accrual"),
        ("closed", "ACTIVE_NOT_RECRUITING", "closed-to-accrual"),
        ("open", "COMPLETED", "completed"),
        ("open", "WITHDRAWN", "withdrawn"),
    ],
)
def test_the_study_status_follows_the_site_unless_the_registry_ended_it(site, registry, expected):
    assert study_status(site, registry) == expected


@pytest.mark.parametrize(
    ("step", "reason", "expected"),
    [
        ("screened", None, "screening"),
        ("consented", None, "pending-on-study"),
        ("withdrawn", None, "withdrawn"),
        ("completed", None, "off-study"),
        ("not_enrolled", "not_eligible", "ineligible"),
        ("not_enrolled", "declined", "not-registered"),
    ],
)
def test_each_enrolment_step_has_its_r4b_subject_status(step, reason, expected):
    assert subject_status(step, reason) == expected
