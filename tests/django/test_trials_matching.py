"""Matching on the record: a child's trials page, a trial's patients, and the public list.

The child is built with the record's factories (birth date, sex, infantile ARO, a reported
biallelic TCIRG1 pathogenic genotype, a bilirubin) and matched against the shipped synthetic
NCT90000001 and its curated rule (1 Month to 10 Years; diagnosis, genotype, candidate,
candidacy, bilirubin <= 2 mg/dL within 30 days, no previous HSCT, no OSTM1; exclusion E3,
"Active uncontrolled infection", is covered by no leaf, so the best result is "possibly
eligible"). Today is fixed at 1 Dec 2026.

Age bounds, from docs/trials.md ("Inclusive limits"): a month is 30.4375 days and a year
365.25; a minimum rounds up and a maximum down. "1 Month" as a minimum is 31 days; "10 Years"
as a maximum is 3652.5, so 3652 days.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.urls import reverse

from engraft.access.roles import Role
from engraft.record.models import GeneticResult, Variant
from engraft.trials import services
from engraft.trials.models import Trial

from .factories import make_lab, make_patient
from .url_samples_transplant_ward import make_episode
from .url_samples_trials import make_trial

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
AGE_TEST = "age at screening from 1 Month (31 days) up to 10 Years (3652 days), inclusive"
BILIRUBIN_TEST = "latest bilirubin <= 2 mg/dL, within 30 days"
TITLE = "(synthetic) TCR alpha-beta depleted haploidentical HSCT for infantile osteopetrosis"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.combine(TODAY, time(10), tzinfo=UTC), tick=False):
        yield


def add_bilirubin(patient, value: float, on: date = date(2026, 11, 20)) -> None:
    make_lab(patient, analyte="bilirubin", value=value, unit="mg/dL",
             collected_at=datetime.combine(on, time(8), tzinfo=UTC))  # fmt: skip


def tcirg1_child(birth_date: date = date(2026, 6, 1), *, bilirubin: float | None = None,
                 given_names: str = "Alva", family_name: str = "Testchild"):  # fmt: skip
    """An infant with infantile ARO and a reported homozygous pathogenic TCIRG1 variant."""
    patient = make_patient(
        birth_date=birth_date, sex="female", clinical_form="infantile_aro",
        genotype_pending=False, given_names=given_names, family_name=family_name,
    )  # fmt: skip
    result = GeneticResult.objects.create(
        patient=patient, gene="TCIRG1", zygosity="homozygous", testing_lab="Genetics lab",
        reported_on=date(2026, 11, 26),
    )  # fmt: skip
    Variant.objects.create(
        result=result, hgvs="NM_006019.4:c.117+4A>T", classification="pathogenic"
    )
    if bilirubin is not None:
        add_bilirubin(patient, bilirubin)
    return patient


@pytest.fixture
def trial():
    return make_trial("NCT90000001")


def section(page: str, nct_id: str) -> str:
    """The part of a child's trials page about one trial, as text (entities decoded)."""
    found = re.search(rf'<section [^>]*id="{nct_id}".*?</section>', page, re.S)
    assert found, f"no section for {nct_id}"
    return html.unescape(found.group(0))


