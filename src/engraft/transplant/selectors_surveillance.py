"""The record's context of an episode as the surveillance rules read it (SurveillanceInputs).

From the record: the genes with both copies affected, the birth date, the coded abdominal
ultrasounds (the SOS/VOD baseline before day 0 and the studies after it) and echocardiograms;
from the episode: the ward's observations and acute GVHD assessments. Voided rows and rows
dated after the as-of date are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch

from engraft.core.gvhd.daily import GvhdAssessment as CoreGvhdAssessment
from engraft.core.record.studies import StudyResult
from engraft.core.surveillance.inputs import Echocardiogram, SurveillanceInputs, WardObservation
from engraft.core.surveillance.vod import ImagingStudy
from engraft.core.vocabulary import Zygosity
from engraft.record.models import GeneticResult, Study

from .models import GvhdAssessment, TransplantEpisode
from .models import WardObservation as ObservationRow

SURVEILLANCE_STUDIES = ("abdominal_ultrasound", "echocardiogram")

# Added to the ward's queryset so every open episode's inputs cost a fixed number of queries.
SURVEILLANCE_PREFETCH: list[Prefetch] = [
    Prefetch(
        "patient__studies",
        queryset=Study.objects.filter(voided_at__isnull=True, code__in=SURVEILLANCE_STUDIES),
        to_attr="surveillance_studies",
    ),
    Prefetch("observations", queryset=ObservationRow.objects.filter(voided_at__isnull=True)),
    Prefetch("gvhd_assessments", queryset=GvhdAssessment.objects.filter(voided_at__isnull=True)),
]


def _genes(results: Iterable[GeneticResult]) -> tuple[str, ...]:
    # A gene counts as deficient when both copies carry a variant (a carrier is not).
    return tuple(
        sorted(
            {
                r.gene.upper()
                for r in results
                if r.voided_at is None and Zygosity(r.zygosity).is_biallelic
            }
        )
    )


def _imaging(studies: list[Study], day0: date, as_of: date):
    coded = [
        s
        for s in studies
        if s.code == "abdominal_ultrasound" and s.result and s.performed_on <= as_of
    ]
    liver = [
        ImagingStudy(
            s.performed_on,
            hepatomegaly="hepatomegaly" in s.result_findings,
            ascites="ascites" in s.result_findings,
        )
        for s in sorted(coded, key=lambda s: (s.performed_on, s.pk))
    ]
    before = [s for s in liver if s.date < day0]
    return (before[-1] if before else None), tuple(s for s in liver if s.date >= day0)


def _echoes(studies: list[Study], as_of: date) -> tuple[Echocardiogram, ...]:
    def found(study: Study) -> bool | None:
        if not study.result:
            return None  # not coded: the prompt says to read the report
        if study.result == StudyResult.NORMAL:
            return False
        return "pulmonary_hypertension" in study.result_findings

    return tuple(
        Echocardiogram(s.performed_on, found(s))
        for s in sorted(studies, key=lambda s: (s.performed_on, s.pk))
        if s.code == "echocardiogram" and s.performed_on <= as_of
    )


def _observation(row: ObservationRow) -> WardObservation:
    return WardObservation(
        row.observed_on,
        spo2_percent=float(row.spo2_percent) if row.spo2_percent is not None else None,
        heart_rate=float(row.heart_rate) if row.heart_rate is not None else None,
        acute_dyspnoea=row.acute_dyspnoea,
        heart_rate_abnormal=row.heart_rate_abnormal,
    )


def core_gvhd_assessment(row: GvhdAssessment) -> CoreGvhdAssessment:
    """A GVHD row as the core's staging reads it."""

    def number(value) -> float | None:
        return float(value) if value is not None else None

    return CoreGvhdAssessment(
        row.assessed_on,
        rash_bsa_percent=number(row.rash_bsa_percent),
        bullae_bsa_percent=float(row.bullae_bsa_percent or 0),
        stool_ml=number(row.stool_ml),
        stool_episodes=number(row.stool_episodes),
        persistent_upper_gi_symptoms={"yes": True, "no": False}.get(row.upper_gi),
        severe_abdominal_pain_or_ileus=row.severe_abdominal_pain_or_ileus,
        grossly_bloody_stool=row.grossly_bloody_stool,
    )


def _assemble(
    episode: TransplantEpisode,
    as_of: date,
    *,
    genetic_results: Iterable[GeneticResult],
    studies: list[Study],
    observations: Iterable[ObservationRow],
    gvhd: Iterable[GvhdAssessment],
) -> SurveillanceInputs:
    baseline, imaging = _imaging(studies, episode.day0, as_of)
    return SurveillanceInputs(
        genes=_genes(genetic_results),
        birth_date=episode.patient.birth_date,
        baseline_imaging=baseline,
        imaging=imaging,
        observations=tuple(_observation(o) for o in observations if o.observed_on <= as_of),
        gvhd=tuple(core_gvhd_assessment(g) for g in gvhd if g.assessed_on <= as_of),
        echocardiograms=_echoes(studies, as_of),
    )


def surveillance_inputs(episode: TransplantEpisode, as_of: date) -> SurveillanceInputs:
    """The record's genotype and birth date, imaging, observations and GVHD of the episode."""
    patient = episode.patient
    return _assemble(
        episode,
        as_of,
        genetic_results=patient.genetic_results.filter(voided_at__isnull=True),
        studies=list(patient.studies.filter(voided_at__isnull=True, code__in=SURVEILLANCE_STUDIES)),
        observations=episode.observations.filter(voided_at__isnull=True),
        gvhd=episode.gvhd_assessments.filter(voided_at__isnull=True),
    )


def prefetched_surveillance_inputs(episode: TransplantEpisode, as_of: date) -> SurveillanceInputs:
    """The same as `surveillance_inputs`, from the ward's prefetch (no query)."""
    patient = episode.patient
    return _assemble(
        episode,
        as_of,
        genetic_results=patient.genetic_results.all(),
        studies=patient.surveillance_studies,
        observations=episode.observations.all(),
        gvhd=episode.gvhd_assessments.all(),
    )
