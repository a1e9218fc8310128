"""The pages of issue 17 in a browser: axe-core at both sizes, and the administrator's edits."""

import pytest
from playwright.sync_api import expect

from engraft.access.roles import Role
from engraft.information import public_listings
from engraft.information.models import ResearchProject
from tests.django.factories import PASSWORD, make_staff

from .conftest import DESKTOP, PHONE, axe_violations, screenshot, sign_in

PATHS = ["/what-to-expect/", "/what-to-expect/?print=1", "/research/", "/sources/", "/results/"]


def research_project() -> ResearchProject:
    return ResearchProject.objects.create(
        title="Calcium after transplant",
        summary="We follow calcium in the weeks after the transplant.",
        status=ResearchProject.Status.RECRUITING,
        lead="Dr Alex Example",
        link="https://research.example.org/calcium",
        nct_numbers="NCT01234567",
    )


@pytest.fixture
def published_results(monkeypatch):
    """One figure shown and one suppressed, as the outcomes stage will provide them."""
    monkeypatch.setattr(public_listings, "_providers", {})
    public_listings.register(
        "results",
        lambda: {
            "results": [
                {
                    "label": "Alive 1 year after transplant",
                    "group": "All children",
                    "n": 24,
                    "value": "88% (95% CI 67 to 96%)",
                    "published": "62% at 5 years after a matched sibling donor (193 children)",
                    "published_source": "Orchard PJ et al. Blood 2015;126(2):270-6",
                },
                {"label": "Engrafted by day +42", "group": "Cord blood", "n": 4, "value": "75%"},
            ]
        },
    )


def test_the_new_pages_have_no_accessibility_violations_at_phone_and_desktop_size(
    page, live_server, published_results
):
    research_project()
    found = {}
    for size_name, size in [("phone", PHONE), ("desktop", DESKTOP)]:
        page.set_viewport_size(size)
        for path in PATHS:
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_have_count(1)
            violations = axe_violations(page)
            if violations:
                found[f"{size_name} {path}"] = violations
            name = path.replace("?print=1", "print").strip("/").replace("/", "-")
            screenshot(page, f"{size_name}-{name}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is {overflow}px wider than the {size_name} screen"
    assert found == {}
    # The suppressed figure's value never reached the page.
    page.goto(live_server.url + "/results/")
    expect(page.get_by_role("cell", name="88% (95% CI 67 to 96%)")).to_be_visible()
    expect(page.get_by_text("Not shown: too few children")).to_have_count(1)


def test_an_administrator_edits_research_a_source_and_a_section_and_families_see_them(
    page, live_server
):
    project = research_project()
    make_staff(Role.ADMINISTRATOR)
    sign_in(page, live_server, "administrator", PASSWORD)

    page.goto(f"{live_server.url}/admin/information/researchproject/{project.pk}/change/")
    page.get_by_label("Plain summary").fill("Our new summary of the calcium study.")
    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(live_server.url + "/admin/information/recommendedsource/")
    page.get_by_role("link", name="GeneReviews: CLCN7-related osteopetrosis").click()
    page.get_by_label("What a family will find there").fill("A new line about GeneReviews.")
    page.get_by_label("Link last checked").fill("2026-12-01")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(live_server.url + "/admin/information/page/")
    page.get_by_role("link", name="What to expect during the transplant").click()
    heading = page.locator("input[id$='-heading'][value='Going home']")
    body_id = heading.get_attribute("id").replace("-heading", "-body")
    page.locator(f"#{body_id}").fill("Our new words about going home.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(live_server.url + "/research/")
    expect(page.get_by_text("Our new summary of the calcium study.")).to_be_visible()
    expect(page.get_by_text("Completed", exact=True)).to_be_visible()
    page.goto(live_server.url + "/sources/")
    expect(page.get_by_text("A new line about GeneReviews.")).to_be_visible()
    expect(page.get_by_text("Link last checked by our team on 1 Dec 2026")).to_be_visible()
    page.goto(live_server.url + "/what-to-expect/")
    going_home = page.get_by_role("region", name="Going home")
    expect(going_home).to_contain_text("Our new words about going home.")
