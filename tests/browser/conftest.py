"""Browser tests: Playwright drives Debian's Chromium against Django's live server."""

from pathlib import Path

import pytest

from engraft.information.models import (
    ContactDetails,
    Page,
    PageSection,
    RecommendedSource,
    TeamMember,
)
from engraft.information.seed_content import seed_public_content, seed_recommended_sources
from engraft.workup.models import PlanItem
from engraft.workup.seed_template import link_result_studies, seed_plan_items

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "var" / "test-results" / "screenshots"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browser here; Debian's Chromium is used instead.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def public_content(transactional_db):
    # Live-server tests empty the database after each test, rows seeded by migrations included.
    seed_public_content(Page, PageSection, TeamMember, ContactDetails)
    seed_recommended_sources(RecommendedSource)
    seed_plan_items(PlanItem)
    link_result_studies(PlanItem)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) in the page and return its violations."""
    # Evaluated through the DevTools protocol, not as a <script>: the pages' CSP forbids that.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/staff/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
