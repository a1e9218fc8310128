"""DPB1 T-cell epitope (TCE) permissiveness, from the IPD-IMGT/HLA ``tce/dpb_tce.csv`` table.

Rule as used by the IPD-IMGT/HLA DPB1 TCE tool (hla.md, "DPB1 T-cell epitope"): each side's
score is its most immunogenic (lowest numbered) TCE group; identical genotypes = match; equal
scores = permissive mismatch; recipient lower = GvH non-permissive; donor lower = HvG
non-permissive. Non-permissive mismatches raise mortality against permissive ones
(Fleischhauer K et al., Lancet Oncol 2012;13:366-74).

Table reading (in-house choices, labelled): the V2 assignment is used; a trailing ``$``
(predicted) is accepted as the group; group ``0`` (null alleles) is not expressed and left out
of a side's score; V2 group ``2a`` is scored as group 2 (read as "lowest numbered": unverified).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from enum import StrEnum

from engraft.core.hla.antigens import is_null
from engraft.core.hla.hla_typing import HlaTyping
from engraft.core.hla.nomenclature import Nomenclature


class TceCategory(StrEnum):
    """DPB1 TCE classification of a patient-donor pair."""

    MATCH = "match"
    PERMISSIVE = "permissive"
    NON_PERMISSIVE_GVH = "non_permissive_gvh"
    NON_PERMISSIVE_HVG = "non_permissive_hvg"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class TceResult:
    """The classification with the scores that produced it."""

    category: TceCategory
    patient_score: int | None
    donor_score: int | None
    reason: str
    imgt_release: str
    source: str = "IPD-IMGT/HLA dpb_tce.csv (V2); Fleischhauer 2012"


def _group_number(value: str) -> int | None:
    value = value.strip().rstrip("$")
    if not value:
        return None
    if value == "2a":
        return 2  # in-house reading, see module docstring
    return int(value) if value.isdigit() else None


@functools.cache
def tce_groups(nomenclature: Nomenclature) -> dict[str, int]:
    """lgx DPB1 allele -> V2 TCE group (0 = null); alleles whose rows disagree are left out."""
    path = nomenclature.data_dir / "imgt" / nomenclature.imgt_version / "tce" / "dpb_tce.csv"
    groups: dict[str, set[int]] = {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(line for line in handle if not line.startswith("#"))
        header = next(rows)
        allele_col, v2_col = header.index("Allele"), header.index("V2_Assignment")
        for row in rows:
            group = _group_number(row[v2_col])
            if group is None:
                continue
            name = row[allele_col]
            try:
                key = name if is_null(name) else nomenclature.ard.redux(name, "lgx")
            except Exception:  # noqa: S112 - an allele py-ard cannot reduce is skipped, not guessed
                continue
            for allele in key.split("/"):
                groups.setdefault(allele, set()).add(group)
    return {allele: next(iter(g)) for allele, g in groups.items() if len(g) == 1}


def side_score(groups: dict[str, int], alleles: tuple[frozenset[str], ...]) -> int | None:
    """The lowest TCE group over a side's expressed copies; None if any copy is unknown."""
    scores: list[int] = []
    for slot in alleles:
        slot_groups = {0 if is_null(a) else groups.get(a) for a in slot}
        if None in slot_groups or len(slot_groups) != 1:
            return None  # unassigned or ambiguous between groups
        group = slot_groups.pop()
        if group:
            scores.append(group)
    return min(scores) if scores else None


def typing_score(
    groups: dict[str, int], genotypes: tuple[tuple[frozenset[str], ...], ...]
) -> int | None:
    """A side's score over every genotype its typing allows (a genotype list's genotypes, or
    its two slots): the score when all give the same one, else None (unknown)."""
    scores = {side_score(groups, genotype) for genotype in genotypes}
    return scores.pop() if len(scores) == 1 else None


def classify_scores(patient_score: int | None, donor_score: int | None) -> TceCategory:
    """Permissive, GvH or HvG non-permissive from the two scores."""
    if patient_score is None or donor_score is None:
        return TceCategory.UNKNOWN
    if patient_score == donor_score:
        return TceCategory.PERMISSIVE
    if patient_score < donor_score:
        return TceCategory.NON_PERMISSIVE_GVH
    return TceCategory.NON_PERMISSIVE_HVG


def _genotype(slots: tuple[frozenset[str], ...]) -> list[tuple[str, ...]]:
    return sorted(tuple(sorted(slot)) for slot in slots)


def classify_tce(nomenclature: Nomenclature, patient: HlaTyping, donor: HlaTyping) -> TceResult:
    """DPB1 TCE classification of a donor for a patient."""
    release = nomenclature.imgt_release
    p, d = patient.locus("DPB1"), donor.locus("DPB1")
    if p is None or d is None:
        return TceResult(TceCategory.UNKNOWN, None, None, "DPB1 not typed", release)
    if not p.is_ambiguous and not d.is_ambiguous and _genotype(p.slots) == _genotype(d.slots):
        return TceResult(TceCategory.MATCH, None, None, "identical DPB1 genotypes", release)
    groups = tce_groups(nomenclature)
    ps, ds = typing_score(groups, p.alternatives), typing_score(groups, d.alternatives)
    category = classify_scores(ps, ds)
    if category is TceCategory.UNKNOWN:
        reason = "TCE group unknown or ambiguous for a typed DPB1 allele"
    else:
        reason = f"patient TCE score {ps}, donor TCE score {ds} (lowest group of each side)"
    return TceResult(category, ps, ds, reason, release)
