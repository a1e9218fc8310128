"""URL samples for the outcomes pages."""

from __future__ import annotations

from .factories import make_patient

SAMPLES = {
    "outcomes:patient": lambda: {"public_id": make_patient().public_id},
    "outcomes:record_vital_status": lambda: {"public_id": make_patient().public_id},
}
