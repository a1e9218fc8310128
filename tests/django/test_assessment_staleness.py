"""The assessment shown, printed and used by the work-up is the one computed for today.

The record alone does not decide whether a stored assessment still holds: a birthday or the
closing of the vision window changes the answer with nothing new recorded.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import metadata

import pytest
import time_machine
from django.urls import reverse

from engraft.access.roles import Role
from engraft.assessment.models import StoredAssessment
from engraft.core.knowledge import KNOWLEDGE_BASE_VERSION
from engraft.record.models import GeneticResult, Variant
from engraft.workup.models import WorkupPlan

from .factories import make_finding, make_patient
from .workup_builders import accept

pytestmark = pytest.mark.django_db

# A TCIRG1 child of the classic infantile form, no rule 4 trigger: urgent until the fifth
# birthday (rule 7, late presentation), then elective.
FIFTH_BIRTHDAY = date(2026, 6, 15)
# A TCIRG1 infant born 5 January 2026: the 3-month vision window closes on 5 April 2026.
WINDOW_CLOSES = date(2026, 4, 5)


def tcirg1_child(birth_date: date):
    patient = make_patient(birth_date=birth_date, genotype_pending=False)
    result = GeneticResult.objects.create(
        patient=patient,
        gene="TCIRG1",
        zygosity="homozygous",
        testing_lab="Genetics lab",
        reported_on=birth_date + timedelta(days=15),
    )
    Variant.objects.create(
        result=result, hgvs="NM_006019.4:c.117+4A>T", classification="pathogenic"
    )
    return patient


def on(day: date):
    """The clock at 10:00 on `day` (sign in within it: the idle timeout ends older sessions)."""
    return time_machine.travel(day.isoformat() + " 10:00 +00:00", tick=False)


def open_assessment(client, patient) -> str:
    response = client.get(reverse("assessment:current", args=[patient.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def versions(patient) -> list[StoredAssessment]:
    return list(StoredAssessment.objects.filter(patient=patient).order_by("id"))


def create_plan(client, patient, admission: date) -> WorkupPlan:
    client.post(reverse("workup:plan", args=[patient.public_id]), {"target_admission": admission})
    return WorkupPlan.objects.get(patient=patient)


def test_passing_the_fifth_birthday_stores_a_new_version_and_the_page_shows_elective(login):
    patient = tcirg1_child(date(2021, 6, 15))
    with on(FIFTH_BIRTHDAY - timedelta(days=1)):
        open_assessment(login(Role.PHYSICIAN), patient)
    with on(FIFTH_BIRTHDAY):
        page = open_assessment(login(Role.PHYSICIAN), patient)
    before, after = versions(patient)
    assert (before.urgency, after.urgency) == ("urgent", "elective")
    assert (before.as_of, after.as_of) == (date(2026, 6, 14), date(2026, 6, 15))
    assert after.input_fingerprint == before.input_fingerprint  # nothing new was recorded
    assert "Late presentation (age 5 years or more)" in page
    assert "Conclusions as of 2026-06-15" in page


def test_the_next_day_with_the_same_conclusions_stores_nothing_new_and_shows_today(login):
    patient = tcirg1_child(date(2021, 6, 15))
    with on(date(2026, 3, 1)):
        open_assessment(login(Role.PHYSICIAN), patient)
    with on(date(2026, 3, 2)):
        page = open_assessment(login(Role.PHYSICIAN), patient)
    assert len(versions(patient)) == 1
    assert "Conclusions as of 2026-03-02" in page  # the words are today's, the version kept


def test_a_day_less_left_in_the_vision_window_is_no_new_version(login):
    patient = tcirg1_child(date(2026, 1, 5))
    with on(date(2026, 3, 1)):
        assert "(35 days left)" in open_assessment(login(Role.PHYSICIAN), patient)
    with on(date(2026, 3, 2)):
        page = open_assessment(login(Role.PHYSICIAN), patient)
    assert "(34 days left)" in page  # today's words
    assert len(versions(patient)) == 1  # the same decision: the signed version still holds


def test_closing_the_vision_window_stores_a_new_version_that_says_so(login):
    patient = tcirg1_child(date(2026, 1, 5))
    with on(WINDOW_CLOSES - timedelta(days=1)):
        assert "Vision window open" in open_assessment(login(Role.PHYSICIAN), patient)
    with on(WINDOW_CLOSES):
        page = open_assessment(login(Role.PHYSICIAN), patient)
    assert len(versions(patient)) == 2
    assert "Past the 3-month vision window (closed 2026-04-05)" in page
    assert "Vision window open" not in page


def test_the_pdf_is_the_assessment_for_today(login):
    patient = tcirg1_child(date(2021, 6, 15))
    with on(FIFTH_BIRTHDAY - timedelta(days=1)):
        open_assessment(login(Role.PHYSICIAN), patient)
    with on(FIFTH_BIRTHDAY):
        response = login(Role.PHYSICIAN).get(reverse("assessment:pdf", args=[patient.public_id]))
    assert f"{patient.public_id}-2026-06-15.pdf" in response["Content-Disposition"]
    assert versions(patient)[-1].urgency == "elective"


def test_the_work_up_reads_todays_urgency_not_the_row_stored_before_new_data(login):
    patient = tcirg1_child(date(2026, 1, 5))
    with on(date(2026, 3, 1)):
        open_assessment(login(Role.PHYSICIAN), patient)  # stored: urgent
        accept(patient)
    with on(date(2026, 3, 2)):
        # Falling vision recorded today; nobody opens the assessment before the plan is made.
        make_finding(
            patient, kind="vep", category="delayed", trend="worsening", observed_on=date(2026, 3, 2)
        )
        plan = create_plan(login(Role.COORDINATOR), patient, date(2026, 5, 1))
    assert plan.emergent
    ophthalmology = plan.tasks.get(item__code="ophthalmology")
    assert ophthalmology.due_on == date(2026, 4, 24)  # 21 lead days compressed to 7
    assert versions(patient)[-1].urgency == "emergent"


def test_a_birthday_that_changes_the_computation_takes_the_work_up_off_an_old_override(login):
    patient = tcirg1_child(date(2021, 6, 15))
    with on(FIFTH_BIRTHDAY - timedelta(days=1)):
        physician = login(Role.PHYSICIAN)
        open_assessment(physician, patient)
        stored = versions(patient)[-1]
        physician.post(
            reverse("assessment:sign_off", args=[patient.public_id]),
            {
                "assessment": str(stored.public_id),
                "decision": "override",
                "urgency": "emergent",
                "reason": "Optic canal narrowing on today's CT.",
            },
        )
        accept(patient)
    with on(FIFTH_BIRTHDAY):
        plan = create_plan(login(Role.COORDINATOR), patient, date(2026, 8, 14))
    # The override signed a computation (urgent) that no longer holds: the plan follows
    # today's computed urgency, and the assessment awaits a new sign-off.
    assert not plan.emergent
    assert plan.tasks.get(item__code="ophthalmology").due_on == date(2026, 7, 24)
    assert versions(patient)[-1].urgency == "elective"


def test_every_stored_assessment_records_and_shows_its_rules_version(login):
    patient = tcirg1_child(date(2026, 1, 5))
    client = login(Role.PHYSICIAN)
    with on(date(2026, 3, 1)):
        page = open_assessment(client, patient)
        history = client.get(reverse("assessment:history", args=[patient.public_id]))
    stored = versions(patient)[-1]
    code = metadata.version("engraft")
    # The core's version names the code and the data (a content hash of the rules and files).
    assert re.fullmatch(
        rf"engraft {re.escape(code)}; knowledge base {re.escape(KNOWLEDGE_BASE_VERSION)}; "
        r"sha256 [0-9a-f]{16}",
        stored.rules_version,
    )
    assert stored.rules_version in page
    assert stored.rules_version in history.content.decode()
