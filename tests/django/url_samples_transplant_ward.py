"""URL samples for the ward's pages, and the builders the ward and alert tests share.

Episodes are made with the models directly (the episode services are written in parallel);
daily counts are the record's LabResult rows, as the flowsheet and import-labs write them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model

from engraft.transplant.models import ChimerismResult, TransplantAlert, TransplantEpisode

from .factories import make_lab, make_patient

UNITS = {
    "anc": "10*9/L",
    "platelets": "10*9/L",
    "haemoglobin": "g/dL",
    "calcium": "mg/dL",
    "bilirubin": "mg/dL",
}


def opener():
    user, _ = get_user_model().objects.get_or_create(
        username="transplant-opener", defaults={"role": "physician"}
    )
    return user


def make_episode(patient=None, *, day0: date = date(2026, 10, 1), **fields) -> TransplantEpisode:
    """An episode in progress (active) with a bone-marrow graft unless told otherwise."""
    values = {
        "status": "active",
        "regimen": "",
        "graft_source": "bone_marrow",
        "donor_type": "matched_sibling",
        "admitted_on": day0 - timedelta(days=9),
    }
    values.update(fields)
    return TransplantEpisode.objects.create(
        patient=patient or make_patient(), day0=day0, opened_by=opener(), **values
    )


def add_counts(episode: TransplantEpisode, analyte: str, by_day: dict[int, float]) -> None:
    """One record lab result a day (08:00 UTC) of ``analyte``: {day relative to day 0: value}."""
    for day, value in by_day.items():
        on = episode.day0 + timedelta(days=day)
        make_lab(
            episode.patient,
            analyte=analyte,
            value=value,
            unit=UNITS[analyte],
            collected_at=datetime.combine(on, time(8, 0), tzinfo=UTC),
        )


def add_chimerism(episode: TransplantEpisode, lineage: str, by_day: dict[int, float]) -> None:
    for day, percent in by_day.items():
        ChimerismResult.objects.create(
            episode=episode,
            sampled_on=episode.day0 + timedelta(days=day),
            lineage=lineage,
            donor_percent=percent,
        )


def make_alert(episode: TransplantEpisode | None = None) -> TransplantAlert:
    episode = episode or make_episode()
    return TransplantAlert.objects.create(
        episode=episode,
        rule="plan_retransplant",
        raised_for=episode.day0 + timedelta(days=31),
        title="Plan re-transplant",
        reasons=["primary graft failure: no neutrophil engraftment by day +30"],
    )


SAMPLES = {
    "transplant:acknowledge_alert": lambda: {"public_id": make_alert().public_id},
}
