"""A coordinator imports a trial, curates its rule, finds a child possibly eligible, opens the
trial here and records the child's consent; the public trials page lists it for families."""

from datetime import timedelta
from importlib.resources import files

from django.utils import timezone
from playwright.sync_api import expect

from engraft.access.roles import Role
from engraft.record.models import GeneticResult, Variant
from engraft.trials.models import Enrolment
from tests.django.factories import PASSWORD, make_patient, make_staff

from .conftest import DESKTOP, PHONE, axe_violations, screenshot, sign_in

SAMPLES = files("engraft.core.trials").joinpath("samples/trials")


def test_a_trial_is_imported_curated_matched_consented_and_listed_publicly(
    page, live_server, tmp_path
):
    make_staff(Role.COORDINATOR)
    today = timezone.localdate()
    child = make_patient(
        given_names="Iris", family_name="Trialchild", birth_date=today - timedelta(days=200),
        diagnosed_on=today - timedelta(days=100),
    )  # fmt: skip
    result = GeneticResult.objects.create(
        patient=child, gene="TCIRG1", zygosity="homozygous", testing_lab="Genetics lab",
        reported_on=today - timedelta(days=90),
    )  # fmt: skip
    Variant.objects.create(
        result=result, hgvs="NM_006019.4:c.1674-1G>A", classification="pathogenic"
    )
    record = tmp_path / "NCT90000001.json"
    record.write_text(SAMPLES.joinpath("NCT90000001.json").read_text(encoding="utf-8"))
    rule = SAMPLES.joinpath("NCT90000001.rule.json").read_text(encoding="utf-8")

    sign_in(page, live_server, "coordinator", PASSWORD)
    page.get_by_role("link", name="Trials", exact=True).click()
    page.get_by_label("ClinicalTrials.gov records (JSON)").set_input_files(str(record))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("1 created")

    page.get_by_role("link", name="NCT90000001").click()
    page.get_by_role("link", name="Curate the eligibility rule").click()
    page.get_by_label("Curated rule (JSON)").fill(rule.replace('"mg/dL"', '"mg"'))
    page.get_by_role("button", name="Check and save the rule").click()
    expect(page.locator(".error-summary")).to_contain_text("'mg' is not a unit")
    page.get_by_label("Curated rule (JSON)").fill(rule)
    page.get_by_role("button", name="Check and save the rule").click()
    expect(page.get_by_role("main")).to_contain_text("Saved the curated rule of NCT90000001")

    candidates = page.locator("#candidates-heading + p + form + div table")
    expect(candidates).to_contain_text("Trialchild")
    expect(candidates).to_contain_text("Possibly eligible")
    expect(candidates).to_contain_text("missing: bilirubin result")
    screenshot(page, "desktop-trial-candidates")
    assert axe_violations(page) == []

    page.get_by_label("Open to accrual here").check()
    page.get_by_label("Contact phone").fill("+44 20 7946 0000")
    page.get_by_label("Plain-language summary for families").fill(
        "A trial of a half-matched family transplant for babies with osteopetrosis."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text("Saved the centre's details")

    page.get_by_role("link", name="Iris Trialchild").click()
    trial = page.locator("#NCT90000001")
    expect(trial).to_contain_text("Possibly eligible")
    for step in ("Screened", "Eligible", "Approached"):
        trial.locator("summary", has_text="Record the next step").click()
        trial.get_by_label("Step").select_option(label=step)
        trial.get_by_role("button", name="Record").click()
        expect(page.get_by_role("main")).to_contain_text(f"{step.lower()} recorded")
    trial.locator("summary", has_text="Record the next step").click()
    trial.get_by_label("Step").select_option(label="Consented")
    trial.get_by_role("button", name="Record").click()
    expect(trial.locator(".error-summary")).to_contain_text("Give the version of the consent")
    trial.get_by_label("Consent form version").fill("v2.1 (2026-10-01)")
    trial.get_by_role("button", name="Record").click()
    expect(page.locator("#NCT90000001 .steps")).to_contain_text("Consented on")
    expect(page.locator("#NCT90000001 .steps")).to_contain_text("v2.1 (2026-10-01)")
    enrolment = Enrolment.objects.get(patient=child, trial__nct_id="NCT90000001")
    assert (enrolment.status, enrolment.consent_version) == ("consented", "v2.1 (2026-10-01)")
    screenshot(page, "desktop-patient-trials")
    assert axe_violations(page) == []

    page.context.clear_cookies()
    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}/trials/")
        listed = page.locator("#NCT90000001")
        expect(listed).to_contain_text("A trial of a half-matched family transplant")
        expect(listed).to_contain_text("From 1 month to 10 years old.")
        expect(listed.get_by_role("link", name="+44 20 7946 0000")).to_have_attribute(
            "href", "tel:+442079460000"
        )
        expect(page.get_by_role("main")).not_to_contain_text("Trialchild")
        screenshot(page, f"{name}-public-trials")
        assert axe_violations(page) == []
