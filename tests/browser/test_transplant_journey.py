"""A physician opens a transplant episode, a nurse enters 30 days of counts in the flowsheet,
and the neutrophil engraftment day appears on the transplant page."""

from datetime import date, timedelta

from playwright.sync_api import expect

from engraft.access.roles import Role
from tests.django.factories import PASSWORD, make_staff
from tests.django.url_samples_transplant import ready_patient

from .conftest import DESKTOP, axe_violations, screenshot, sign_in


def test_physician_opens_an_episode_and_the_nurses_counts_give_the_engraftment_day(
    page, live_server
):
    # The live server runs on the real clock: every date is relative to today.
    today = date.today()
    day0 = today - timedelta(days=29)
    patient = ready_patient(birth_date=today - timedelta(days=200), given_names="Noor")
    make_staff(Role.PHYSICIAN)
    make_staff(Role.NURSE)
    page.set_viewport_size(DESKTOP)

    sign_in(page, live_server, "physician", PASSWORD)
    page.goto(f"{live_server.url}/staff/patients/{patient.public_id}/")
    page.get_by_role("link", name="Transplant", exact=True).click()
    page.get_by_role("link", name="Open a transplant episode").click()
    page.get_by_label("Admission date").fill((day0 - timedelta(days=7)).isoformat())
    page.get_by_label("Day 0 (infusion date, planned or actual)").fill(day0.isoformat())
    page.get_by_label("Graft source").select_option("bone_marrow")
    page.get_by_label("Donor type").select_option("matched_sibling")
    page.get_by_label("Conditioning regimen").select_option("treo_flu_thiotepa")
    page.get_by_role("button", name="Save").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Transplant 1: in progress")
    expect(main).to_contain_text("day +29")
    expect(main).to_contain_text("Sister Ada")
    page.context.clear_cookies()
    sign_in(page, live_server, "nurse", PASSWORD)
    page.goto(f"{live_server.url}/staff/patients/{patient.public_id}/")
    page.get_by_role("link", name="Transplant", exact=True).click()
    page.get_by_role("link", name="Daily flowsheet").click()
    # Aplasia to day +15, then ANC >= 0.5 from day +16: engraftment on day +16.
    for n in range(30):
        on = (day0 + timedelta(days=n)).isoformat()
        page.locator(f"#cell-{on}-anc").fill("0.1" if n < 16 else "0.9")
        page.locator(f"#cell-{on}-platelets").fill("12" if n < 20 else "40")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save the flowsheet").click()
    expect(page.get_by_role("main")).to_contain_text("Daily flowsheet")
    expect(page.locator(f"#cell-{day0.isoformat()}-anc")).to_have_value("0.1")
    screenshot(page, "transplant-flowsheet")

    page.get_by_role("link", name="Back to the transplant page").click()
    engrafted = day0 + timedelta(days=16)
    expect(page.get_by_role("main")).to_contain_text(
        f"neutrophil engraftment on day +16 ({engrafted.isoformat()})"
    )
    assert axe_violations(page) == []
    screenshot(page, "transplant-page")
