"""An administrator edits the public text in the app, and families see it at once."""

from playwright.sync_api import expect

from engraft.access.roles import Role
from tests.django.factories import PASSWORD, make_staff

from .conftest import sign_in


def test_an_administrator_rewrites_a_section_of_a_public_page(page, live_server):
    make_staff(Role.ADMINISTRATOR)
    sign_in(page, live_server, "administrator", PASSWORD)
    page.goto(live_server.url + "/admin/information/page/")
    page.get_by_role("link", name="What happens at diagnosis").click()
    page.locator("#id_sections-0-body").fill("Our new text about the first visit.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(live_server.url + "/diagnosis/")
    expect(page.get_by_text("Our new text about the first visit.")).to_be_visible()
