"""What the surveillance rules read beyond the episode's daily values: the record's context.

The Django app and the episode file (``transplant/episode_file.py``) both build these plain
values; dates after the evaluation's as-of date are ignored by every rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engraft.core.gvhd.daily import GvhdAssessment
from engraft.core.surveillance.vod import ImagingStudy


@dataclass(frozen=True)
class WardObservation:
    """A nurse's observation: SpO2, heart rate, and the signs the PH prompt reads.

    ``heart_rate_abnormal`` is bradycardia or tachycardia for age as the nurse judged it: the
    source gives no age-specific limits, so Engraft does not compute it from the rate.
    """

    date: date
    spo2_percent: float | None = None
    heart_rate: float | None = None
    acute_dyspnoea: bool = False
    heart_rate_abnormal: bool = False


@dataclass(frozen=True)
class Echocardiogram:
    """An echocardiogram of the record: ``pulmonary_hypertension`` None when not coded."""

    date: date
    pulmonary_hypertension: bool | None = None


@dataclass(frozen=True)
class SurveillanceInputs:
    """The record's context of an episode: genotype, birth date, imaging, observations.

    ``baseline_imaging`` is the last liver imaging before day 0 (the VOD/SOS baseline);
    ``imaging`` the studies from day 0 on.
    """

    genes: tuple[str, ...] = ()
    birth_date: date | None = None
    baseline_imaging: ImagingStudy | None = None
    imaging: tuple[ImagingStudy, ...] = ()
    observations: tuple[WardObservation, ...] = ()
    gvhd: tuple[GvhdAssessment, ...] = ()
    echocardiograms: tuple[Echocardiogram, ...] = ()