def trials_page(client, patient) -> str:
    response = client.get(reverse("trials:patient", args=[patient.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_childs_page_shows_the_trial_possibly_eligible_with_every_reason(trial, login):
    child = tcirg1_child(bilirubin=1.2)

    part = section(trials_page(login(Role.NURSE), child), "NCT90000001")

    assert 'class="trial-match possibly_eligible"' in part
    assert '<strong class="overall">Possibly eligible</strong>' in part
    assert "Does not meet" not in part
    assert "To check" not in part
    assert "<strong>E3</strong> (exclusion): Active uncontrolled infection" in part
    for line in [
        f"age: meets [{AGE_TEST}]; patient: 183 days (1 Dec 2026)",
        "sex: meets [all sexes]; patient: female",
        "Infantile ARO (Q78.2): meets [ICD-10 Q78.2; clinical form infantile aro]; "
        "patient: Q78.2, infantile aro",
        "Biallelic TCIRG1, CLCN7, SNX10 or TNFRSF11A: meets [biallelic pathogenic, likely "
        "pathogenic variant in TCIRG1, CLCN7, SNX10, TNFRSF11A]; patient: TCIRG1 homozygous "
        "pathogenic (26 Nov 2026)",
        "Candidate for HSCT: meets [status candidate]; patient: candidate",
        "Candidacy indicated or expert review: meets [HSCT candidacy indicated, expert review]; "
        "patient: indicated (1 Dec 2026)",
        f"Bilirubin at most 2 mg/dL: meets [{BILIRUBIN_TEST}]; patient: 1.2 mg/dL (20 Nov 2026)",
        "not: Previous HSCT: meets [not (a previous HSCT)]; patient: 0 HSCT",
    ]:
        assert f"<li>{line}</li>" in part, line


def test_the_result_is_recomputed_when_the_record_changes(trial, login):
    child = tcirg1_child()
    client = login(Role.COORDINATOR)

    missing = section(trials_page(client, child), "NCT90000001")
    assert '<strong class="overall">Possibly eligible</strong>' in missing
    assert (
        f"<li>Bilirubin at most 2 mg/dL: cannot determine [{BILIRUBIN_TEST}]; "
        "missing: bilirubin result</li>"
    ) in missing.split("To check")[1]

    add_bilirubin(child, 3.4, on=date(2026, 11, 30))
    above = section(trials_page(client, child), "NCT90000001")
    assert '<strong class="overall">Not eligible</strong>' in above
    does_not_meet = above.split("<h4>Does not meet</h4>")[1].split("</ul>")[0]
    assert does_not_meet == (
        f"<ul><li>Bilirubin at most 2 mg/dL: does not meet [{BILIRUBIN_TEST}]; "
        "patient: 3.4 mg/dL (30 Nov 2026)</li>"
    )

    add_bilirubin(child, 1.9, on=date(2026, 12, 1))  # a newer value within the limit
    again = section(trials_page(client, child), "NCT90000001")
    assert '<strong class="overall">Possibly eligible</strong>' in again
    assert "patient: 1.9 mg/dL (1 Dec 2026)" in again


@pytest.mark.parametrize(
    ("birth_date", "days", "outcome"),
    [
        (date(2026, 10, 31), 31, "meets"),  # 1 day of October and 30 of November: the minimum
        (date(2026, 11, 1), 30, "does not meet"),  # a day short of the minimum
        (date(2016, 12, 1), 3652, "meets"),  # ten years with two leap days: the maximum
        (date(2016, 11, 30), 3653, "does not meet"),  # a day past the maximum
    ],
)
def test_the_published_age_limits_are_inclusive_to_the_day(trial, login, birth_date, days, outcome):
    child = tcirg1_child(birth_date, bilirubin=1.2)

    part = section(trials_page(login(Role.PHYSICIAN), child), "NCT90000001")

    assert f"<li>age: {outcome} [{AGE_TEST}]; patient: {days} days (1 Dec 2026)</li>" in part
    if outcome == "does not meet":
        assert '<strong class="overall">Not eligible</strong>' in part
        assert f"<h4>Does not meet</h4><ul><li>age: does not meet [{AGE_TEST}]" in part


def test_a_single_sex_trial_cannot_be_met_by_an_unknown_sex(login):
    record_sex = make_trial("NCT90000004", curated=False)
    record_sex.record["protocolSection"]["eligibilityModule"]["sex"] = "FEMALE"
    record_sex.save()
    child = make_patient(sex="unknown")

    part = section(trials_page(login(Role.PHYSICIAN), child), "NCT90000004")

    assert "<li>sex: cannot determine [sex female]; patient: unknown; missing: sex (recorded " in (
        part
    )
    assert '<strong class="overall">Possibly eligible</strong>' in part


def candidate_rows(page: str) -> dict[str, str]:
    """The trial page's patients: display name -> the row's text."""
    table = page.split('id="candidates-heading"')[1].split("</table>")[0]
    rows = re.findall(r"<tr class=\"(\w+)\">(.*?)</tr>", table, re.S)
    out = {}
    for overall, row in rows:
        name = re.search(r'#NCT\d+">([^<]+)</a>', row).group(1)
        out[name] = html.unescape(f"{overall}: {row}")
    return out


def test_the_trial_page_lists_who_may_be_eligible_and_hides_the_others_by_default(trial, login):
    tcirg1_child(bilirubin=1.2, given_names="Possible")
    tcirg1_child(bilirubin=3.4, given_names="Raised")
    grafted = tcirg1_child(bilirubin=1.2, given_names="Grafted")
    make_episode(grafted, day0=date(2026, 10, 1))
    client = login(Role.DATA_MANAGER)
    url = reverse("trials:trial", args=["NCT90000001"])

    default = client.get(url).content.decode()
    assert "0 eligible · 1 possibly eligible · 2 not eligible" in default
    assert list(candidate_rows(default)) == ["Possible Testchild"]

    hidden = candidate_rows(client.get(url, {"overall": "not_eligible"}).content.decode())
    assert sorted(hidden) == ["Grafted Testchild", "Raised Testchild"]
    assert "Fails: Bilirubin at most 2 mg/dL: does not meet" in hidden["Raised Testchild"]
    grafted_row = hidden["Grafted Testchild"]
    assert grafted_row.startswith("not_eligible: ")
    assert "Fails: Candidate for HSCT: does not meet [status candidate]; patient: transplanted" in (
        grafted_row
    )
    assert "Fails: not: Previous HSCT: does not meet [not (a previous HSCT)]; patient: 1 HSCT" in (
        grafted_row
    )

    every = candidate_rows(client.get(url, {"overall": "all"}).content.decode())
    assert sorted(every) == ["Grafted Testchild", "Possible Testchild", "Raised Testchild"]


def test_the_public_page_lists_the_trials_open_here_in_plain_words_and_no_patient(client, cast):
    make_trial(
        "NCT90000001", plain_summary="A new kind of transplant for babies with osteopetrosis.",
        contact_name="Trials office", contact_phone="+44 20 7946 0001",
        contact_email="trials@example.org",
    )  # fmt: skip
    make_trial("NCT90000002", site_status="suspended", plain_summary="Second transplants.")
    make_trial("NCT90000003", site_status="closed", plain_summary="Calcium after transplant.")
    child = tcirg1_child(bilirubin=1.2, given_names="Zebedee", family_name="Quillfeather")
    child.hospital_number = "H7345901"
    child.save()
    services.record_enrolment_step(
        patient=child, trial=Trial.objects.get(nct_id="NCT90000001"), status="screened",
        on=TODAY, actor=cast[Role.COORDINATOR], ip=None,
    )  # fmt: skip

    response = client.get(reverse("information:trials"))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "No clinical trials are listed" not in page
    assert f'<h3 id="NCT90000001-title">{TITLE}</h3>' in page
    assert "A new kind of transplant for babies with osteopetrosis." in page
    assert "<strong>Who may join:</strong> From 1 month to 10 years old." in page
    assert '<a href="tel:+442079460001">+44 20 7946 0001</a>' in page
    assert '<a href="mailto:trials@example.org">' in page
    assert '<a href="https://clinicaltrials.gov/study/NCT90000001"' in page
    for absent in ("NCT90000002", "Second transplants.", "NCT90000003", "Calcium after"):
        assert absent not in page, absent
    for personal in ("Zebedee", "Quillfeather", "H7345901", str(child.public_id)):
        assert personal not in page, personal


def test_the_matches_read_the_trial_as_stored_now_even_when_its_version_did_not_move(trial, login):
    child = tcirg1_child(bilirubin=1.2)
    client = login(Role.PHYSICIAN)
    assert "Candidate for HSCT: meets" in section(trials_page(client, child), "NCT90000001")
    Trial.objects.filter(pk=trial.pk).update(rule=None)  # the version stays 1

    part = section(trials_page(client, child), "NCT90000001")

    assert "Candidate for HSCT" not in part
    assert "<strong>I1</strong> (inclusion)" in part  # no rule: every item is not assessed
