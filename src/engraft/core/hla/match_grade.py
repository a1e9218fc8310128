"""Match grading of a patient and a donor, locus by locus, with the direction of each mismatch.

Rules (hla.md, "Match grading"):

- loci A, B, C, DRB1 give x/8; with DQB1 x/10; with DPB1 x/12 (Dehn J et al., BBMT
  2019;25(7):1302-7; 12/12 is common use, unverified as a guideline term);
- allele mismatch: same serologic antigen, different protein; antigen mismatch: a different
  antigen (Dehn 2019; Lee SJ et al., Blood 2007;110:4576-83);
- GvH direction: a patient allele absent from the donor (donor T cells see it); HvG direction:
  a donor allele absent from the patient (drives rejection); both at one locus: bidirectional
  (CIBMTR convention, unverified in a paper here). A homozygous donor facing a heterozygous
  patient is a GvH-only mismatch, the reverse HvG-only;
- null alleles (suffix N) are not expressed: they are no target in either direction. A locus
  with one null and one expressed copy presents the expressed allele alone and is counted as
  if homozygous for it (Anthony Nolan's Atlas, the WMDA Search & Match engine: its
  "expressing vs null" validation scenarios). So the same null on both sides beside different
  expressed alleles (patient ``A*01:01+A*24:09N``, donor ``A*02:01+A*24:09N``) is two
  mismatches, not one: the shared null is no match, as Atlas counts it (its null-allele
  feature: such a donor is not a 9/10 for a 10/10 search with one mismatch allowed at A);
- a slot whose alleles include a null (a MAC, XX code or G group with a null member, or an
  allele list naming one) may not be expressed, so it is never a certain match.

Counting: at one locus, ``g`` = patient copies whose allele the donor lacks, ``h`` = donor copies
whose allele the patient lacks; the locus has ``max(g, h)`` mismatches (so a homozygous donor
against a heterozygous patient counts one, as x/8 counts it). The same at antigen level gives
the antigen mismatches. For ambiguous typings every combination of the possible alleles is
graded, and a genotype list genotype by genotype (never its merged slots): the best and worst
cases bound the grade; a locus that may or may not match is a *potential match*.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from enum import StrEnum

from engraft.core.hla.antigens import is_null, same_antigen
from engraft.core.hla.hla_typing import HlaTyping, LocusTyping
from engraft.core.hla.nomenclature import LOCI, Nomenclature

#: Loci of each summary grade (Dehn 2019 for 8/8 and 10/10; 12/12 in common use).
GRADE_LOCI: dict[int, tuple[str, ...]] = {
    8: ("A", "B", "C", "DRB1"),
    10: ("A", "B", "C", "DRB1", "DQB1"),
    12: LOCI,
}

#: The most patient-allele combinations graded for one ambiguous patient locus (in-house cap:
#: a patient is typed at high resolution before a search; beyond this we refuse, not guess).
MAX_PATIENT_COMBINATIONS = 4096


class LocusStatus(StrEnum):
    """The grade of one locus."""

    MATCH = "match"
    ALLELE_MISMATCH = "allele_mismatch"
    ANTIGEN_MISMATCH = "antigen_mismatch"
    POTENTIAL_MATCH = "potential_match"
    NOT_TYPED = "not_typed"


class Direction(StrEnum):
    """Direction of a mismatch (CIBMTR convention, hla.md)."""

    NONE = "none"
    GVH = "gvh"
    HVG = "hvg"
    BIDIRECTIONAL = "bidirectional"
    UNDETERMINED = "undetermined"


# A donor allele's relation to the patient's two copies, as a 5-bit number:
# bit 0/1: equal to patient copy 1/2; bit 2/3: same antigen as copy 1/2; bit 4: null.
# The fast engine uses the same numbering (its tables are built from pair_outcome below).
EQ1, EQ2, AG1, AG2, NULL = 1, 2, 4, 8, 16
RELATIONS = 32


@functools.lru_cache(maxsize=1 << 20)
def relation(nomenclature: Nomenclature, donor_allele: str, patient: tuple[str, str]) -> int:
    """The relation bits of one donor allele to the two patient copies."""
    if is_null(donor_allele):
        return NULL
    bits = 0
    for index, patient_allele in enumerate(patient):
        if is_null(patient_allele):
            continue
        if donor_allele == patient_allele:
            bits |= (EQ1, EQ2)[index]
        if same_antigen(nomenclature, donor_allele, patient_allele):
            bits |= (AG1, AG2)[index]
    return bits


@dataclass(frozen=True)
class PairOutcome:
    """Counts for one concrete pair of donor alleles against the patient's two copies."""

    mismatches: int
    antigen_mismatches: int
    gvh: int
    hvg: int

    def packed(self) -> int:
        """Two bits a count, as the fast engine stores it."""
        return self.mismatches | self.antigen_mismatches << 2 | self.gvh << 4 | self.hvg << 6


