"""Every public page in a real browser: no axe-core violations, at phone and desktop size."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, axe_violations, screenshot

PUBLIC_PATHS = [
    "/",
    "/osteopetrosis/",
    "/diagnosis/",
    "/transplant/",
    "/team/",
    "/trials/",
    "/contact/",
    "/request-information/",
    "/request-information/received/",
    "/staff/login/",
]


@pytest.mark.parametrize(("size_name", "size"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_public_pages_have_no_accessibility_violations(page, live_server, size_name, size):
    page.set_viewport_size(size)
    found = {}
    for path in PUBLIC_PATHS:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_have_count(1)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
        name = path.strip("/").replace("/", "-") or "home"
        screenshot(page, f"{size_name}-{name}")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the {size_name} screen"
    assert found == {}


def test_a_keyboard_user_reaches_the_main_content_with_the_skip_link(page, live_server):
    page.goto(live_server.url + "/osteopetrosis/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_a_family_finds_the_request_form_from_the_home_page(page, live_server):
    page.goto(live_server.url)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Request information"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request information")
