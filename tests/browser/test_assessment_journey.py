"""A physician opens a patient's assessment, reads its reasons and sources, and overrides it."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from engraft.access.roles import Role
from engraft.assessment.models import SignOff
from engraft.record.models import Finding, GeneticResult, Patient, Variant
from tests.django.factories import PASSWORD, make_staff

from .conftest import axe_violations, screenshot, sign_in


def tcirg1_child() -> Patient:
    # Dated from today: the assessment is computed for today, and a finding counts only
    # while it is current (the knowledge base's currency windows).
    today = date.today()
    patient = Patient.objects.create(
        family_name="Journeychild",
        given_names="Ebba",
        birth_date=today - timedelta(days=330),
        sex="female",
        clinical_form="infantile_aro",
        genotype_pending=False,
    )
    result = GeneticResult.objects.create(
        patient=patient,
        gene="TCIRG1",
        zygosity="homozygous",
        testing_lab="Genetics lab",
        reported_on=today - timedelta(days=315),
    )
    Variant.objects.create(
        result=result, hgvs="NM_006019.4:c.117+4A>T", classification="pathogenic"
    )
    Finding.objects.create(
        patient=patient,
        kind="vep",
        observed_on=today - timedelta(days=10),
        source="ophthalmology clinic",
        category="delayed",
        quantity=150.0,
        trend="worsening",
    )
    return patient


def test_a_physician_overrides_the_assessment_and_the_history_shows_both(page, live_server):
    make_staff(Role.PHYSICIAN)
    patient = tcirg1_child()
    sign_in(page, live_server, "physician", PASSWORD)
    page.goto(f"{live_server.url}/staff/patients/{patient.public_id}/")
    page.get_by_role("navigation", name="Patient record").get_by_role(
        "link", name="Assessment"
    ).click()

    expect(page.get_by_role("note", name="Decision support")).to_contain_text(
        "needs a physician's sign-off"
    )
    reasons = page.get_by_role("region", name="Conclusions with their reasons and sources")
    expect(reasons).to_contain_text("Rule G-SUBTYPE")
    expect(reasons).to_contain_text("Rule R4")
    expect(reasons).to_contain_text("Driessen GJ")  # a source, in words
    expect(page.get_by_role("region", name="What is missing")).to_contain_text("Brain MRI")
    assert axe_violations(page) == []
    screenshot(page, "desktop-assessment")

    form = page.get_by_role("region", name="Sign off this assessment")
    form.get_by_label("Override candidacy or urgency").check()
    form.get_by_label("Urgency (when overriding)").select_option("urgent")
    form.get_by_role("button", name="Sign off").click()
    expect(page.get_by_role("alert")).to_contain_text("An override needs a reason")
    assert SignOff.objects.count() == 0

    form = page.get_by_role("region", name="Sign off this assessment")
    form.get_by_label("Override candidacy or urgency").check()
    form.get_by_label("Urgency (when overriding)").select_option("urgent")
    form.get_by_label("Reason").fill("VEP repeated today is stable: urgent, not emergent.")
    form.get_by_role("button", name="Sign off").click()
    expect(page.get_by_role("status")).to_contain_text("Your sign-off is recorded")
    # The override is the decision in force: the banner no longer asks for a sign-off.
    expect(page.get_by_role("note", name="Decision support")).to_contain_text(
        "overridden to candidacy indicated, urgency urgent"
    )
    assert axe_violations(page) == []

    page.get_by_role("link", name="History").first.click()
    history = page.get_by_role("table")
    expect(history).to_contain_text("emergent")  # the computed assessment
    expect(history).to_contain_text("Override candidacy or urgency")
    expect(history).to_contain_text("urgency urgent")
    expect(history).to_contain_text("VEP repeated today is stable")
    screenshot(page, "desktop-assessment-history")

    page.get_by_role("navigation", name="Staff").get_by_role(
        "link", name="Assessments awaiting sign-off"
    ).click()
    expect(page.get_by_role("table")).to_contain_text("Nothing awaits sign-off")
    assert axe_violations(page) == []
    signed = SignOff.objects.get()
    assert (signed.decision, signed.urgency) == ("override", "urgent")
