"""Parse and validate an HLA typing at any resolution, with py-ard.

Accepted in a GL string (Milius et al., Tissue Antigens 2013): allele names of 1 to 4 fields
with expression suffixes, MACs (``A*01:AB``), XX codes (``A*01:XX``), serology (``A2``, broad
``A9``), old v2 names (``A*0201``); ``/`` alternatives, ``+`` the two copies of a locus, ``^``
loci, ``|`` genotype alternatives, ``~`` phased haplotypes.

Each typed token is reduced to the antigen recognition domain with py-ard's ``lgx`` reduction
(hla.md, "Nomenclature and resolution"), the resolution at which matching is graded. A locus is
held as two *slots*, each the set of ARD-level alleles it may be. Null alleles keep their typed
name (``lgx`` would fold ``A*01:01:01:02N`` into the expressed ``A*01:01``), and so do the null
members of a code's expansion: ``lgx`` reduces the MAC ``A*24:AMG`` (``A*24:02/A*24:09N``) to
``A*24:02`` alone, but the donor may carry the null allele and express nothing at that copy, so
the slot is ``{A*24:02, A*24:09N}`` and can never be a certain match.

A genotype list (``|``) at a locus is kept as its genotypes, each graded on its own
(:attr:`LocusTyping.genotypes`): ``A*02:01+A*03:02|A*02:05+A*03:01`` is one of two genotypes,
never the four combinations of the merged slots.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from engraft.core.hla.antigens import is_null
from engraft.core.hla.nomenclature import LOCI, Nomenclature

# Serologic locus prefixes and the DNA locus they stand for ("Cw" is the old C name).
_SEROLOGY_LOCUS = (("Cw", "C"), ("DR", "DRB1"), ("DQ", "DQB1"), ("A", "A"), ("B", "B"))
_SEROLOGY_RE = re.compile(r"^(Cw|DR|DQ|A|B|C)(\d+)$")


class HlaTypingError(ValueError):
    """A typing that cannot be read; ``token`` names the offending part."""

    def __init__(self, token: str, reason: str) -> None:
        super().__init__(f"invalid HLA typing token {token!r}: {reason}")
        self.token = token
        self.reason = reason


Genotype = tuple[frozenset[str], frozenset[str]]


@dataclass(frozen=True)
class LocusTyping:
    """One locus: two slots, each the set of ARD-level (lgx) alleles the copy may be.

    For a genotype list (``|``), ``genotypes`` holds each genotype (two slots) and ``slots`` is
    their copy-by-copy union: what the locus may carry at all (for antibodies, family phase and
    display), never what it is graded on.
    """

    locus: str
    slots: tuple[frozenset[str], frozenset[str]]
    genotypes: tuple[Genotype, ...] = ()

    @property
    def alternatives(self) -> tuple[Genotype, ...]:
        """The genotypes grading goes over: the list's genotypes, or the two slots."""
        return self.genotypes or (self.slots,)

    @property
    def is_genotype_list(self) -> bool:
        """Typed as a list of two or more genotypes (``|``)."""
        return len(self.genotypes) > 1

    @property
    def is_ambiguous(self) -> bool:
        """More than one possible allele in a slot, or more than one genotype."""
        return self.is_genotype_list or any(len(slot) > 1 for slot in self.slots)

    @property
    def is_homozygous(self) -> bool:
        """Both copies certainly the same allele."""
        return not self.is_ambiguous and self.slots[0] == self.slots[1]

    def gl(self) -> str:
        """GL string of the locus at lgx resolution (``|`` between genotypes of a list)."""
        return "|".join(
            "+".join("/".join(sorted(slot)) for slot in genotype) for genotype in self.alternatives
        )


