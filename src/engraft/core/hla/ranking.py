"""Ranking of graded donors: one lexicographic key, its order read from the knowledge base.

Order, from most to least important (``core/knowledge/donors.json``, after Dehn J et al., BBMT
2019;25(7):1302-7, NMDP/CIBMTR donor selection guidelines, as summarised in hla.md; the paper's
table was not checked here, so the exact order is an in-house reading of hla.md):

1. ``matched_8``: allele-level matches at A, B, C, DRB1 (best case), 0-8: the match grade
   (Dehn 2019).
2. ``confidence``: confirmed 2 > probable 1 > possible 0 (:func:`confidence`; in-house): a
   confirmed 8/8 ranks above an 8/8 that needs confirmatory typing, which stays above a 7/8.
3. ``youth``: 127 minus donor age in years, unknown 0: age right after the match grade
   (hla.md: "then donor age (younger is better)").
4. ``tce``: DPB1 TCE, match 4 > permissive 3 > unknown 2 > GvH non-permissive 1 > HvG
   non-permissive 0 (Dehn 2019: avoid non-permissive where choice exists; Fleischhauer 2012;
   HvG below GvH is the in-house osteopetrosis choice).
5. ``matched_dqb1``: matches at DQB1, 0-2 (hla.md: "DQB1 mismatch matters less").
6. ``no_hvg``: 5 minus the loci (of the 10) with a certain HvG-direction mismatch. In-house:
   in osteopetrosis graft failure is the leading cause of death (Orchard 2015, clinical.md) and
   HvG mismatches drive rejection (hla.md); placed after the fields hla.md orders so that it
   never overrides them, and flagged on every result.
7. ``cmv_match``, 8. ``male``, 9. ``abo_match`` (Dehn 2019: CMV, sex, ABO last).

Equal keys: the probability of an 8/8 once match probabilities exist, then the donor id
ascending (in-house; never the order of the registry file).

The fast engine (``engraft.core.donor_search.engine``) packs the same key inside its numba
kernel; :func:`rank_key` is the reference it is tested against. The order and widths below are
data (``core/knowledge/donors.json``); the kernel's bit layout is checked against them.
"""

from __future__ import annotations

from dataclasses import dataclass

from engraft.core.hla.dpb1_tce import TceCategory
from engraft.core.hla.knowledge import donor_constants

_CONSTANTS = donor_constants()

#: (field, bits), most significant first: the knowledge base's order (donors.json "ranking").
RANK_FIELDS: tuple[tuple[str, int], ...] = _CONSTANTS.rank_fields

TCE_RANK: dict[TceCategory, int] = {
    TceCategory(name): rank for name, rank in _CONSTANTS.tce_rank.items()
}

RANKING_SOURCE = _CONSTANTS.ranking_source
#: How equal keys are ordered (in-house), and every field's text and evidence, for the page.
TIE_BREAKS = _CONSTANTS.tie_breaks
RANK_FIELD_TEXTS = _CONSTANTS.rank_field_texts


@dataclass(frozen=True)
class PatientContext:
    """What ranking needs to know about the patient besides HLA."""

    cmv: str = "unknown"  # "negative", "positive", "unknown"
    abo: str = "unknown"  # "O", "A", "B", "AB", "unknown"
    weight_kg: float | None = None
    #: Which measurement the weight is (e.g. "12.4 kg on 2026-10-01"), said beside each dose.
    weight_source: str = ""


#: ``confidence`` values.
CONFIRMED, PROBABLE, POSSIBLE = 2, 1, 0
CONFIDENCE_NAMES = {CONFIRMED: "confirmed", PROBABLE: "probable", POSSIBLE: "possible"}


def confidence(loci: list[tuple[int, int, int, int]]) -> int:
    """How sure a grade is, from each locus's (mm_min, mm_max, ag_min, ag_max).

    Confirmed: every locus's mismatch count is known. Probable: the open loci are certain at
    antigen level (only the allele is open: an allele list or a MAC within one antigen).
    Possible: some open locus may be an antigen mismatch (XX code, serology, a null member, a
    locus not typed). In-house tiers: hla.md names none; HapLogic and Atlas grade potential
    matches by probability, which Engraft does not compute yet.
    """
    open_loci = [(ag_min, ag_max) for mm_min, mm_max, ag_min, ag_max in loci if mm_min != mm_max]
    if not open_loci:
        return CONFIRMED
    return PROBABLE if all(lo == hi for lo, hi in open_loci) else POSSIBLE


def youth(age: int | None) -> int:
    """127 - age; 0 when unknown (age code 255 in the store)."""
    if age is None or age >= 255:
        return 0
    return 127 - min(age, 127)


def rank_key(fields: dict[str, int]) -> int:
    """Pack the ranking fields into one integer; higher ranks first."""
    key = 0
    for name, bits in RANK_FIELDS:
        value = int(fields[name])
        if not 0 <= value < (1 << bits):
            raise ValueError(f"rank field {name}={value} out of range")
        key = (key << bits) | value
    return key


def unpack_key(key: int) -> dict[str, int]:
    """The fields of a packed key, for the 'why' of each result."""
    out: dict[str, int] = {}
    for name, bits in reversed(RANK_FIELDS):
        out[name] = key & ((1 << bits) - 1)
        key >>= bits
    return dict(reversed(list(out.items())))
