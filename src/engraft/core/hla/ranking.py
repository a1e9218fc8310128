"""Ranking of graded donors: one lexicographic key, its order read from the knowledge base.

Order, from most to least important, after Dehn J et al., BBMT 2019;25(7):1302-7 (NMDP/CIBMTR
donor selection guidelines, as summarised in hla.md; the paper's table was not checked here, so
the exact order below is an in-house reading of it):

1. ``matched_8``: allele-level matches at A, B, C, DRB1 (best case), 0-8 (Dehn 2019).
2. ``matched_dqb1``: matches at DQB1 (10/10), 0-2; DQB1 "matters less", so after 8/8 (Dehn 2019).
3. ``certain``: 1 when no locus of the 10 is only a potential match (in-house: a confirmed
   match before one that still needs confirmatory typing).
4. ``no_hvg``: 5 minus the loci (of the 10) with a certain HvG-direction mismatch. In-house
   weight: in osteopetrosis graft failure is the leading cause of death (Orchard 2015,
   clinical.md) and HvG mismatches drive rejection (hla.md), so among donors of equal grade the
   one without HvG mismatches goes first. Results also carry an explicit flag.
5. ``tce``: DPB1 TCE, match 4 > permissive 3 > unknown 2 > GvH non-permissive 1 > HvG
   non-permissive 0 (Dehn 2019: avoid non-permissive; Fleischhauer 2012; HvG below GvH is the
   in-house osteopetrosis choice above).
6. ``youth``: 127 minus donor age in years (younger is better, Dehn 2019); unknown age = 0.
7. ``cmv_match``: donor CMV serostatus equal to the patient's (Dehn 2019).
8. ``male``: male donor (Dehn 2019: male donors, or avoid parous female donors).
9. ``abo_match``: identical ABO group (Dehn 2019: ABO last).

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


@dataclass(frozen=True)
class PatientContext:
    """What ranking needs to know about the patient besides HLA."""

    cmv: str = "unknown"  # "negative", "positive", "unknown"
    abo: str = "unknown"  # "O", "A", "B", "AB", "unknown"
    weight_kg: float | None = None
    #: Which measurement the weight is (e.g. "12.4 kg on 2026-10-01"), said beside each dose.
    weight_source: str = ""


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