@dataclass(frozen=True)
class HlaTyping:
    """A parsed typing: the loci Engraft grades, at lgx resolution, and the IMGT release."""

    source: str
    loci: dict[str, LocusTyping]
    imgt_release: str
    ignored_loci: tuple[str, ...] = ()

    def locus(self, name: str) -> LocusTyping | None:
        """The typing of one locus, or None when untyped."""
        return self.loci.get(name)

    @property
    def is_ambiguous(self) -> bool:
        """Any graded locus ambiguous at lgx resolution."""
        return any(lt.is_ambiguous for lt in self.loci.values())

    @property
    def ambiguous_loci(self) -> tuple[str, ...]:
        """The graded loci typed ambiguously (several alleles or genotypes), in LOCI order."""
        return tuple(name for name in LOCI if name in self.loci and self.loci[name].is_ambiguous)

    def gl(self) -> str:
        """GL string at lgx resolution, loci in grading order."""
        return "^".join(self.loci[name].gl() for name in LOCI if name in self.loci)


def _locus_of(token: str) -> str:
    if "*" in token:
        locus = token.split("*", 1)[0]
        return locus.removeprefix("HLA-")
    match = _SEROLOGY_RE.match(token)
    if match:
        prefix = match.group(1)
        for sero, dna in _SEROLOGY_LOCUS:
            if prefix == sero:
                return dna
        return prefix
    raise HlaTypingError(token, "not an allele name, code or serologic antigen")


@functools.cache
def _lgx_names(nomenclature: Nomenclature) -> frozenset[str]:
    return frozenset(nomenclature.ard.ars_mappings.lgx_group.values())


def _null_members(nomenclature: Nomenclature, token: str) -> frozenset[str]:
    """The null alleles in the expansion of a MAC, an XX code or a G group.

    ``lgx`` folds a null allele whose antigen recognition domain equals an expressed one into
    that expressed group (``A*24:09N`` into ``A*24:02``), so a code's nulls are read from its
    expansion: py-ard's ``expand_mac``, ``expand_xx`` and, for a G group, the ``W`` reduction
    (every allele of the group). A plain allele name (two to four fields, without ``N``) names
    the expressed allele, and serology a detected antigen: neither has null members (in-house
    reading, the registries' convention).
    """
    ard = nomenclature.ard
    if ard.is_mac(token):
        expansion = ard.expand_mac(token)
    elif ard.is_XX(token):
        expansion = ard.expand_xx(token)
    elif "*" in token and token.endswith("G"):
        expansion = ard.redux(token, "W")
    else:
        return frozenset()
    return frozenset(a for a in expansion.split("/") if a and is_null(a))


@functools.cache
def reduce_token(nomenclature: Nomenclature, token: str) -> frozenset[str]:
    """The ARD-level alleles a single token (allele, MAC, XX, serology, v2 name) stands for,
    with the null members of a code kept by name (module docstring)."""
    token = token.strip().removeprefix("HLA-")
    if not token:
        raise HlaTypingError(token, "empty name")
    ard = nomenclature.ard
    try:
        if "*" in token and is_null(token) and ard.is_null(token):
            ard.validate(token)
            return frozenset({token})
        reduced = ard.redux(token, "lgx")
    except Exception as error:  # py-ard raises InvalidAlleleError, InvalidMACError, ...
        # An lgx group name (e.g. A*11:403 for A*11:403N/A*11:441) is py-ard's own output but
        # not always accepted back as input; the store writes such names, so accept them.
        if token in _lgx_names(nomenclature):
            return frozenset({token})
        raise HlaTypingError(token, str(error)) from error
    alleles = frozenset(a for a in reduced.split("/") if a) | _null_members(nomenclature, token)
    if not alleles:
        raise HlaTypingError(token, "reduces to no allele")
    return alleles


def _expand_allele_list(nomenclature: Nomenclature, text: str) -> dict[str, set[str]]:
    """``A*01:01/A*01:02`` -> {"A": {...}}; tokens of one list must share a locus."""
    by_locus: dict[str, set[str]] = {}
    for token in text.split("/"):
        token = token.strip()
        if not token:
            raise HlaTypingError(text, "empty alternative in '/' list")
        locus = _locus_of(token)
        by_locus.setdefault(locus, set()).update(reduce_token(nomenclature, token))
    return by_locus