def _two_copies(first: int | None, second: int | None) -> int:
    """Add up two copies' counts; a null copy (None) counts as the other, expressed copy
    (Atlas's "expressing vs null": one expressed allele is graded as a homozygote)."""
    if first is None and second is None:
        return 0
    if first is None:
        return 2 * int(second or 0)
    if second is None:
        return 2 * first
    return first + second


def pair_outcome(rel1: int, rel2: int, patient_expressed: tuple[bool, bool]) -> PairOutcome:
    """Grade one concrete donor genotype given the relations of its two alleles.

    A null copy presents nothing; beside an expressed copy it counts as a second copy of that
    allele (module docstring), on either side.
    """
    donor = rel1 | rel2  # a null donor allele carries no EQ/AG bits
    gvh_eq: list[int | None] = []
    gvh_ag: list[int | None] = []
    for index, expressed in enumerate(patient_expressed):
        eq, ag = (EQ1, EQ2)[index], (AG1, AG2)[index]
        gvh_eq.append(int(not donor & eq) if expressed else None)
        gvh_ag.append(int(not donor & ag) if expressed else None)
    hvg_eq: list[int | None] = []
    hvg_ag: list[int | None] = []
    for rel in (rel1, rel2):
        expressed = not rel & NULL
        hvg_eq.append(int(not rel & (EQ1 | EQ2)) if expressed else None)
        hvg_ag.append(int(not rel & (AG1 | AG2)) if expressed else None)
    gvh, hvg = _two_copies(*gvh_eq), _two_copies(*hvg_eq)
    g_ag, h_ag = _two_copies(*gvh_ag), _two_copies(*hvg_ag)
    return PairOutcome(max(gvh, hvg), max(g_ag, h_ag), gvh, hvg)


@dataclass(frozen=True)
class LocusGrade:
    """Grade of one locus; ``*_min`` the best case over ambiguous typings, ``*_max`` the worst."""

    locus: str
    status: LocusStatus
    mismatches_min: int
    mismatches_max: int
    antigen_mismatches_min: int
    antigen_mismatches_max: int
    gvh_min: int
    hvg_min: int
    hvg_possible: bool
    patient: str
    donor: str

    @property
    def direction(self) -> Direction:
        """Direction of a certain mismatch; NONE for a match or potential match."""
        return direction_from_counts(self.mismatches_min, self.gvh_min, self.hvg_min)


def direction_from_counts(mismatches_min: int, gvh_min: int, hvg_min: int) -> Direction:
    """Direction of a locus's certain mismatch from its best-case counts (shared with the
    fast engine's per-locus details)."""
    if mismatches_min == 0:
        return Direction.NONE
    if gvh_min and hvg_min:
        return Direction.BIDIRECTIONAL
    if gvh_min:
        return Direction.GVH
    if hvg_min:
        return Direction.HVG
    return Direction.UNDETERMINED


def status_from_counts(mm_min: int, mm_max: int, ag_min: int) -> LocusStatus:
    """The locus status from best/worst mismatch counts (shared with the fast engine)."""
    if mm_max == 0:
        return LocusStatus.MATCH
    if mm_min == 0:
        return LocusStatus.POTENTIAL_MATCH
    return LocusStatus.ANTIGEN_MISMATCH if ag_min else LocusStatus.ALLELE_MISMATCH


def not_typed(locus: str, patient: str = "", donor: str = "") -> LocusGrade:
    """A locus missing on either side: may or may not match (0 to 2 mismatches)."""
    return LocusGrade(
        locus, LocusStatus.NOT_TYPED, 0, 2, 0, 2, 0, 0, True, patient=patient, donor=donor
    )


@functools.lru_cache(maxsize=1 << 16)
def _slot_relations(
    nomenclature: Nomenclature, slot: frozenset[str], patient: tuple[str, str]
) -> frozenset[int]:
    return frozenset(relation(nomenclature, d, patient) for d in slot)


