"""A coordinator plans the work-up; a specialist records a VEP from "My work"; the gate opens."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from engraft.access.roles import Role
from engraft.workup.models import WorkupPlan
from tests.django.factories import PASSWORD, make_patient, make_staff
from tests.django.workup_builders import accept

from .conftest import axe_violations, screenshot, sign_in


def test_plan_vep_result_from_my_work_reaches_record_and_assessment_and_gate_opens(
    page, live_server
):
    make_staff(Role.COORDINATOR)
    specialist = make_staff(Role.SPECIALIST)
    specialist.discipline = "ophthalmology"
    specialist.save()
    make_staff(Role.PHYSICIAN)
    patient = make_patient(given_names="Nils", family_name="Example")
    accept(patient)

    sign_in(page, live_server, "coordinator", PASSWORD)
    page.goto(f"{live_server.url}/staff/workup/patients/{patient.public_id}/")
    admission = timezone.localdate() + timedelta(days=45)
    page.get_by_label("Target admission date").fill(admission.isoformat())
    page.get_by_role("button", name="Create the work-up plan").click()
    expect(page.locator("#blocking")).to_contain_text("Ophthalmology with VEP and ERG")
    screenshot(page, "desktop-workup-plan")
    assert axe_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, live_server, "specialist", PASSWORD)
    page.get_by_role("link", name="My work").first.click()
    page.get_by_role("link", name="Ophthalmology with VEP and ERG").click()
    page.get_by_role("textbox", name="Result").fill(
        "Pattern VEP delayed, latency 142 ms, worse than before"
    )
    page.get_by_label("Date of the test").fill(timezone.localdate().isoformat())
    page.get_by_label("Coded result").select_option("delayed")
    page.get_by_label("Measurement (ms)").fill("142")
    page.get_by_label("Trend").select_option("worsening")
    page.get_by_role("button", name="Record the result").click()
    expect(page.locator("#task-status")).to_have_text("Result recorded")

    page.goto(f"{live_server.url}/staff/patients/{patient.public_id}/")
    finding = "Visual evoked potentials: delayed, 142 ms, trend worsening"
    expect(page.get_by_role("cell", name=finding, exact=True)).to_be_visible()
    page.get_by_role("link", name="Assessment").click()
    expect(page.locator("main")).to_contain_text("VEP latency delay")

    plan = WorkupPlan.objects.get(patient=patient)
    plan.tasks.filter(requirement="required").exclude(item__code__in=["ophthalmology",
                                                                      "echo"]).update(
        status="done"
    )  # fmt: skip
    plan.tasks.filter(item__code="cardiology").update(status="scheduled")
    page.context.clear_cookies()
    sign_in(page, live_server, "physician", PASSWORD)
    page.goto(f"{live_server.url}/staff/workup/patients/{patient.public_id}/")
    expect(page.locator("#blocking")).to_have_text("Cardiology with echocardiogram")
    page.get_by_role("link", name="Cardiology with echocardiogram").click()
    page.get_by_label("Why is this task waived?").fill("Echocardiogram done last week elsewhere")
    page.get_by_role("button", name="Waive the task").click()
    page.get_by_role("link", name="Back to Nils Example's work-up").click()
    page.get_by_role("button", name="Mark ready for admission").click()
    expect(page.get_by_text("Marked ready", exact=True)).to_be_visible()
    plan.refresh_from_db()
    assert plan.ready_at is not None
