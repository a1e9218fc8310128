"""A simple reference grader built directly on py-ard, for the differential test.

It takes GL strings, reduces them with py-ard (``engraft.core.hla.hla_typing``), grades with the
exact, combination-by-combination path of ``engraft.core.hla.match_grade`` and the TCE table of
``engraft.core.hla.dpb1_tce``, and packs the ranking key with ``engraft.core.hla.ranking``: no
store codes, no look-up tables, no numba. The fast engine must agree with it donor by donor.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from engraft.core.donor_search.store import ABO_CODES, CMV_CODES, SEX_CODES
from engraft.core.hla.dpb1_tce import classify_tce
from engraft.core.hla.hla_typing import HlaTyping, parse_typing
from engraft.core.hla.match_grade import MatchGrade, grade
from engraft.core.hla.nomenclature import LOCI, Nomenclature
from engraft.core.hla.ranking import TCE_RANK, PatientContext, confidence, rank_key, youth


@dataclass(frozen=True)
class DonorFacts:
    """Non-HLA facts the ranking uses."""

    age: int | None = None
    sex: str = "unknown"
    cmv: str = "unknown"
    abo: str = "unknown"


def rank_fields(
    nomenclature: Nomenclature,
    patient: HlaTyping,
    donor: HlaTyping,
    facts: DonorFacts,
    context: PatientContext,
) -> tuple[dict[str, int], MatchGrade]:
    """The ranking fields of one donor, computed the slow, exact way."""
    mg = grade(nomenclature, patient, donor)
    ten = LOCI[:5]
    tce = classify_tce(nomenclature, patient, donor)
    eight = [mg.loci[n] for n in LOCI[:4]]
    bounds = [
        (lg.mismatches_min, lg.mismatches_max, lg.antigen_mismatches_min, lg.antigen_mismatches_max)
        for lg in eight
    ]
    fields = {
        "matched_8": 8 - sum(lg.mismatches_min for lg in eight),
        "confidence": confidence(bounds),
        "youth": youth(facts.age),
        "tce": TCE_RANK[tce.category],
        "matched_dqb1": 2 - mg.loci["DQB1"].mismatches_min,
        "no_hvg": 5 - sum(1 for n in ten if mg.loci[n].hvg_min > 0),
        "cmv_match": int(context.cmv != "unknown" and facts.cmv == context.cmv),
        "male": int(facts.sex == "male"),
        "abo_match": int(context.abo != "unknown" and facts.abo == context.abo),
    }
    return fields, mg


@functools.lru_cache(maxsize=4096)
def _parse(nomenclature: Nomenclature, gl: str) -> HlaTyping:
    return parse_typing(nomenclature, gl)


def reference_key(
    nomenclature: Nomenclature,
    patient_gl: str,
    donor_gl: str,
    facts: DonorFacts | None = None,
    context: PatientContext | None = None,
) -> tuple[int, MatchGrade]:
    """Rank key and grade of a donor for a patient, from GL strings."""
    patient = _parse(nomenclature, patient_gl)
    donor = _parse(nomenclature, donor_gl)
    fields, mg = rank_fields(
        nomenclature, patient, donor, facts or DonorFacts(), context or PatientContext()
    )
    return rank_key(fields), mg


def facts_from_codes(age: int, sex: int, cmv: int, abo: int) -> DonorFacts:
    """DonorFacts from store column codes."""
    return DonorFacts(
        age=None if age >= 255 else int(age),
        sex=SEX_CODES[sex],
        cmv=CMV_CODES[cmv],
        abo=ABO_CODES[abo],
    )
