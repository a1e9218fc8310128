"""URL samples for the transplant app, and the builders its tests share.

`ready_patient` gives a child whose work-up readiness gate is open and who has a primary
donor selected (the two conditions for opening an episode); `make_episode` an episode.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from .factories import make_patient, make_staff


def someone():
    return make_staff(None, username=f"t-{uuid.uuid4().hex[:8]}")


def open_gate(patient, ready: bool = True):
    from engraft.workup.models import WorkupPlan

    return WorkupPlan.objects.create(
        patient=patient, target_admission=date(2026, 12, 1), emergent=False,
        created_by=someone(), ready_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC) if ready else None,
    )  # fmt: skip


def select_donor(patient, source: str = "family", role: str = "primary", search=None):
    from engraft.donors.models import DonorSelection

    return DonorSelection.objects.create(
        patient=patient, source=source, donor_id="R-1", donor_label="Sister Ada", role=role,
        search=search, chosen_by=someone(), reason="HLA-identical sister",
    )  # fmt: skip


def ready_patient(**overrides):
    patient = make_patient(**overrides)
    open_gate(patient)
    select_donor(patient)
    return patient


def make_episode(patient=None, **overrides):
    from engraft.transplant.models import TransplantEpisode

    fields = {
        "patient": patient or make_patient(), "status": "active", "admitted_on": date(2026, 11, 1),
        "day0": date(2026, 11, 8), "regimen": "bu_flu", "graft_source": "bone_marrow",
        "donor_type": "matched_sibling", "donor_label": "Sister Ada", "opened_by": someone(),
    }  # fmt: skip
    fields.update(overrides)
    return TransplantEpisode.objects.create(**fields)


def episode_id() -> dict[str, object]:
    return {"episode_id": make_episode().public_id}


def closed_episode_id() -> dict[str, object]:
    return {"episode_id": make_episode(status="closed", closed_on=date(2026, 11, 20)).public_id}


def transfusion_sample() -> dict[str, object]:
    from engraft.transplant.models import Transfusion

    episode = make_episode()
    row = Transfusion.objects.create(episode=episode, given_on=date(2026, 11, 10),
                                     product="platelets")  # fmt: skip
    return {"episode_id": episode.public_id, "kind": "transfusion", "entry_id": row.public_id}


def chimerism_sample() -> dict[str, object]:
    from engraft.transplant.models import ChimerismResult

    episode = make_episode()
    row = ChimerismResult.objects.create(episode=episode, sampled_on=date(2026, 11, 30),
                                         lineage="whole_blood", donor_percent=98)  # fmt: skip
    return {"episode_id": episode.public_id, "entry_id": row.public_id}


def patient_id() -> dict[str, object]:
    return {"public_id": make_patient().public_id}


SAMPLES = {
    "transplant:patient": lambda: {"public_id": make_episode().patient.public_id},
    "transplant:open": lambda: {"public_id": ready_patient().public_id},
    "transplant:open_history": patient_id,
    "transplant:retransplant": closed_episode_id,
    "transplant:admit": lambda: {"episode_id": make_episode(status="planned").public_id},
    "transplant:dates": episode_id,
    "transplant:close": episode_id,
    "transplant:conditioning": episode_id,
    "transplant:graft": episode_id,
    "transplant:flowsheet": episode_id,
    "transplant:add_transfusion": episode_id,
    "transplant:add_growth_factor": episode_id,
    "transplant:add_chimerism": episode_id,
    "transplant:void_support": transfusion_sample,
    "transplant:void_chimerism": chimerism_sample,
    "transplant:growth": lambda: {"public_id": make_episode().patient.public_id},
}
