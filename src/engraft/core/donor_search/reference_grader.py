"""Reference graders built directly on py-ard, for the differential tests.

Two, both without store codes, look-up tables or numba:

- :func:`reference_key` grades with the exact, combination-by-combination path of
  ``engraft.core.hla.match_grade`` (the path family donors are graded on) and the TCE table of
  ``engraft.core.hla.dpb1_tce``, and packs the ranking key with ``engraft.core.hla.ranking``;
- :func:`direct_key` restates the counting rules from the allele names themselves, without
  ``match_grade``'s relation bits and pair table (which the fast engine's tables are built
  from): for every genotype of the patient and of the donor, the copies of one side whose
  allele (or, at antigen level, whose py-ard serologic antigen) the other side does not carry.
  A bug in those shared tables cannot hide from it.

The fast engine must agree with both donor by donor.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from engraft.core.donor_search.store import ABO_CODES, CMV_CODES, SEX_CODES
from engraft.core.hla.antigens import is_null, same_antigen
from engraft.core.hla.dpb1_tce import classify_tce
from engraft.core.hla.hla_typing import HlaTyping, LocusTyping, parse_typing
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


#: (mm_min, mm_max, ag_min, ag_max, gvh_min, hvg_min, hvg_possible) of one locus, the engine's
#: ``OUTCOME_FIELDS``; a locus untyped on either side may be 0 to 2 mismatches.
Bounds = tuple[int, int, int, int, int, int, int]
UNTYPED: Bounds = (0, 2, 0, 2, 0, 0, 1)


def _presented(pair: tuple[str, str]) -> list[str]:
    """The alleles a genotype presents, two copies: a null copy beside an expressed allele
    counts as a second copy of it (Atlas); two nulls present nothing."""
    expressed = [a for a in pair if not is_null(a)]
    return expressed * 2 if len(expressed) == 1 else expressed


def _lacking(side: list[str], other: list[str], same) -> int:
    """Copies of ``side`` whose allele ``other`` does not carry."""
    return sum(1 for a in side if not any(same(a, b) for b in other))


@functools.lru_cache(maxsize=1 << 16)
def _representatives(
    nomenclature: Nomenclature, slot: frozenset[str], patient: tuple[str, ...]
) -> tuple[str, ...]:
    """One allele of a donor slot per way of comparing with the patient's alleles (equal to
    which, same antigen as which, null): alleles that compare alike grade alike."""
    seen: dict[tuple, str] = {}
    for allele in sorted(slot):
        if is_null(allele):
            profile: tuple = ("null",)
        else:
            profile = tuple(
                (allele == p, not is_null(p) and same_antigen(nomenclature, allele, p))
                for p in patient
            )
        seen.setdefault(profile, allele)
    return tuple(seen.values())


@functools.lru_cache(maxsize=1 << 18)
def direct_locus(
    nomenclature: Nomenclature, patient: LocusTyping | None, donor: LocusTyping | None
) -> Bounds:
    """Best and worst counts of one locus over every patient and donor genotype."""
    if patient is None or donor is None:
        return UNTYPED
    alleles = tuple(sorted({a for genotype in patient.alternatives for s in genotype for a in s}))

    def antigen(a: str, b: str) -> bool:
        return same_antigen(nomenclature, a, b)

    outcomes = set()
    for p_first, p_second in patient.alternatives:
        for p1 in p_first:
            for p2 in p_second:
                pat = _presented((p1, p2))
                for d_first, d_second in donor.alternatives:
                    for d1 in _representatives(nomenclature, d_first, alleles):
                        for d2 in _representatives(nomenclature, d_second, alleles):
                            don = _presented((d1, d2))
                            g, h = _lacking(pat, don, str.__eq__), _lacking(don, pat, str.__eq__)
                            ga, ha = _lacking(pat, don, antigen), _lacking(don, pat, antigen)
                            outcomes.add((max(g, h), max(ga, ha), g, h))
    mm = [o[0] for o in outcomes]
    ag = [o[1] for o in outcomes]
    return (min(mm), max(mm), min(ag), max(ag), min(o[2] for o in outcomes),
            min(o[3] for o in outcomes), int(any(o[3] for o in outcomes)))  # fmt: skip


def direct_key(
    nomenclature: Nomenclature,
    patient: HlaTyping,
    donor: HlaTyping,
    facts: DonorFacts | None = None,
    context: PatientContext | None = None,
) -> tuple[int, list[Bounds]]:
    """Rank key and per-locus bounds (LOCI order) from :func:`direct_locus`."""
    facts, context = facts or DonorFacts(), context or PatientContext()
    loci = [direct_locus(nomenclature, patient.locus(n), donor.locus(n)) for n in LOCI]
    eight = loci[:4]
    fields = {
        "matched_8": 8 - sum(b[0] for b in eight),
        "confidence": confidence([b[:4] for b in eight]),
        "youth": youth(facts.age),
        "tce": TCE_RANK[classify_tce(nomenclature, patient, donor).category],
        "matched_dqb1": 2 - loci[4][0],
        "no_hvg": 5 - sum(1 for b in loci[:5] if b[5] > 0),
        "cmv_match": int(context.cmv != "unknown" and facts.cmv == context.cmv),
        "male": int(facts.sex == "male"),
        "abo_match": int(context.abo != "unknown" and facts.abo == context.abo),
    }
    return rank_key(fields), loci
