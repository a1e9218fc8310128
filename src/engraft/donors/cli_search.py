"""``engraft donors search --patient``: the web search's inputs, read from the record.

The command line searches with the same typing, family, antibodies and transplant context
(CMV, ABO, latest current weight) as the search page, and refuses what the page refuses.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from engraft.core.donor_search.engine import PatientTypingTooAmbiguous
from engraft.core.donor_search.search import search
from engraft.core.donor_search.store import open_store
from engraft.core.hla.dsa import Antibody
from engraft.core.hla.hla_typing import HlaTypingError, parse_typing
from engraft.record.models import Patient

from . import selectors
from .context import patient_context
from .registry import nomenclature, open_registry


class RecordSearchError(ValueError):
    """The recorded patient cannot be searched for; the message says why."""


def search_for_record(
    public_id: str, *, store: Path | None, min_grade: str | None, top: int
) -> dict[str, object]:
    """Search for the patient with this public id; the JSON-ready result."""
    try:
        patient = Patient.objects.get(public_id=uuid.UUID(public_id))
    except (ValueError, Patient.DoesNotExist) as error:
        raise RecordSearchError(f"no patient with public id {public_id!r}") from error
    typing = selectors.patient_typing(patient)
    if typing is None:
        raise RecordSearchError(f"{patient.display_name} has no current HLA typing")
    conflict = selectors.patient_typing_conflict(patient)
    if conflict is not None:
        raise RecordSearchError(conflict.text)
    nom = nomenclature()
    antibodies = [Antibody(a.specificity, a.mfi) for a in selectors.current_antibodies(patient)]
    try:
        registry = open_store(store) if store else open_registry()
        result = search(nom, registry, parse_typing(nom, typing.gl_string),
                        patient_context(patient), selectors.family_members(patient) or None,
                        min_grade, top, antibodies)  # fmt: skip
    except (HlaTypingError, PatientTypingTooAmbiguous, ValueError, FileNotFoundError) as error:
        raise RecordSearchError(str(error)) from error
    out = result.to_json()
    out["withheld"] = [c.text for c in selectors.typing_conflicts(patient) if c.relative]
    return out
