"""Demo follow-up visits: the followed-up children's past visits, most done, some overdue.

Seeded, so the follow-up page shows done, due, overdue and upcoming visits, and a VEP in the
record counted as a vision visit done. One followed-up child without an episode in the
transplant demo gets a transplant entered as history (done elsewhere a year ago), so that
the 1-year visits are due today. Idempotent: a child with a visit recorded is skipped.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from engraft.core.followup import VisitState
from engraft.record.models import Finding, Patient
from engraft.transplant import services as transplant_services

from . import services
from .selectors import followed_episodes, schedule_rows

DEMO_SEED = 20261211
DONE_SHARE = 0.7  # of the visits whose window has opened (in-house, for the demo)
# The child transplanted elsewhere: day 0 this many days ago, so the 1-year window is open.
HISTORY_DAY0_DAYS_AGO = 372


def _history_episode(physician, today) -> None:
    """A past transplant, entered as history, of a followed-up child who has none yet."""
    candidates = Patient.objects.filter(
        pathway_stage="follow_up", transplant_episodes__isnull=True
    ).order_by("public_id")
    patient = next(
        (p for p in candidates if (today - p.birth_date).days >= HISTORY_DAY0_DAYS_AGO + 60), None
    )
    if patient is None:
        return
    day0 = today - timedelta(days=HISTORY_DAY0_DAYS_AGO)
    episode = transplant_services.open_episode(
        patient=patient, actor=physician, ip=None, entered_as_history=True,
        fields={"admitted_on": day0 - timedelta(days=9), "day0": day0,
                "graft_source": "bone_marrow", "donor_type": "matched_unrelated",
                "regimen": "bu_flu", "donor_label": "Unrelated donor (transplanted elsewhere)"},
    )  # fmt: skip
    transplant_services.close_episode(
        episode=episode, actor=physician, ip=None, closed_on=day0 + timedelta(days=40),
        reason="Discharged to long-term follow-up (transplanted elsewhere; demo)",
    )  # fmt: skip


def load_demo_followup(seed: int = DEMO_SEED) -> int:
    """Mark most past follow-up visits of the demo's followed-up children done; return how many."""
    physician = get_user_model().objects.get(username="physician")
    today = timezone.localdate()
    rng = random.Random(seed)
    added = 0
    _history_episode(physician, today)
    for episode in followed_episodes(today):
        if episode.follow_up_visits.exists():
            continue
        rows = schedule_rows(episode, today)
        vision = next((r.visit for r in rows if r.visit.item == "vision"
                       and r.visit.window_start <= today), None)  # fmt: skip
        if vision is not None:
            # A VEP in the window: the page shows it beside the visit and counts it as done.
            seen = min(today, vision.due + timedelta(days=rng.randint(-5, 5)))
            Finding.objects.create(
                patient=episode.patient, kind="vep", observed_on=seen,
                source="ophthalmology clinic (demo)", category="normal", quantity=110.0,
                recorded_by=physician,
            )  # fmt: skip
        for row in rows:
            v = row.visit
            if v == vision or v.state not in (VisitState.OVERDUE, VisitState.DUE):
                continue
            if rng.random() > DONE_SHARE:
                continue
            latest = min(today, v.window_end)
            done_on = v.window_start + timedelta(
                days=rng.randint(0, max(0, (latest - v.window_start).days))
            )
            services.record_visit_done(
                episode=episode, item=v.item, timepoint=v.timepoint, done_on=done_on,
                note="Seen in the follow-up clinic (demo)", actor=physician, ip=None,
            )  # fmt: skip
            added += 1
    return added
