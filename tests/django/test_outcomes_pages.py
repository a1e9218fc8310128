"""The outcomes app: vital status and its refusals, the cohort page, publishing and the provider.

Expected values are written from the data each test builds; the small-cell threshold is 11
(software.md 4.3).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.core.small_cells import SMALL_CELL_MIN_N
from engraft.information.public_listings import context_for
from engraft.outcomes.models import PublishedFigure, VitalStatus
from engraft.outcomes.public import results_context
from engraft.outcomes.services import record_vital_status, set_published_figures

from .factories import make_patient
from .url_samples_transplant_ward import make_episode

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)


def child_with_transplant(day0=date(2025, 6, 1), **episode):
    patient = make_patient(birth_date=date(2025, 3, 1))
    make_episode(patient, day0=day0, **episode)
    return patient


def refused(patient, **fields) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record_vital_status(patient=patient, actor=None, ip=None, today=TODAY, **fields)
    assert not VitalStatus.objects.filter(patient=patient).exists()
    return caught.value.message_dict


# Vital status: refusals.


def test_a_last_contact_in_the_future_is_refused():
    errors = refused(child_with_transplant(), status="alive", last_contact_on=TODAY + timedelta(1))
    assert "cannot be in the future" in errors["last_contact_on"][0]


def test_a_death_before_the_transplant_is_refused():
    errors = refused(
        child_with_transplant(), status="dead", last_contact_on=None,
        died_on=date(2025, 5, 31), cause="infection",
    )  # fmt: skip
    assert "before day 0 of the transplant of 2025-06-01" in errors["died_on"][0]


def test_a_death_before_birth_is_refused():
    errors = refused(
        make_patient(birth_date=date(2025, 3, 1)), status="dead", last_contact_on=None,
        died_on=date(2025, 2, 1), cause="other",
    )  # fmt: skip
    assert "before the child's birth" in errors["died_on"][0]


def test_a_death_needs_its_date_and_a_coded_cause():
    errors = refused(child_with_transplant(), status="dead", last_contact_on=None)
    assert set(errors) == {"died_on", "cause"}
    errors = refused(
        child_with_transplant(), status="dead", last_contact_on=None, died_on=date(2026, 1, 1),
        cause="old age",
    )  # fmt: skip
    assert errors["cause"] == ["Choose a cause from the list."]


def test_a_child_alive_has_no_date_or_cause_of_death_and_the_last_contact_is_the_death():
    errors = refused(
        child_with_transplant(), status="alive", last_contact_on=date(2026, 1, 1),
        died_on=date(2026, 1, 1), cause="gvhd",
    )  # fmt: skip
    assert set(errors) == {"died_on", "cause"}
    errors = refused(
        child_with_transplant(), status="dead", last_contact_on=date(2026, 1, 5),
        died_on=date(2026, 1, 1), cause="gvhd",
    )  # fmt: skip
    assert "the last contact is the day of death" in errors["last_contact_on"][0]


def test_a_death_is_recorded_with_the_death_as_the_last_contact_and_audited():
    patient = child_with_transplant()
    row = record_vital_status(
        patient=patient, status="dead", last_contact_on=None, died_on=date(2026, 2, 1),
        cause="graft_failure", actor=None, ip=None, today=TODAY,
    )  # fmt: skip
    assert row.last_contact_on == date(2026, 2, 1)
    event = AuditEvent.objects.filter(object_id=str(patient.public_id)).latest("id")
    assert event.action == "create"
    assert event.summary == "vital status recorded: died on 2026-02-01 (Graft failure)"


# Vital status: the page.


def test_a_data_manager_records_a_vital_status_from_the_patient(login):
    patient = child_with_transplant()
    client = login(Role.DATA_MANAGER)
    page = client.get(reverse("outcomes:patient", args=[patient.public_id])).content.decode()
    assert "No vital status recorded" in page and "Record the vital status" in page
    url = reverse("outcomes:record_vital_status", args=[patient.public_id])
    response = client.post(url, {"status": "alive", "last_contact_on": "2026-11-30"})
    assert response.status_code == 302
    row = VitalStatus.objects.get(patient=patient)
    assert (row.status, row.last_contact_on, row.recorded_by.role) == (
        "alive", date(2026, 11, 30), "data_manager",
    )  # fmt: skip
    page = client.get(reverse("outcomes:patient", args=[patient.public_id])).content.decode()
    assert "last contact 30 Nov 2026" in page


def test_a_refused_vital_status_names_its_field_and_stores_nothing(login):
    patient = child_with_transplant()
    client = login(Role.PHYSICIAN)
    url = reverse("outcomes:record_vital_status", args=[patient.public_id])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(url, {"status": "alive", "last_contact_on": future})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not VitalStatus.objects.exists()


def test_a_nurse_reads_the_vital_status_but_has_no_form(login):
    patient = child_with_transplant()
    page = login(Role.NURSE).get(reverse("outcomes:patient", args=[patient.public_id]))
    assert page.status_code == 200
    assert "Record the vital status" not in page.content.decode()


# The cohort page.


def cohort(n_msd: int, n_mud: int, *, today: date) -> None:
    """n children after a matched sibling and n after a matched unrelated donor, all followed."""
    for k in range(n_msd + n_mud):
        day0 = today - timedelta(days=500 + 20 * k)
        patient = make_patient(birth_date=day0 - timedelta(days=60 + k))
        donor = "matched_sibling" if k < n_msd else "matched_unrelated"
        make_episode(
            patient, day0=day0, donor_type=donor, status="closed", closed_on=day0 + timedelta(60)
        )
        if k % 4 == 3:
            died = day0 + timedelta(days=100 + k)
            VitalStatus.objects.create(patient=patient, status="dead", last_contact_on=died,
                                       died_on=died, cause="infection")  # fmt: skip
        else:
            VitalStatus.objects.create(patient=patient, status="alive", last_contact_on=today)


def test_the_outcomes_page_shows_os_by_donor_type_with_numbers_at_risk_and_the_published_series(
    login,
):
    today = timezone.localdate()
    cohort(12, 3, today=today)
    client = login(Role.DATA_MANAGER)
    response = client.get(reverse("outcomes:cohort"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "15 of 15 transplants" in page
    assert "Overall survival" in page and "by donor type" in page
    assert "<svg" in page and "Number at risk" in page
    assert "Beside the published series" in page and "Orchard" in page
    assert "Small-cell rule: counts under 11 patients are withheld" in page
    assert "log-rank" in page
    assert "Programme quality measures" in page
    event = AuditEvent.objects.filter(summary__startswith="outcomes page:").latest("id")
    assert event.action == "view" and "15 of 15" in event.summary


def test_the_filters_keep_their_values_and_narrow_the_cohort(login):
    today = timezone.localdate()
    cohort(12, 3, today=today)
    client = login(Role.PHYSICIAN)
    page = client.get(
        reverse("outcomes:cohort"), {"donor_type": "MUD", "age_group": "under_3_months"}
    ).content.decode()
    assert "3 of 15 transplants" in page
    assert '<option value="MUD" selected>' in page
    assert '<option value="under_3_months" selected>' in page


def test_the_page_with_small_cells_shown_says_it_is_not_for_sharing(login):
    cohort(2, 1, today=timezone.localdate())
    page = (
        login(Role.PHYSICIAN)
        .get(reverse("outcomes:cohort"), {"small_cells": "on"})
        .content.decode()
    )
    assert "not for sharing outside the care team" in page


def test_the_outcomes_page_renders_with_the_demo_cohort(login):
    from engraft.web.demo import prepare_demo

    prepare_demo()
    client = login(Role.DATA_MANAGER)
    page = client.get(reverse("outcomes:cohort")).content.decode()
    assert "Overall survival" in page and "Number at risk" in page
    assert "the data do not hold together" not in page  # the demo holds together
    assert VitalStatus.objects.exists()


# Publishing and the provider.


def test_the_data_manager_publishes_figures_and_the_change_is_audited(login):
    client = login(Role.DATA_MANAGER)
    page = client.get(reverse("outcomes:publish")).content.decode()
    assert "Alive 1 year after transplant" in page
    response = client.post(reverse("outcomes:publish"), {"keys": ["os-365-all", "os-365-MSD"]})
    assert response.status_code == 302
    assert sorted(PublishedFigure.objects.values_list("key", flat=True)) == [
        "os-365-MSD",
        "os-365-all",
    ]
    event = AuditEvent.objects.filter(object_type="outcomes.PublishedFigure").latest("id")
    assert event.summary == "published figures: before none; after os-365-MSD, os-365-all"


def test_the_provider_returns_only_published_figures_and_none_under_the_threshold():
    today = timezone.localdate()
    cohort(12, 3, today=today)
    set_published_figures(keys=["os-365-all", "os-365-MSD", "os-365-MUD"], actor=None, ip=None)
    given = results_context()
    figures = {(f["label"], f["group"]): f for f in given["results"]}
    assert len(figures) == 3
    everyone = figures[("Alive 1 year after transplant", "")]
    assert everyone["n"] == 15 and not everyone["suppressed"]
    assert everyone["value"].startswith("80% (95% CI")  # 3 of 15 died before day 365
    # MUD has 3 children: withheld; MSD (12) would give MUD back as 15 - 12: withheld too.
    for group in ("Matched unrelated donor", "Matched sibling donor"):
        f = figures[("Alive 1 year after transplant", group)]
        assert f["suppressed"] and f["n"] is None and f["value"] == ""
    for f in given["results"]:
        assert f["suppressed"] or f["n"] >= SMALL_CELL_MIN_N
    assert "results" in context_for("results")


def test_the_public_page_shows_a_published_figure_and_not_an_unpublished_one(client):
    cohort(12, 0, today=timezone.localdate())
    set_published_figures(keys=["os-365-all"], actor=None, ip=None)
    page = client.get("/results/").content.decode()
    assert "Alive 1 year after transplant" in page
    assert "Neutrophil engraftment" not in page
    assert "No results are published yet." not in page
