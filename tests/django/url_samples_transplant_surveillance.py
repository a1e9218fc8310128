"""URL samples of the surveillance entries (the access walk opens each with these)."""

from __future__ import annotations

from datetime import timedelta

from engraft.transplant.models import TransplantEpisode, WardObservation

from .url_samples_transplant_ward import make_episode


def make_observation(episode: TransplantEpisode | None = None) -> WardObservation:
    episode = episode or make_episode()
    return WardObservation.objects.create(
        episode=episode, observed_on=episode.day0 + timedelta(days=3), spo2_percent=95
    )


def _episode() -> dict:
    return {"episode_id": make_episode().public_id}


def _observation() -> dict:
    row = make_observation()
    return {"episode_id": row.episode.public_id, "kind": "observation", "entry_id": row.public_id}


SAMPLES = {
    "transplant:surveillance": _episode,
    "transplant:add_observation": _episode,
    "transplant:add_gvhd_assessment": _episode,
    "transplant:add_adverse_event": _episode,
    "transplant:add_chronic_gvhd": _episode,
    "transplant:void_surveillance_entry": _observation,
}
