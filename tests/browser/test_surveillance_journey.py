"""A nurse enters a calcium of 11.4 mg/dL on day +21 for a RANK-deficient child; the alert shows
on the ward with its rule; a physician acknowledges it; the follow-up shows the day +100 visit.
"""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from engraft.access.roles import Role
from engraft.record.models import GeneticResult
from engraft.transplant.models import TransplantAlert
from tests.django.factories import PASSWORD, make_patient, make_staff
from tests.django.url_samples_transplant_ward import make_episode

from .conftest import axe_violations, screenshot, sign_in


def test_a_high_calcium_is_alerted_acknowledged_and_the_day_100_visit_is_scheduled(
    page, live_server
):
    make_staff(Role.NURSE)
    make_staff(Role.PHYSICIAN)
    today = timezone.localdate()
    patient = make_patient(
        given_names="Rana", family_name="Example", birth_date=today - timedelta(days=900)
    )
    GeneticResult.objects.create(
        patient=patient, gene="TNFRSF11A", zygosity="homozygous", testing_lab="Genetics lab",
        reported_on=today - timedelta(days=300),
    )  # fmt: skip
    episode = make_episode(patient, day0=today - timedelta(days=21))

    sign_in(page, live_server, "nurse", PASSWORD)
    page.goto(f"{live_server.url}/staff/transplant/patients/{patient.public_id}/")
    page.get_by_role("link", name="Daily flowsheet").click()
    page.get_by_label(f"Calcium (mmol/L) on {today:%-d %b %Y}").fill("11.4 mg/dL")
    page.get_by_role("button", name="Save the flowsheet").click()
    expect(page.get_by_role("main")).to_contain_text("Daily flowsheet")

    page.get_by_role("link", name="Ward", exact=True).click()
    ward = page.locator("#ward")
    expect(ward).to_contain_text("Calcium above 11.0 mg/dL after HCT")
    expect(ward).to_contain_text("Calcium 11.4 mg/dL on day +21")
    expect(ward).to_contain_text("Higher risk of hypercalcaemia")
    screenshot(page, "desktop-ward-hypercalcaemia")
    assert axe_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, live_server, "physician", PASSWORD)
    page.get_by_role("link", name="Ward", exact=True).click()
    page.get_by_role("link", name="Acknowledge Calcium above 11.0 mg/dL after HCT for").click()
    page.get_by_label("Note").fill("Hyperhydration and furosemide started; calcium twice daily.")
    page.get_by_role("button", name="Acknowledge the alert").click()
    expect(page.locator("#ward")).to_contain_text("1 acknowledged")
    alert = TransplantAlert.objects.get(episode=episode, rule="hypercalcaemia")
    assert alert.acknowledged_by.username == "physician"

    page.goto(f"{live_server.url}/staff/transplant/patients/{patient.public_id}/")
    expect(page.locator("#surveillance-heading")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Long-term follow-up schedule").click()
    day100 = episode.day0 + timedelta(days=100)
    expect(page.get_by_role("main")).to_contain_text(f"Day +100: due {day100:%-d %b %Y}")
    screenshot(page, "desktop-follow-up-schedule")
    assert axe_violations(page) == []
