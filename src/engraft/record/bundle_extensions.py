"""What later stages add to a patient's FHIR Bundle, without the record importing them.

The record is an early stage of the pathway; a later app (trials: ResearchStudy and
ResearchSubject) registers a provider here from its ``AppConfig.ready``. A provider takes
the patient and returns FHIR resources (dicts) about that patient only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import models

Provider = Callable[[models.Patient], list[dict[str, Any]]]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add ``provider``'s resources to every patient's Bundle (idempotent)."""
    if provider not in _providers:
        _providers.append(provider)


def extra_resources(patient: models.Patient) -> list[dict[str, Any]]:
    """Every registered provider's resources for ``patient``, in registration order."""
    return [resource for provider in _providers for resource in provider(patient)]
