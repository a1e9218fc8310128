"""A nurse opens the ward, sees the graft-failure alert the counts raised, acknowledges it."""

from datetime import UTC, datetime, time, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from engraft.access.roles import Role
from engraft.transplant.models import TransplantAlert
from tests.django.factories import PASSWORD, make_lab, make_patient, make_staff
from tests.django.url_samples_transplant_ward import make_episode

from .conftest import axe_violations, screenshot, sign_in


def test_nurse_sees_the_alert_on_the_ward_and_acknowledges_it_with_a_note(page, live_server):
    make_staff(Role.NURSE)
    today = timezone.localdate()
    patient = make_patient(
        given_names="Ines", family_name="Example", birth_date=today - timedelta(days=200)
    )
    episode = make_episode(patient, day0=today - timedelta(days=31))  # marrow: limit day +30
    for day in range(0, 32):
        on = episode.day0 + timedelta(days=day)
        make_lab(patient, analyte="anc", value=0.1, unit="10*9/L",
                 collected_at=datetime.combine(on, time(6, 0), tzinfo=UTC))  # fmt: skip

    sign_in(page, live_server, "nurse", PASSWORD)
    page.get_by_role("link", name="Ward", exact=True).click()
    ward = page.locator("#ward")
    expect(ward).to_contain_text("day +31")
    expect(ward).to_contain_text("primary graft failure")
    expect(ward).to_contain_text("1 open")
    screenshot(page, "desktop-transplant-ward")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Acknowledge Plan re-transplant for").click()
    page.get_by_role("button", name="Acknowledge the alert").click()
    expect(page.locator("#error-summary")).to_contain_text("Write a note")
    assert axe_violations(page) == []
    page.get_by_label("Note").fill(
        "Re-transplant discussed with the family; donor search reopened."
    )
    page.get_by_role("button", name="Acknowledge the alert").click()

    expect(page.locator("#ward")).to_contain_text("None open")
    expect(page.locator("#ward")).to_contain_text("1 acknowledged")
    alert = TransplantAlert.objects.get(episode=episode)
    assert alert.acknowledgement_note.startswith("Re-transplant discussed")
