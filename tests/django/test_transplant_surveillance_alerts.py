"""Surveillance alerts on the ward and the transplant page: raised from the saved data on the
first load after it, acknowledged with a note, raised again by new data.

Expected values from clinical.md: a single calcium above 11.0 mg/dL is hypercalcaemia
(Martinez 2010); the risk is raised in RANK (TNFRSF11A) deficiency and after age 2; the
calcium schedule runs from day +10 to +60.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from engraft.access.roles import Role
from engraft.record.models import GeneticResult
from engraft.transplant.alerts import acknowledge_alert, refresh_alerts
from engraft.transplant.models import TransplantAlert

from .factories import make_patient
from .url_samples_transplant_ward import add_counts, make_episode

pytestmark = pytest.mark.django_db

DAY0 = date(2026, 11, 1)


def on(day: int) -> date:
    return DAY0 + timedelta(days=day)


def rank_deficient_child():
    patient = make_patient(family_name="Calcio", birth_date=date(2026, 3, 1))
    GeneticResult.objects.create(
        patient=patient, gene="TNFRSF11A", zygosity="homozygous", testing_lab="Lab",
        reported_on=date(2026, 6, 1),
    )  # fmt: skip
    return make_episode(patient, day0=DAY0)


def test_a_calcium_above_11_on_day_21_shows_on_the_ward_with_its_rule(login):
    episode = rank_deficient_child()
    add_counts(episode, "calcium", {d: 9.6 for d in range(10, 21)} | {21: 11.4})
    with time_machine.travel(on(21), tick=False):
        page = login(Role.NURSE).get(reverse("transplant:ward")).content.decode()
    assert "Calcium above 11.0 mg/dL after HCT" in page
    assert "Calcium 11.4 mg/dL on day +21" in page
    assert "Higher risk of hypercalcaemia" in page  # RANK deficiency
    (alert,) = TransplantAlert.objects.filter(episode=episode, rule="hypercalcaemia")
    assert alert.raised_for == on(21)
    assert any(s["source_id"] == "martinez2010" for s in alert.sources)


def test_a_calcium_of_11_0_exactly_raises_nothing_and_a_heterozygous_carrier_is_not_raised_risk(
    login,
):
    patient = make_patient(family_name="Carrier", birth_date=date(2026, 3, 1))
    GeneticResult.objects.create(
        patient=patient, gene="TNFRSF11A", zygosity="heterozygous", testing_lab="Lab",
        reported_on=date(2026, 6, 1),
    )  # fmt: skip
    episode = make_episode(patient, day0=DAY0)
    add_counts(episode, "calcium", {21: 11.0})
    with time_machine.travel(on(21), tick=False):
        page = login(Role.NURSE).get(reverse("transplant:ward")).content.decode()
    assert not TransplantAlert.objects.filter(episode=episode).exists()
    assert "Higher risk of hypercalcaemia" not in page


def test_an_acknowledged_calcium_alert_returns_when_a_new_calcium_is_high_again():
    episode = rank_deficient_child()
    add_counts(episode, "calcium", {21: 11.4})
    (first,) = refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(21))
    acknowledge_alert(alert=first, actor=episode.opened_by, ip=None, note="Hydration started")
    # The same data on the next day raise nothing new: the acknowledgement holds.
    assert refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(22)) == []
    add_counts(episode, "calcium", {23: 11.8})
    (again,) = refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(23))
    assert (again.rule, again.raised_for, again.acknowledged_at) == ("hypercalcaemia", on(23), None)


def test_the_transplant_page_shows_the_surveillance_and_its_charts(login):
    episode = rank_deficient_child()
    add_counts(episode, "calcium", {d: 9.8 for d in range(10, 15)})
    add_counts(episode, "bilirubin", {d: 1.0 for d in range(0, 15)})
    with time_machine.travel(on(17), tick=False):
        page = (
            login(Role.PHYSICIAN)
            .get(reverse("transplant:patient", args=[episode.patient.public_id]))
            .content.decode()
        )
    assert "complication surveillance" in page
    assert "Higher risk of hypercalcaemia" in page
    # Days +15 and +16 had no calcium: overdue; day +17 is due.
    assert "2 draws overdue" in page
    assert "a draw is due today" in page
    assert "calcium-line" in page and "bilirubin-line" in page
    assert "Baseline imaging missing" in page  # never assumed
    assert "Watch day -2 to day +90" in page and "in the watch today" in page


def test_acknowledging_the_latest_high_calcium_acknowledges_the_earlier_ones_of_the_run(login):
    episode = rank_deficient_child()
    add_counts(episode, "calcium", {20: 11.2, 21: 11.4})
    refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(21))
    with time_machine.travel(on(21), tick=False):
        page = login(Role.NURSE).get(reverse("transplant:ward")).content.decode()
    # One line for the rule: the latest value, and the earlier one it stands for.
    assert "Calcium 11.4 mg/dL on day +21" in page and "and 1 earlier" in page
    assert "Calcium 11.2 mg/dL on day +20" not in page
    latest = TransplantAlert.objects.get(episode=episode, raised_for=on(21))
    acknowledge_alert(alert=latest, actor=episode.opened_by, ip=None, note="Hyperhydration")
    assert not TransplantAlert.objects.filter(episode=episode, acknowledged_at=None).exists()
    earlier = TransplantAlert.objects.get(episode=episode, raised_for=on(20))
    assert earlier.acknowledgement_note.startswith("Hyperhydration (with the alert of")
    # A later high value is new data: it raises an open alert again.
    add_counts(episode, "calcium", {22: 11.9})
    (again,) = refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(22))
    assert again.acknowledged_at is None
