"""Demo follow-up visits: the followed-up children's past visits, most done, some overdue.

Seeded, so the follow-up page shows done, due, overdue and upcoming visits, and a VEP in the
record counted as a vision visit done. Idempotent: a child with a visit recorded is skipped.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from engraft.core.followup import VisitState
from engraft.record.models import Finding

from . import services
from .selectors import followed_episodes, schedule_rows

DEMO_SEED = 20261211
DONE_SHARE = 0.7  # of the visits whose window has opened (in-house, for the demo)


def load_demo_followup(seed: int = DEMO_SEED) -> int:
    """Mark most past follow-up visits of the demo's followed-up children done; return how many."""
    physician = get_user_model().objects.get(username="physician")
    today = timezone.localdate()
    rng = random.Random(seed)
    added = 0
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
