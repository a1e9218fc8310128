"""URL samples for the follow-up app, and the builders its tests share.

`followed_episode` gives a child in follow-up with a transplant whose day 0 lies in the past;
`visit_record` a visit marked done (by default hearing at 6 months, an audiology visit).
"""

from __future__ import annotations

from datetime import date

from .factories import make_patient
from .url_samples_transplant import make_episode, someone


def followed_episode(day0: date = date(2026, 1, 10), **patient_fields):
    patient = make_patient(pathway_stage="follow_up", **patient_fields)
    return make_episode(patient, admitted_on=day0.replace(day=1), day0=day0,
                        discharged_on=date(2026, 3, 1))  # fmt: skip


def visit_record(episode=None, item: str = "hearing", timepoint: str = "month_6",
                 done_on: date = date(2026, 7, 10)):  # fmt: skip
    from engraft.followup.models import FollowUpVisitRecord

    episode = episode or followed_episode()
    return FollowUpVisitRecord.objects.create(
        patient=episode.patient, episode=episode, item=item, timepoint=timepoint,
        done_on=done_on, recorded_by=someone(),
    )  # fmt: skip


def void_sample() -> dict[str, object]:
    row = visit_record()
    return {"public_id": row.patient.public_id, "visit_id": row.public_id}


SAMPLES = {
    "followup:patient": lambda: {"public_id": followed_episode().patient.public_id},
    "followup:mark_done": lambda: {"public_id": followed_episode().patient.public_id},
    "followup:void_visit": void_sample,
}
