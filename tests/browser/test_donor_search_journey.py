"""A coordinator searches donors for a demo patient and records primary and backup."""

import pytest
from playwright.sync_api import expect

from engraft.access.roles import Role
from engraft.donors.demo import load_demo_donors
from tests.django.factories import PASSWORD, make_staff
from tests.django.url_samples_donors import make_family

from .conftest import DESKTOP, axe_violations, screenshot, sign_in


@pytest.fixture
def demo_patient(settings, tmp_path):
    # The demo's own loader on a tiny registry: typings, planted donors, one antibody (DSA).
    settings.ENGRAFT_REGISTRY_DIR = tmp_path / "registry"
    patient, people = make_family(family_name="Demochild", given_names="Ines")
    load_demo_donors(tmp_path / "registry", size=300, typed_patients=1)
    return patient, people


def test_coordinator_searches_and_selects_primary_and_backup(page, live_server, demo_patient):
    patient, people = demo_patient
    own = patient.hla_typings.get(relative=None).gl_string
    sibling = next(r for r in people.values() if r.hla_typings.get().gl_string == own)
    make_staff(Role.COORDINATOR)
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "coordinator", PASSWORD)
    page.goto(f"{live_server.url}/staff/patients/{patient.public_id}/")
    page.get_by_role("link", name="Donor search").click()
    page.get_by_role("link", name="Typings and family").click()
    page.get_by_role("link", name="Add a weight and height").click()
    page.get_by_label("Measured on").fill("2026-10-01")
    page.get_by_label("Weight (kg)").fill("7.5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text("weight 7.50 kg measured on 01 Oct 2026")
    page.get_by_role("link", name="Donor search").click()
    page.get_by_label("Minimum grade").select_option("")
    page.get_by_role("button", name="Search donors").click()

    family = page.get_by_role("table", name="Family donors")
    expect(family).to_be_visible()
    first = family.locator("tbody tr").first
    expect(first).to_have_attribute("data-donor", str(sibling.public_id))
    expect(first).to_contain_text("HLA-identical sibling")
    expect(family).to_contain_text("Family (mother): haploidentical")
    results = page.get_by_role("table", name="Registry donors and cord units")
    expect(results).to_contain_text("Unrelated donor")
    expect(page.get_by_role("main")).to_contain_text("cord cell dose per kg from the weight 7.50")
    expect(results.locator('tr[data-donor="DEMO00-MATCH"]')).to_contain_text("match")
    flagged = results.locator('tr[data-donor="DEMO00-DSA"]')
    expect(flagged).to_contain_text("DSA: anti-A*")
    expect(flagged).to_contain_text("HvG mismatch")
    assert axe_violations(page) == []
    screenshot(page, "donor-search-results")

    label = str(sibling)
    page.get_by_label(f"Role for {label}").select_option("primary")
    page.get_by_label(f"Reason for {label}").fill("HLA-identical sibling")
    page.get_by_role("button", name=f"Select {label}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Primary donor: {label}")
    page.get_by_label("Role for DEMO00-MATCH").select_option("backup")
    page.get_by_label("Reason for DEMO00-MATCH").fill("10/10 unrelated, young male")
    page.get_by_role("button", name="Select DEMO00-MATCH").click()
    expect(page.get_by_role("status")).to_contain_text("Backup donor: DEMO00-MATCH")
    page.get_by_role("link", name="Typings and family").click()
    expect(page.get_by_role("main")).to_contain_text(f"Primary: {label}")
    expect(page.get_by_role("main")).to_contain_text("Backup: DEMO00-MATCH")
