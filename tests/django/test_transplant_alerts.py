"""Alerts: raised once from the data, on the first load after it; acknowledged with a note.

Expected values are written here from clinical.md (ASTCT 2021 limits: day +30 marrow or
blood, day +42 cord blood; rule 10: falling chimerism plans a re-transplant).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from engraft.access.roles import Role
from engraft.audit.models import AuditEvent
from engraft.transplant.alerts import acknowledge_alert, refresh_alerts
from engraft.transplant.models import ConditioningAgent, TransplantAlert

from .url_samples_transplant_ward import add_chimerism, add_counts, make_alert, make_episode

pytestmark = pytest.mark.django_db

DAY0 = date(2026, 10, 1)
# Aplasia from day 0: every ANC below 0.5 x10^9/L.
NO_RECOVERY = {d: 0.1 for d in range(0, 44)}
# Nadir on days 0-9, then three counts >= 0.5 from day +14 (engraftment day +14).
ENGRAFTING = {d: 0.1 for d in range(0, 14)} | {d: 1.0 for d in range(14, 40)}


def on(day: int) -> date:
    return DAY0 + timedelta(days=day)


def noon(day: int) -> datetime:
    return datetime(on(day).year, on(day).month, on(day).day, 12, 0)


def test_cord_graft_without_engraftment_by_day_42_raises_primary_graft_failure_on_day_43():
    episode = make_episode(day0=DAY0, graft_source="cord_blood", donor_type="cord")
    add_counts(episode, "anc", NO_RECOVERY)
    assert refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(42)) == []
    raised = refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(43))
    assert [(a.rule, a.raised_for) for a in raised] == [("plan_retransplant", on(43))]
    assert raised[0].title == "Plan re-transplant"
    assert raised[0].reasons[0].startswith("primary graft failure")
    assert any(s["source_id"] == "kharfan-dabaja2021" for s in raised[0].sources)


def test_a_marrow_graft_fails_at_day_30_where_a_cord_graft_is_not_yet_late():
    marrow = make_episode(day0=DAY0)
    cord = make_episode(day0=DAY0, graft_source="cord_blood", donor_type="cord")
    for episode in (marrow, cord):
        add_counts(episode, "anc", NO_RECOVERY)
    assert len(refresh_alerts(episode=marrow, actor=None, ip=None, as_of=on(31))) == 1
    assert refresh_alerts(episode=cord, actor=None, ip=None, as_of=on(31)) == []


def test_an_alert_is_stored_once_however_often_and_on_whichever_day_it_is_computed():
    episode = make_episode(day0=DAY0, graft_source="cord_blood", donor_type="cord")
    add_counts(episode, "anc", NO_RECOVERY)
    for day in (43, 43, 44, 50):
        refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(day))
    assert TransplantAlert.objects.filter(episode=episode).count() == 1


def test_raising_an_alert_is_audited_with_the_user_whose_page_load_raised_it(cast):
    episode = make_episode(day0=DAY0)
    add_counts(episode, "anc", NO_RECOVERY)
    nurse = cast[Role.NURSE]
    (alert,) = refresh_alerts(episode=episode, actor=nurse, ip="10.0.0.7", as_of=on(31))
    event = AuditEvent.objects.get(object_type="transplant.TransplantAlert")
    assert (event.action, event.object_id, event.actor, event.ip_address) == (
        "create",
        str(alert.public_id),
        nurse,
        "10.0.0.7",
    )
    assert "alert raised: Plan re-transplant" in event.summary


def test_falling_myeloid_chimerism_raises_plan_retransplant_rule_10():
    episode = make_episode(day0=DAY0)
    add_counts(episode, "anc", ENGRAFTING)
    add_chimerism(episode, "myeloid", {30: 98, 60: 85, 90: 70})
    add_chimerism(episode, "cd3", {30: 99, 60: 99, 90: 99})
    assert refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(59)) == []
    (alert,) = refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(90))
    assert (alert.rule, alert.raised_for) == ("plan_retransplant", on(90))
    assert any(r.startswith("myeloid: 70 %") for r in alert.reasons)


def test_cord_blood_under_reduced_intensity_conditioning_is_a_warning_not_an_alert():
    episode = make_episode(
        day0=DAY0, graft_source="cord_blood", donor_type="cord", regimen="bu_flu_tli_ric"
    )
    for agent, dose, unit, first, last in (
        ("busulfan", 8, "mg/kg", -8, -7),
        ("fludarabine", 200, "mg/m2", -6, -2),
        ("tli", 4, "Gy", -1, -1),
    ):
        ConditioningAgent.objects.create(
            episode=episode, agent=agent, dose=dose, unit=unit, first_day=first, last_day=last
        )
    add_counts(episode, "anc", ENGRAFTING)
    assert refresh_alerts(episode=episode, actor=None, ip=None, as_of=on(20)) == []


def test_the_first_ward_load_after_the_data_are_saved_shows_the_alert(login):
    episode = make_episode(day0=DAY0)
    add_counts(episode, "anc", NO_RECOVERY)
    with time_machine.travel(noon(30), tick=False):
        page = login(Role.NURSE).get(reverse("transplant:ward")).content.decode()
        assert "day +30, no engraftment yet, today is the day +30 limit" in page
        assert "Plan re-transplant" not in page
    with time_machine.travel(noon(31), tick=False):
        page = login(Role.NURSE).get(reverse("transplant:ward")).content.decode()
    assert "1 open" in page
    assert "Plan re-transplant: primary graft failure" in page


def test_acknowledging_needs_a_note_and_changes_nothing_without_one(cast):
    alert = make_alert()
    with pytest.raises(ValidationError) as refused:
        acknowledge_alert(alert=alert, actor=cast[Role.NURSE], ip=None, note="   ")
    assert "note" in refused.value.message_dict
    alert.refresh_from_db()
    assert (alert.acknowledged_at, alert.acknowledged_by, alert.acknowledgement_note) == (
        None,
        None,
        "",
    )


def test_the_acknowledge_page_names_the_missing_note(login):
    alert = make_alert()
    response = login(Role.PHYSICIAN).post(
        reverse("transplant:acknowledge_alert", args=[alert.public_id]), {"note": ""}
    )
    assert response.status_code == 400
    assert "Note: Write a note: what was done or decided about this alert." in (
        response.content.decode()
    )
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_a_nurse_acknowledges_with_a_note_audited_and_the_alert_stays(login, cast):
    alert = make_alert()
    url = reverse("transplant:acknowledge_alert", args=[alert.public_id])
    with time_machine.travel(datetime(2026, 11, 2, 9, 30), tick=False):
        response = login(Role.NURSE).post(
            url, {"note": "Discussed with Dr Okafor; marrow aspirate booked.", "next": "/x/"}
        )
    assert response.status_code == 302
    assert response["Location"] == "/x/"
    alert.refresh_from_db()
    assert TransplantAlert.objects.filter(pk=alert.pk).exists()
    assert alert.acknowledged_by == cast[Role.NURSE]
    assert alert.acknowledged_at.date() == date(2026, 11, 2)
    assert alert.acknowledgement_note == "Discussed with Dr Okafor; marrow aspirate booked."
    event = AuditEvent.objects.get(object_type="transplant.TransplantAlert", action="change")
    assert event.actor == cast[Role.NURSE]
    assert "marrow aspirate booked" in event.summary


def test_an_acknowledged_alert_cannot_be_acknowledged_again_and_keeps_the_first_note(cast):
    alert = make_alert()
    acknowledge_alert(alert=alert, actor=cast[Role.NURSE], ip=None, note="first")
    with pytest.raises(ValidationError, match="already acknowledged by nurse"):
        acknowledge_alert(alert=alert, actor=cast[Role.PHYSICIAN], ip=None, note="second")
    alert.refresh_from_db()
    assert (alert.acknowledged_by, alert.acknowledgement_note) == (cast[Role.NURSE], "first")


def test_an_offsite_next_is_not_followed_after_acknowledging(login):
    alert = make_alert()
    response = login(Role.NURSE).post(
        reverse("transplant:acknowledge_alert", args=[alert.public_id]),
        {"note": "seen", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("transplant:ward")


def test_the_alerts_list_keeps_acknowledged_alerts_struck_with_who_and_the_note(cast, rf):
    episode = make_episode(day0=DAY0)
    open_alert = make_alert(episode)
    old = TransplantAlert.objects.create(
        episode=episode, rule="count_loss", raised_for=on(20), title="Loss of neutrophil counts"
    )
    acknowledge_alert(alert=old, actor=cast[Role.NURSE], ip=None, note="G-CSF started")
    request = rf.get("/")
    request.user = cast[Role.NURSE]
    from engraft.transplant.alerts import episode_alerts

    html = render_to_string(
        "transplant/_alerts.html",
        {"alerts": episode_alerts(episode), "may": {"alert_acknowledge": True}},
        request=request,
    )
    assert html.index(open_alert.title) < html.index("Acknowledged")
    assert "<del>Loss of neutrophil counts</del>" in html
    assert "Acknowledged by <strong>Nurse</strong>" in html
    assert "G-CSF started" in html
    assert reverse("transplant:acknowledge_alert", args=[open_alert.public_id]) in html
    assert reverse("transplant:acknowledge_alert", args=[old.public_id]) not in html
