"""Family donors: haplotypes from parents and children, HLA-identical and haploidentical.

Full siblings share 0, 1 or 2 parental haplotypes (25% chance of an HLA-identical sibling per
sibling); an HLA-identical sibling is the preferred donor in osteopetrosis (Orchard 2015;
Driessen 2003, clinical.md); parents, siblings and children sharing one haplotype are
haploidentical (hla.md, "Related donors").

Method: with both parents typed, every phase of each parent (which allele of each locus lies on
which haplotype) is tried; the phase that explains the most children is kept, and each child is
assigned the paternal and maternal haplotype it inherited. A child that no inheritance
explains is *flagged*, not guessed: recombination, a typing error or non-parentage.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum

from engraft.core.hla.hla_typing import HlaTyping
from engraft.core.hla.nomenclature import LOCI

Haplotype = tuple[frozenset[str] | None, ...]


class Relationship(StrEnum):
    """A relative's HLA relationship to the patient."""

    HLA_IDENTICAL_SIBLING = "hla_identical_sibling"
    HAPLOIDENTICAL = "haploidentical"
    NOT_IDENTICAL = "not_identical"
    UNEXPLAINED = "unexplained"  # cannot come from the parents typed


@dataclass(frozen=True)
class FamilyMember:
    """A typed relative; ``role`` is mother, father or sibling.

    ``name`` identifies the relative (the app passes its public id), ``label`` is what the
    page shows; ``age`` and ``sex`` rank relatives of equal grade (younger, male first).
    """

    name: str
    role: str
    typing: HlaTyping
    label: str = ""
    age: int | None = None
    sex: str = "unknown"


@dataclass(frozen=True)
class MemberResult:
    """What the family analysis says of one relative."""

    name: str
    role: str
    relationship: Relationship
    paternal: int | None  # 0/1: which of the father's haplotypes; None if unknown
    maternal: int | None
    reason: str


@dataclass(frozen=True)
class FamilyAnalysis:
    """Haplotypes of both parents (when typed) and each relative's relationship."""

    father_haplotypes: tuple[Haplotype, Haplotype] | None
    mother_haplotypes: tuple[Haplotype, Haplotype] | None
    patient_inheritance: tuple[int, int] | None
    members: list[MemberResult]
    imgt_release: str


def _loci(typing: HlaTyping) -> list[str]:
    return [n for n in LOCI if typing.locus(n) is not None]


def _phases(typing: HlaTyping) -> list[tuple[Haplotype, Haplotype]]:
    """Every assignment of a parent's alleles to two haplotypes (first locus fixed)."""
    slots = [typing.locus(n).slots if typing.locus(n) else (None, None) for n in LOCI]
    out = []
    for flips in itertools.product((0, 1), repeat=len(LOCI) - 1):
        flips = (0, *flips)
        h1 = tuple(s[f] for s, f in zip(slots, flips, strict=True))
        h2 = tuple(s[1 - f] for s, f in zip(slots, flips, strict=True))
        out.append((h1, h2))
    return out


def _explains(child: HlaTyping, paternal: Haplotype, maternal: Haplotype) -> bool:
    for i, name in enumerate(LOCI):
        lt = child.locus(name)
        if lt is None or paternal[i] is None or maternal[i] is None:
            continue  # untyped on one side: no evidence either way
        a, b = lt.slots
        if not ((a & paternal[i] and b & maternal[i]) or (b & paternal[i] and a & maternal[i])):
            return False
    return True


def _inheritance(child, father, mother) -> tuple[int, int] | None:
    for hf, hm in itertools.product((0, 1), (0, 1)):
        if _explains(child, father[hf], mother[hm]):
            return hf, hm
    return None


def _identical(a: HlaTyping, b: HlaTyping) -> bool:
    for name in LOCI:
        la, lb = a.locus(name), b.locus(name)
        if la is None or lb is None:
            continue
        if sorted(map(sorted, la.slots)) != sorted(map(sorted, lb.slots)):
            return False
    return True


def analyse_family(patient: HlaTyping, relatives: list[FamilyMember]) -> FamilyAnalysis:
    """Assign haplotypes and classify each relative against the patient."""
    father = next((m for m in relatives if m.role == "father"), None)
    mother = next((m for m in relatives if m.role == "mother"), None)
    siblings = [m for m in relatives if m.role == "sibling"]
    members: list[MemberResult] = []
    if father is None or mother is None:
        # Without both parents haplotypes cannot be assigned: compare typings directly.
        for m in relatives:
            if m.role == "sibling" and _identical(patient, m.typing):
                rel, why = Relationship.HLA_IDENTICAL_SIBLING, "typed identical at all loci"
            elif m.role in ("father", "mother"):
                rel, why = Relationship.HAPLOIDENTICAL, "a parent shares one haplotype"
            else:
                rel, why = Relationship.NOT_IDENTICAL, "not identical; haplotypes unassigned"
            members.append(MemberResult(m.name, m.role, rel, None, None,
                                        why + " (both parents needed to assign haplotypes)"))  # fmt: skip  # noqa: E501
        return FamilyAnalysis(None, None, None, members, patient.imgt_release)
    children = [("patient", patient), *[(s.name, s.typing) for s in siblings]]
    best = None
    for fp in _phases(father.typing):
        for mp in _phases(mother.typing):
            inh = [_inheritance(t, fp, mp) for _, t in children]
            explained = sum(i is not None for i in inh)
            # the patient's own inheritance matters most: prefer phases that explain it
            score = (inh[0] is not None, explained)
            if best is None or score > best[0]:
                best = (score, fp, mp, inh)
    _, fp, mp, inh = best
    patient_inh = inh[0]
    for role, parent, index in (("father", father, 0), ("mother", mother, 1)):
        if patient_inh is None:
            rel, why = (
                Relationship.UNEXPLAINED,
                "the patient's typing cannot come from the parents typed",
            )
        else:
            rel, why = (
                Relationship.HAPLOIDENTICAL,
                f"shares {role}'s haplotype {patient_inh[index] + 1}",
            )
        members.append(MemberResult(parent.name, role, rel, None, None, why))  # fmt: skip
    for (name, _), inheritance, sib in zip(children[1:], inh[1:], siblings, strict=True):
        if inheritance is None or patient_inh is None:
            members.append(MemberResult(name, sib.role, Relationship.UNEXPLAINED, None, None,
                "typing cannot come from the parents typed: recombination, typing error or "
                "non-parentage; confirm before use"))  # fmt: skip
            continue
        shared = (inheritance[0] == patient_inh[0]) + (inheritance[1] == patient_inh[1])
        rel = {2: Relationship.HLA_IDENTICAL_SIBLING, 1: Relationship.HAPLOIDENTICAL}.get(
            shared, Relationship.NOT_IDENTICAL)  # fmt: skip
        members.append(MemberResult(name, sib.role, rel, inheritance[0], inheritance[1],
                                    f"shares {shared} of 2 parental haplotypes with the patient"))  # fmt: skip  # noqa: E501
    return FamilyAnalysis((fp[0], fp[1]), (mp[0], mp[1]), patient_inh, members,
                          patient.imgt_release)  # fmt: skip
