"""URL samples for the assessment app, merged into test_access_rules.SAMPLES."""

from __future__ import annotations

from collections.abc import Callable

from engraft.assessment.services import store_if_changed

from .factories import make_patient


def patient_id() -> dict[str, object]:
    return {"public_id": make_patient().public_id}


def stored_assessment() -> dict[str, object]:
    from django.utils import timezone

    patient = make_patient()
    stored, _, _ = store_if_changed(
        patient=patient, actor=None, ip=None, as_of=timezone.localdate()
    )
    return {"public_id": patient.public_id, "assessment_id": stored.public_id}


def no_arguments() -> dict[str, object]:
    return {}


SAMPLES: dict[str, Callable[[], dict[str, object]]] = {
    "assessment:current": patient_id,
    "assessment:sign_off": patient_id,
    "assessment:history": patient_id,
    "assessment:stored": stored_assessment,
    "assessment:meeting": patient_id,
    "assessment:pdf": patient_id,
    "assessment:awaiting_sign_off": no_arguments,
}
