"""The decision in force is the physician's signed-off one until a new computation differs.

Then the page says plainly that the sign-off is superseded, what changed and who signs
again, and the physician finds the assessment in the list awaiting sign-off.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from engraft.access.roles import Role
from engraft.assessment.models import StoredAssessment
from engraft.record.models import GeneticResult, Variant
from engraft.workup.models import WorkupPlan

from .factories import make_finding, make_patient
from .workup_builders import accept

pytestmark = pytest.mark.django_db

TODAY = "2026-03-01 10:00 +00:00"
FEB_25 = date(2026, 2, 25)
MEETING = {
    "meeting_on": "2026-03-01",
    "outcome": "proceed_to_workup",
    "attendees": "BMT physician, neurologist, ophthalmologist",
}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def emergent_tcirg1_infant(family_name: str = "Testchild"):
    """A TCIRG1 infant with progressive VEP delay: computed indicated and emergent (rule 4)."""
    patient = make_patient(
        family_name=family_name, birth_date=date(2026, 1, 5), genotype_pending=False
    )
    result = GeneticResult.objects.create(
        patient=patient,
        gene="TCIRG1",
        zygosity="homozygous",
        testing_lab="Genetics lab",
        reported_on=date(2026, 1, 20),
    )
    Variant.objects.create(
        result=result, hgvs="NM_006019.4:c.117+4A>T", classification="pathogenic"
    )
    make_finding(
        patient, kind="vep", category="delayed", trend="worsening", observed_on=date(2026, 2, 1)
    )
    return patient


def make_fracture(patient) -> None:
    make_finding(
        patient, kind="fractures", present=True, category="", quantity=None, observed_on=FEB_25
    )


def page_of(client, patient) -> str:
    response = client.get(reverse("assessment:current", args=[patient.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def latest(patient) -> StoredAssessment:
    return StoredAssessment.objects.filter(patient=patient).latest()


def sign(client, patient, **data):
    data = {"assessment": str(latest(patient).public_id), **data}
    response = client.post(reverse("assessment:sign_off", args=[patient.public_id]), data)
    assert response.status_code == 302, response.content.decode()


def override_to_urgent(client, patient) -> None:
    sign(
        client,
        patient,
        decision="override",
        urgency="urgent",
        reason="VEP repeated today is stable: urgent, not emergent.",
    )


def summary_of(page: str) -> str:
    """The 'Conclusions as of' summary list of the page."""
    start = page.index('id="summary-heading"')
    return page[start : page.index("</dl>", start)]


def test_after_an_override_the_banner_and_summary_show_the_physicians_value(login):
    patient = emergent_tcirg1_infant()
    physician = login(Role.PHYSICIAN)
    page_of(physician, patient)
    override_to_urgent(physician, patient)
    page = page_of(login(Role.COORDINATOR), patient)
    assert "needs a physician's sign-off" not in page
    assert "Not signed off yet" not in page
    assert "overridden to candidacy indicated, urgency urgent (computed: indicated, emergent)" in (
        page
    )
    summary = summary_of(page)
    assert "<dt>Urgency</dt><dd><strong>Urgent</strong> (physician's override" in summary
    assert "Emergent: highest urgency" in summary  # the computed value, named as such


def test_after_an_override_the_meeting_form_shows_the_value_in_force(login):
    patient = emergent_tcirg1_infant()
    physician = login(Role.PHYSICIAN)
    page_of(physician, patient)
    override_to_urgent(physician, patient)
    form = physician.get(reverse("assessment:meeting", args=[patient.public_id]))
    text = form.content.decode()
    assert "candidacy <strong>indicated</strong>, urgency <strong>urgent</strong>" in text
    assert "the physician's override signed off by" in text


def test_after_an_override_the_pdf_shows_the_value_in_force(login):
    from engraft.assessment.pdf import assessment_html
    from engraft.assessment.services import current_assessment
    from engraft.assessment.views import assessment_context

    patient = emergent_tcirg1_infant()
    physician = login(Role.PHYSICIAN)
    page_of(physician, patient)
    override_to_urgent(physician, patient)
    current = current_assessment(patient=patient, actor=None, ip=None)
    html = assessment_html(assessment_context(patient, current))
    assert "<dt>Urgency</dt><dd><strong>Urgent</strong> (physician's override" in html
    assert "needs a physician's sign-off" not in html


def test_new_data_that_changes_nothing_computed_keeps_the_sign_off(login):
    patient = emergent_tcirg1_infant()
    physician = login(Role.PHYSICIAN)
    page_of(physician, patient)
    override_to_urgent(physician, patient)
    # A second, later VEP with the same progressive delay: new data, the same conclusions.
    make_finding(
        patient, kind="vep", category="delayed", trend="worsening", observed_on=date(2026, 2, 20)
    )
    page = page_of(physician, patient)
    assert StoredAssessment.objects.filter(patient=patient).count() == 2
    assert "Signed off.</strong> In force: candidacy <strong>indicated</strong>, urgency " in page
    assert "the record changed since, and what is computed did not" in page
    assert "superseded" not in page
    assert "Not signed off yet" not in page


def test_new_data_that_changes_the_computation_supersedes_the_sign_off_and_says_what_changed(
    login,
):
    patient = emergent_tcirg1_infant()
    physician = login(Role.PHYSICIAN)
    page_of(physician, patient)
    override_to_urgent(physician, patient)
    make_fracture(patient)
    page = page_of(login(Role.COORDINATOR), patient)
    banner = "the signed-off assessment is superseded and needs a new sign-off by a transplant"
    assert f"{banner} physician" in page
    assert "The signed-off assessment is superseded" in page
    assert "override to candidacy indicated, urgency urgent" in page  # what was signed
    assert "<td>Severity marker: Fractures</td><td>not assessed</td><td>present</td>" in page
    assert "Superseded: needs a new sign-off</strong> by a transplant physician" in page
    # Nothing is signed any more: the computed urgency is in force, and says so.
    assert (
        "<strong>Emergent: highest urgency (rule 4 trigger present)</strong> (computed, not "
        in (summary_of(page))
    )


def test_the_work_up_uses_the_override_in_force(login):
    patient = emergent_tcirg1_infant()
    physician = login(Role.PHYSICIAN)
    page_of(physician, patient)
    override_to_urgent(physician, patient)
    accept(patient)
    login(Role.COORDINATOR).post(
        reverse("workup:plan", args=[patient.public_id]), {"target_admission": "2026-05-01"}
    )
    plan = WorkupPlan.objects.get(patient=patient)
    assert not plan.emergent
    assert plan.tasks.get(item__code="ophthalmology").due_on == date(2026, 4, 10)  # 21 days


def test_a_meeting_is_recorded_against_the_assessment_for_today(login):
    patient = emergent_tcirg1_infant()
    physician = login(Role.PHYSICIAN)
    page_of(physician, patient)
    make_fracture(patient)
    physician.post(reverse("assessment:meeting", args=[patient.public_id]), MEETING)
    decision = patient.meeting_decisions.get()
    assert decision.assessment == latest(patient)
    assert decision.assessment.case["findings"][-1]["marker"] == "fractures"


def test_the_awaiting_sign_off_list_shows_superseded_and_unsigned_assessments(login):
    signed = emergent_tcirg1_infant("Agreedchild")
    superseded = emergent_tcirg1_infant("Supersededchild")
    unsigned = emergent_tcirg1_infant("Unsignedchild")
    physician = login(Role.PHYSICIAN)
    for patient in (signed, superseded, unsigned):
        page_of(physician, patient)
    sign(physician, signed, decision="agree")
    override_to_urgent(physician, superseded)
    make_fracture(superseded)
    home = physician.get(reverse("access:staff_home")).content.decode()
    url = reverse("assessment:awaiting_sign_off")
    assert f'href="{url}"' in home  # linked from the navigation
    page = physician.get(url).content.decode()
    assert "AGREEDCHILD" not in page
    assert page.index("SUPERSEDEDCHILD") < page.index("UNSIGNEDCHILD")  # superseded first
    assert "<strong>Superseded</strong>: signed by" in page
    assert "Severity marker: Fractures: not assessed → present" in page
    assert "Not signed off yet" in page


def test_only_a_physician_sees_the_link_to_the_awaiting_sign_off_list(login):
    url = reverse("assessment:awaiting_sign_off")
    home = login(Role.COORDINATOR).get(reverse("access:staff_home")).content.decode()
    assert f'href="{url}"' not in home
    assert login(Role.COORDINATOR).get(url).status_code == 403
