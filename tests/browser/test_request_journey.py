"""A family asks for information on a phone; a coordinator picks the request up."""

from playwright.sync_api import expect

from engraft.access.roles import Role
from engraft.information.models import InformationRequest
from tests.django.factories import PASSWORD, make_staff

from .conftest import PHONE, screenshot, sign_in


def fill_valid_request(page) -> None:
    page.get_by_label("Your name").fill("Lena Example")
    page.get_by_label("Relationship to the child").select_option("mother")
    page.get_by_role("textbox", name="Email").fill("lena.example@example.org")
    page.get_by_role("textbox", name="Phone").fill("+46 70 123 45 67")
    page.get_by_role("group", name="Preferred contact method").get_by_label("Email").check()
    page.get_by_label("Country").fill("Sweden")
    page.get_by_label("Child's age").fill("9")
    page.get_by_label("Unit").select_option("weeks")
    page.get_by_role("group", name="Has a diagnosis been made?").get_by_label("Yes").check()
    page.get_by_label("Which diagnosis").fill("infantile osteopetrosis, TCIRG1")
    page.get_by_label("Your question").fill("Is a transplant possible for our son?")
    page.get_by_label("I agree that the programme may contact me").check()


def test_a_family_submits_the_form_on_a_phone_and_sees_the_confirmation(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/request-information/")
    fill_valid_request(page)
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("we have received your request")
    screenshot(page, "phone-request-confirmation")
    stored = InformationRequest.objects.get()
    assert stored.guardian_name == "Lena Example"
    assert stored.child_age == "9 weeks"


def test_an_invalid_submission_shows_the_messages_and_keeps_the_values(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/request-information/")
    fill_valid_request(page)
    page.get_by_role("textbox", name="Email").fill("lena.example-at-example.org")
    page.get_by_label("Country").fill("")
    page.get_by_role("button", name="Send my request").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please correct 2 things below")
    expect(summary).to_contain_text("Enter a valid email address.")
    expect(page.get_by_label("Your name")).to_have_value("Lena Example")
    expect(page.get_by_role("textbox", name="Email")).to_have_value("lena.example-at-example.org")
    expect(page.get_by_label("Your question")).to_have_value(
        "Is a transplant possible for our son?"
    )
    screenshot(page, "phone-request-errors")
    assert InformationRequest.objects.count() == 0


def test_a_coordinator_finds_assigns_and_marks_a_request_contacted(page, live_server):
    make_staff(Role.COORDINATOR)
    page.goto(live_server.url + "/request-information/")
    fill_valid_request(page)
    page.get_by_role("button", name="Send my request").click()

    sign_in(page, live_server, "coordinator", PASSWORD)
    page.get_by_role("link", name="Information requests").first.click()
    page.get_by_label("Search").fill("Sweden")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name="Lena Example").click()
    page.get_by_label("Assign to").select_option(label="coordinator")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#current-assignee")).to_have_text("Coordinator")
    page.get_by_label("Status").select_option("contacted")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("#current-status")).to_have_text("Contacted")
    screenshot(page, "desktop-request-detail")
    stored = InformationRequest.objects.get()
    assert (stored.status, stored.assigned_to.username) == ("contacted", "coordinator")


def test_a_specialist_without_the_right_cannot_open_the_queue(page, live_server):
    make_staff(Role.SPECIALIST)
    sign_in(page, live_server, "specialist", PASSWORD)
    expect(page.get_by_role("link", name="Information requests")).to_have_count(0)
    response = page.goto(live_server.url + "/staff/requests/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You may not open this page")
