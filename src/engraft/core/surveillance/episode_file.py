"""The surveillance sections of an episode file, read into SurveillanceInputs.

The episode file (``core/transplant/episode.schema.json``, docs/transplant.md) may hold, beside
the daily values the rules already read (weight, calcium, bilirubin), the record's context:
``genes``, ``birth_date``, ``liver_imaging``, ``observations``, ``gvhd`` and
``echocardiograms``. The same rules as the rest of the file apply: the schema first, then every
date is a real date not after today; an ``EpisodeFileError`` names the path of the bad field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from engraft.core.gvhd.daily import GvhdAssessment
from engraft.core.surveillance.inputs import Echocardiogram, SurveillanceInputs, WardObservation
from engraft.core.surveillance.vod import ImagingStudy
from engraft.core.transplant.episode import Episode
from engraft.core.transplant.episode_file import (
    check_episode_schema,
    checked_date,
    episode_from_dict,
    episode_json,
)


def _imaging(
    data: Any, day0: date, today: date
) -> tuple[ImagingStudy | None, tuple[ImagingStudy, ...]]:
    studies = [
        ImagingStudy(
            checked_date(s["date"], f"liver_imaging[{i}].date", today),
            s["hepatomegaly"],
            s["ascites"],
            s.get("liver_span_cm"),
        )
        for i, s in enumerate(data.get("liver_imaging", ()))
    ]
    before = [s for s in studies if s.date < day0]
    # The last study before the infusion is the pre-transplant baseline the criteria compare with.
    baseline = max(before, key=lambda s: s.date) if before else None
    return baseline, tuple(sorted((s for s in studies if s.date >= day0), key=lambda s: s.date))


def surveillance_inputs_from_dict(data: Any, today: date) -> SurveillanceInputs:
    """The surveillance inputs of a parsed episode file; EpisodeFileError names a bad field."""
    check_episode_schema(data)
    day0 = checked_date(data["day0"], "day0", today)
    born = data.get("birth_date")
    baseline, imaging = _imaging(data, day0, today)
    return SurveillanceInputs(
        genes=tuple(data.get("genes", ())),
        birth_date=checked_date(born, "birth_date", today) if born is not None else None,
        baseline_imaging=baseline,
        imaging=imaging,
        observations=tuple(
            WardObservation(
                checked_date(o["date"], f"observations[{i}].date", today),
                spo2_percent=o.get("spo2_percent"),
                heart_rate=o.get("heart_rate"),
                acute_dyspnoea=o.get("acute_dyspnoea", False),
                heart_rate_abnormal=o.get("heart_rate_abnormal", False),
            )
            for i, o in enumerate(data.get("observations", ()))
        ),
        gvhd=tuple(
            GvhdAssessment(
                checked_date(g["date"], f"gvhd[{i}].date", today),
                rash_bsa_percent=g.get("rash_bsa_percent"),
                bullae_bsa_percent=g.get("bullae_bsa_percent", 0.0),
                stool_ml=g.get("stool_ml"),
                stool_episodes=g.get("stool_episodes"),
                persistent_upper_gi_symptoms=g.get("persistent_upper_gi_symptoms"),
                severe_abdominal_pain_or_ileus=g.get("severe_abdominal_pain_or_ileus", False),
                grossly_bloody_stool=g.get("grossly_bloody_stool", False),
            )
            for i, g in enumerate(data.get("gvhd", ()))
        ),
        echocardiograms=tuple(
            Echocardiogram(
                checked_date(e["date"], f"echocardiograms[{i}].date", today),
                e.get("pulmonary_hypertension"),
            )
            for i, e in enumerate(data.get("echocardiograms", ()))
        ),
    )


def read_episode_file(text: str, today: date) -> tuple[Episode, SurveillanceInputs]:
    """The episode and its surveillance inputs from one file's JSON text."""
    data = episode_json(text)
    return episode_from_dict(data, today), surveillance_inputs_from_dict(data, today)
