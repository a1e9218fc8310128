"""A coordinator turns a family's request into a referral, then builds the record."""

from playwright.sync_api import expect

from engraft.access.roles import Role
from engraft.record.models import Patient
from tests.django.factories import PASSWORD, make_request, make_staff

from .conftest import axe_violations, screenshot, sign_in


def test_a_request_becomes_a_patient_whose_genetics_and_labs_show_on_timeline_and_chart(
    page, live_server
):
    make_staff(Role.COORDINATOR)
    make_request(guardian_name="Lena Example", question="Is a transplant possible?")
    sign_in(page, live_server, "coordinator", PASSWORD)

    page.get_by_role("link", name="Information requests").first.click()
    page.get_by_role("link", name="Lena Example").click()
    page.get_by_role("link", name="Turn into a referral").click()
    expect(page.get_by_text("Is a transplant possible?").first).to_be_visible()
    page.get_by_label("Family name").fill("Example")
    page.get_by_label("Given names").fill("Nils")
    page.get_by_label("Birth date").fill("2026-09-01")
    page.get_by_label("Sex").select_option("male")
    page.get_by_label("Received on").fill("2026-11-20")
    page.get_by_label("Referring clinician").fill("Dr Referrer")
    page.get_by_label("Referring institution").fill("Example General Hospital")
    page.get_by_label("Diagnosis status").select_option("confirmed")
    page.get_by_label("Urgency, as stated").select_option("urgent")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nils Example")

    page.get_by_role("link", name="Add a genetic result").click()
    page.get_by_label("Gene").fill("TCIRG1")
    page.get_by_label("Zygosity").select_option("homozygous")
    page.get_by_label("Testing lab").fill("Example Genomics")
    page.get_by_label("Reported on").fill("2026-11-10")
    page.get_by_label("Variant 1, HGVS (cDNA)").fill("NM_006019.4:c.117+4A>T")
    page.get_by_label("Variant 1, classification").select_option("pathogenic")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("NM_006019.4:c.117+4A>T")).to_be_visible()

    for when, value in (("2026-11-01T08:00", "8.9"), ("2026-11-15T08:00", "7.6")):
        page.get_by_role("link", name="Add a laboratory value").click()
        page.get_by_label("Analyte").select_option("haemoglobin")
        page.get_by_label("Value").fill(value)
        page.get_by_label("Unit").fill("g/dL")
        page.get_by_label("Sample taken at").fill(when)
        page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Timeline").click()
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Genetic result: TCIRG1, homozygous")
    expect(timeline).to_contain_text("Haemoglobin 7.6 g/dL")
    expect(timeline).to_contain_text("age 10 weeks")
    screenshot(page, "desktop-patient-timeline")

    page.get_by_role("link", name="Lab charts").click()
    expect(page.locator("figure.chart svg")).to_have_count(1)
    screenshot(page, "desktop-lab-chart")
    assert axe_violations(page) == []
    assert Patient.objects.get().referrals.get().information_request is not None
