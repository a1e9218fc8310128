"""URL samples for the transplant outputs (FHIR Bundle, summary PDF), and an episode builder.

The episode colleague's services create episodes in the app; these tests build the model
rows directly, as the task asks.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from .factories import make_patient


def make_episode(patient=None, **overrides):
    """A transplant episode (bone marrow from an HLA-identical sibling, Bu/Flu), in progress."""
    from engraft.transplant.models import TransplantEpisode

    opener, _ = get_user_model().objects.get_or_create(
        username="episode-opener", defaults={"role": "physician"}
    )
    fields = {
        "patient": patient or make_patient(),
        "status": "active",
        "admitted_on": date(2026, 9, 20),
        "day0": date(2026, 9, 28),
        "regimen": "bu_flu",
        "graft_source": "bone_marrow",
        "donor_type": "matched_sibling",
        "donor_label": "sister",
        "manipulation": "none",
        "tnc_total": 3.5e9,
        "cd34_total": 2.4e7,
        "cd3_total": 1.9e8,
        "opened_by": opener,
    }
    fields.update(overrides)
    return TransplantEpisode.objects.create(**fields)


def episode_id() -> dict[str, object]:
    return {"episode_id": make_episode().public_id}


SAMPLES = {
    "transplant:episode_fhir": episode_id,
    "transplant:summary_pdf": episode_id,
}