def patient_pairs(patient: LocusTyping) -> list[tuple[str, str]]:
    """Every concrete genotype (copy 1, copy 2) a patient locus may be, each once.

    The two orders of one genotype grade the same, so ``(b, a)`` is left out when ``(a, b)`` is
    listed. Raises ``ValueError`` beyond :data:`MAX_PATIENT_COMBINATIONS`.
    """
    combos = sum(len(s1) * len(s2) for s1, s2 in patient.alternatives)
    if combos > MAX_PATIENT_COMBINATIONS:
        raise ValueError(
            f"patient typing at {patient.locus} too ambiguous to grade ({combos} combinations): "
            "type the patient at higher resolution"
        )
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str]] = []
    for slot1, slot2 in patient.alternatives:
        for p1, p2 in itertools.product(sorted(slot1), sorted(slot2)):
            if (p1, p2) not in seen and (p2, p1) not in seen:
                seen.add((p1, p2))
                out.append((p1, p2))
    return out


def grade_locus(
    nomenclature: Nomenclature, patient: LocusTyping | None, donor: LocusTyping | None
) -> LocusGrade:
    """Grade one locus; every combination of ambiguous alleles is considered."""
    locus = (patient or donor).locus if (patient or donor) else "?"
    if patient is None or donor is None:
        return not_typed(locus, patient.gl() if patient else "", donor.gl() if donor else "")
    pairs = patient_pairs(patient)
    outcomes: set[PairOutcome] = set()
    for pair in pairs:
        expressed = (not is_null(pair[0]), not is_null(pair[1]))
        # Only the relation of a donor allele to the patient matters, so each slot is reduced
        # to its distinct relations before the combinations are formed; a genotype list is
        # graded genotype by genotype.
        for slot1, slot2 in donor.alternatives:
            rels1 = _slot_relations(nomenclature, slot1, pair)
            rels2 = _slot_relations(nomenclature, slot2, pair)
            outcomes.update(pair_outcome(r1, r2, expressed) for r1 in rels1 for r2 in rels2)
    mm_min = min(o.mismatches for o in outcomes)
    mm_max = max(o.mismatches for o in outcomes)
    ag_min = min(o.antigen_mismatches for o in outcomes)
    return LocusGrade(
        locus=locus,
        status=status_from_counts(mm_min, mm_max, ag_min),
        mismatches_min=mm_min,
        mismatches_max=mm_max,
        antigen_mismatches_min=ag_min,
        antigen_mismatches_max=max(o.antigen_mismatches for o in outcomes),
        gvh_min=min(o.gvh for o in outcomes),
        hvg_min=min(o.hvg for o in outcomes),
        hvg_possible=any(o.hvg for o in outcomes),
        patient=patient.gl(),
        donor=donor.gl(),
    )


@dataclass(frozen=True)
class GradeSummary:
    """x/N over the loci of one summary: best case (potential) and worst case."""

    of: int
    matched_min: int
    matched_max: int

    @property
    def label(self) -> str:
        """``7/8``, or ``7-8/8`` where ambiguity leaves it open."""
        if self.matched_min == self.matched_max:
            return f"{self.matched_max}/{self.of}"
        return f"{self.matched_min}-{self.matched_max}/{self.of}"


@dataclass(frozen=True)
class MatchGrade:
    """The grade of a patient-donor pair at the six loci, with its IMGT release."""

    loci: dict[str, LocusGrade]
    imgt_release: str
    summaries: dict[int, GradeSummary] = field(default_factory=dict)

    def summary(self, of: int) -> GradeSummary:
        """x/8, x/10 or x/12."""
        return self.summaries[of]

    @property
    def hvg_mismatched_loci(self) -> tuple[str, ...]:
        """Loci with a certain HvG-direction mismatch: a graft-failure risk flag in
        osteopetrosis, where graft failure is the leading cause of death (Orchard 2015,
        clinical.md; hla.md)."""
        return tuple(name for name, lg in self.loci.items() if lg.hvg_min > 0)


def summarise(loci: dict[str, LocusGrade]) -> dict[int, GradeSummary]:
    """x/8, x/10, x/12 from locus grades."""
    out: dict[int, GradeSummary] = {}
    for of, names in GRADE_LOCI.items():
        worst = sum(loci[n].mismatches_max for n in names)
        best = sum(loci[n].mismatches_min for n in names)
        out[of] = GradeSummary(of, of - worst, of - best)
    return out


def grade(nomenclature: Nomenclature, patient: HlaTyping, donor: HlaTyping) -> MatchGrade:
    """Grade a donor against a patient at A, B, C, DRB1, DQB1 and DPB1."""
    loci = {
        name: grade_locus(nomenclature, patient.locus(name), donor.locus(name)) for name in LOCI
    }
    for name, lg in loci.items():
        if lg.locus == "?":
            loci[name] = not_typed(name)
    return MatchGrade(loci=loci, imgt_release=nomenclature.imgt_release, summaries=summarise(loci))
