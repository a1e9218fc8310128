"""Today on the ward: active episodes only, day +N, engraftment in words, latest counts, sorts.

Expected values are written here from clinical.md (ASTCT 2021, day +30 limit after marrow).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.record.models import BodyMeasurement
from engraft.transplant.models import Transfusion
from engraft.transplant.selectors import core_episode
from engraft.transplant.selectors_surveillance import SURVEILLANCE_PREFETCH
from engraft.transplant.ward import _ward_episodes, prefetched_core_episode

from .factories import make_patient
from .url_samples_transplant_ward import add_chimerism, add_counts, make_alert, make_episode

pytestmark = pytest.mark.django_db

DAY0 = date(2026, 10, 1)
TODAY = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)  # day +19 of DAY0
APLASIA = {d: 0.1 for d in range(0, 20)}
ENGRAFTING = {d: 0.1 for d in range(0, 14)} | {d: 1.0 for d in range(14, 20)}


def _ward(client, **query):
    with time_machine.travel(TODAY, tick=False):
        return client.get(reverse("transplant:ward"), query).content.decode()


def test_the_ward_lists_only_active_episodes_with_their_day_for_a_frozen_date(login):
    make_episode(make_patient(family_name="Active"), day0=DAY0)
    make_episode(make_patient(family_name="Planned"), day0=date(2026, 11, 1), status="planned")
    make_episode(
        make_patient(family_name="Closed"), day0=date(2026, 6, 1), status="closed",
        closed_on=date(2026, 9, 1),
    )  # fmt: skip
    with time_machine.travel(TODAY, tick=False):
        page = login(Role.NURSE).get(reverse("transplant:ward")).content.decode()
    assert "Active" in page
    assert "Planned" not in page
    assert "Closed" not in page
    assert "day +19" in page
    assert "1 patient." in page


def test_the_ward_says_engraftment_in_words(login):
    waiting = make_episode(make_patient(family_name="Waiting"), day0=DAY0)
    engrafted = make_episode(make_patient(family_name="Engrafted"), day0=DAY0)
    add_counts(waiting, "anc", APLASIA)
    add_counts(engrafted, "anc", ENGRAFTING)
    page = _ward(login(Role.NURSE))
    assert "day +19, no engraftment yet, 11 days to the day +30 limit" in page
    assert "engrafted on day +14, within the day +30 limit" in page
    assert "platelets: no engraftment yet" in page


def test_the_ward_shows_the_latest_counts_with_their_date_and_day(login):
    episode = make_episode(day0=DAY0)
    add_counts(episode, "anc", {17: 0.3, 18: 0.4})
    add_counts(episode, "platelets", {16: 12.0})
    add_counts(episode, "haemoglobin", {18: 8.9})
    page = _ward(login(Role.NURSE))
    assert "0.4 <small>10*9/L</small><br><small>19 Oct 2026 (day +18)</small>" in page
    assert "12 <small>10*9/L</small><br><small>17 Oct 2026 (day +16)</small>" in page
    assert "8.9 <small>g/dL</small><br><small>19 Oct 2026 (day +18)</small>" in page


def test_the_ward_sorts_by_day_and_by_name(login):
    make_episode(make_patient(family_name="Zeller"), day0=DAY0 - timedelta(days=5))  # +24
    make_episode(make_patient(family_name="Abbott"), day0=DAY0)  # day +19
    make_episode(make_patient(family_name="Moreau"), day0=DAY0 + timedelta(days=10))  # +9
    client = login(Role.NURSE)
    by_day = _ward(client, sort="day")
    assert by_day.index("Moreau") < by_day.index("Abbott") < by_day.index("Zeller")
    by_name = _ward(client, sort="name")
    assert by_name.index("Abbott") < by_name.index("Moreau") < by_name.index("Zeller")


def test_the_ward_filters_patients_with_open_alerts(login, cast):
    quiet = make_episode(make_patient(family_name="Quiet"), day0=DAY0)
    alerted = make_episode(make_patient(family_name="Alerted"), day0=DAY0)
    make_alert(alerted)
    add_counts(quiet, "anc", ENGRAFTING)
    add_counts(alerted, "anc", ENGRAFTING)
    page = _ward(login(Role.NURSE), alerts="open")
    assert "Alerted" in page
    assert "Quiet" not in page
    assert "1 patient with open alerts." in page


def test_the_ward_read_is_audited_naming_the_patients_shown(login):
    episode = make_episode(day0=DAY0)
    _ward(login(Role.PHYSICIAN))
    event = AuditEvent.objects.get(object_type="transplant.TransplantEpisode", action="view")
    assert str(episode.patient.public_id) in event.summary


def test_the_ward_reads_each_episode_as_the_transplant_page_does():
    episode = make_episode(day0=DAY0)
    add_counts(episode, "anc", ENGRAFTING)
    add_counts(episode, "platelets", {d: 30.0 for d in range(10, 19)})
    add_counts(episode, "haemoglobin", {5: 9.1})
    add_chimerism(episode, "myeloid", {14: 97})
    BodyMeasurement.objects.create(
        patient=episode.patient, measured_on=DAY0 - timedelta(days=2), weight_kg=7.2, height_cm=66
    )
    Transfusion.objects.create(episode=episode, given_on=DAY0 + timedelta(days=8),
                               product="platelets", volume_ml=50)  # fmt: skip
    as_of = DAY0 + timedelta(days=19)
    (prefetched,) = _ward_episodes()
    assert prefetched_core_episode(prefetched, as_of) == core_episode(episode, as_of)


@pytest.mark.parametrize(("episodes", "days"), [(2, 5), (20, 30)])
def test_the_ward_query_count_grows_neither_with_patients_nor_with_days(
    login, django_assert_max_num_queries, episodes, days
):
    for n in range(episodes):
        episode = make_episode(make_patient(family_name=f"Child{n:02d}"), day0=DAY0)
        add_counts(episode, "anc", {d: 0.1 if d < 3 else 1.0 for d in range(days)})
        add_counts(episode, "platelets", {d: 30.0 for d in range(days)})
        add_chimerism(episode, "myeloid", {d: 99 for d in range(0, days, 7)})
    client = login(Role.NURSE)
    _ward(client)  # stores what the data raise; the daily load after it only reads
    # 17 for the counts, support and alerts; one more per surveillance input (the genotype
    # and each prefetch of selectors_surveillance): none that grows with patients or days.
    with django_assert_max_num_queries(18 + len(SURVEILLANCE_PREFETCH)):
        page = _ward(client)
    assert f"{episodes} patients." in page


def test_the_staff_navigation_links_the_ward_for_the_clinical_team(login):
    page = login(Role.NURSE).get(reverse("access:staff_home")).content.decode()
    assert f'href="{reverse("transplant:ward")}">Ward</a>' in page
    page = login(Role.ADMINISTRATOR).get(reverse("access:staff_home")).content.decode()
    assert ">Ward</a>" not in page
