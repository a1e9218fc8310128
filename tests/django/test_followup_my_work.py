"""My work lists the follow-up visits due or overdue: a specialist's discipline's, or all for a
physician; the work-up's page reads them through the registry in access.worklists."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from engraft.access.roles import Role
from engraft.access.worklists import (
    Worklist,
    WorklistRow,
    register_worklist,
    unregister_worklist,
    worklists_for,
)

from .url_samples_followup import followed_episode

pytestmark = pytest.mark.django_db
DAY0 = date(2026, 1, 10)
# Day +120: the day +100 visits (window to 4 May 2026) are overdue; nothing else is open.
DAY_120 = "2026-05-10 10:00 +01:00"


def my_work(client) -> str:
    return client.get(reverse("workup:my_work")).content.decode()


def follow_up_section(html: str) -> str:
    return html[html.index("Follow-up visits due") :]


@time_machine.travel(DAY_120, tick=False)
def test_an_ophthalmologist_sees_the_overdue_vision_visit_with_the_patient_and_a_link(
    specialist_in,
):
    patient = followed_episode(DAY0, family_name="Oculus", given_names="Iris").patient
    html = my_work(specialist_in("ophthalmology"))
    section = follow_up_section(html)
    assert "Vision: ophthalmology with VEP, day +100" in section
    assert "OCULUS, Iris" in section
    assert "OVERDUE" in section
    assert reverse("followup:patient", args=[patient.public_id]) + "#day_100" in section
    assert "Chimerism" not in section and "Growth" not in section


@time_machine.travel(DAY_120, tick=False)
def test_an_audiologist_sees_no_vision_visit(specialist_in):
    followed_episode(DAY0)
    html = my_work(specialist_in("audiology"))
    section = follow_up_section(html)
    assert "Vision" not in section
    assert "Nothing due for you." in section  # hearing is first due at 6 months


@time_machine.travel(DAY_120, tick=False)
def test_a_physician_sees_every_disciplines_open_visits(login):
    followed_episode(DAY0)
    section = follow_up_section(my_work(login(Role.PHYSICIAN)))
    for title in ("Vision", "Growth", "Donor chimerism", "Immune reconstitution"):
        assert title in section


@time_machine.travel(DAY_120, tick=False)
def test_a_visit_marked_done_leaves_my_work(login, specialist_in):
    episode = followed_episode(DAY0)
    from engraft.followup.services import record_visit_done

    record_visit_done(episode=episode, item="vision", timepoint="day_100",
                      done_on=date(2026, 5, 8), actor=None, ip=None)  # fmt: skip
    section = follow_up_section(my_work(specialist_in("ophthalmology")))
    assert "Vision" not in section


@time_machine.travel(DAY_120, tick=False)
def test_a_data_manager_gets_no_follow_up_section(login):
    followed_episode(DAY0)
    assert "Follow-up visits due" not in my_work(login(Role.DATA_MANAGER))


def test_a_registered_worklist_is_given_to_the_users_it_answers(cast):
    row = WorklistRow(date(2026, 5, 1), "Read the letter", "SAMPLE, Child", "/x/", "due")

    def provider(user, today):
        return Worklist("letters", "Letters", "", (row,)) if user.role == "nurse" else None

    register_worklist("letters", provider)
    try:
        nurse = worklists_for(cast[Role.NURSE], date(2026, 5, 1))
        assert [w.key for w in nurse if w.key == "letters"] == ["letters"]
        physician = worklists_for(cast[Role.PHYSICIAN], date(2026, 5, 1))
        assert "letters" not in [w.key for w in physician]
    finally:
        unregister_worklist("letters")