def _refuse_repeated_loci(part: str, part_of: dict[str, str]) -> None:
    """Raise when a locus of this ``^`` part was already typed by an earlier part."""
    loci = set()
    for token in re.split(r"[|+~/]", part):
        token = token.strip()
        if token:
            loci.add(_locus_of(token))
    for locus in sorted(loci):
        if locus in part_of:
            raise HlaTypingError(
                part,
                f"HLA-{locus} is given twice ({part_of[locus]!r} and {part!r}); give each locus "
                "once, and record a second typing of the same person separately",
            )
        part_of[locus] = part


def parse_typing(nomenclature: Nomenclature, gl_string: str) -> HlaTyping:
    """Parse a GL string (or a bare allele list) into an :class:`HlaTyping`.

    Genotype alternatives (``|``) are kept per locus as a list of genotypes, each graded on its
    own (best and worst over the genotypes); ``slots`` holds their union. Phase across loci
    inside one alternative (``A*01:01~B*08:01+...|...``) is not kept: each locus's genotypes are
    graded independently, so the x/8 bounds are the per-locus bounds added up (in-house; wider,
    never narrower, than the joint bounds). A locus typed with one copy only (``A*01:01``) is
    taken as homozygous, as registries report it (in-house reading).

    A locus given in two ``^`` parts (``A*01:01+A*02:01^A*03:01+A*11:01``) is refused: two
    entries of one locus are two typings that may conflict, never one ambiguous typing.

    Raises :class:`HlaTypingError` naming the first bad token.
    """
    text = gl_string.strip()
    if not text:
        raise HlaTypingError(gl_string, "empty typing")
    genotypes: dict[str, list[Genotype]] = {}
    ignored: set[str] = set()
    part_of: dict[str, str] = {}  # locus -> the '^' part that typed it
    for locus_part in text.split("^"):
        locus_part = locus_part.strip()
        if not locus_part:
            raise HlaTypingError(text, "empty locus between '^'")
        _refuse_repeated_loci(locus_part, part_of)
        for genotype in locus_part.split("|"):
            copies = [c for c in genotype.split("+")]
            if len(copies) > 2:
                raise HlaTypingError(genotype, "more than two copies ('+') of a locus")
            per_locus_copies: dict[str, list[set[str]]] = {}
            for index, copy in enumerate(copies):
                if not copy.strip():
                    raise HlaTypingError(genotype, "empty copy around '+'")
                for allele_list in copy.split("~"):
                    for locus, alleles in _expand_allele_list(nomenclature, allele_list).items():
                        target = per_locus_copies.setdefault(locus, [set(), set()])
                        target[index].update(alleles)
            for locus, (first, second) in per_locus_copies.items():
                if locus not in LOCI:
                    ignored.add(locus)
                    continue
                if not second:
                    second = set(first)
                if not first:
                    first = set(second)
                listed = genotypes.setdefault(locus, [])
                genotype = (frozenset(first), frozenset(second))
                if genotype not in listed and genotype[::-1] not in listed:
                    listed.append(genotype)
    loci = {locus: _locus_typing(locus, genotypes[locus]) for locus in LOCI if locus in genotypes}
    return HlaTyping(
        source=gl_string,
        loci=loci,
        imgt_release=nomenclature.imgt_release,
        ignored_loci=tuple(sorted(ignored)),
    )


def _locus_typing(locus: str, genotypes: list[Genotype]) -> LocusTyping:
    union = (
        frozenset().union(*(g[0] for g in genotypes)),
        frozenset().union(*(g[1] for g in genotypes)),
    )
    return LocusTyping(locus, union, tuple(genotypes) if len(genotypes) > 1 else ())


def validate_typing(nomenclature: Nomenclature, gl_string: str) -> str | None:
    """None when the typing is valid, else a message naming the bad token."""
    try:
        parse_typing(nomenclature, gl_string)
    except HlaTypingError as error:
        return str(error)
    return None
