"""Serologic antigen equivalence of ARD-level alleles, from py-ard's serology mapping.

An *allele mismatch* is a different protein with the same serologic antigen (``A*02:01`` vs
``A*02:05``); an *antigen mismatch* is a different serologic antigen (``A*02:01`` vs
``A*03:01``). Source: Dehn J et al., BBMT 2019;25(7):1302-7; Lee SJ et al., Blood
2007;110:4576-83 (hla.md, "Match grading").
"""

from __future__ import annotations

import functools

from engraft.core.hla.nomenclature import Nomenclature


def is_null(allele: str) -> bool:
    """A null allele (suffix N) is not expressed: it presents no antigen to T cells.

    Source: IPD-IMGT/HLA nomenclature, Marsh et al., Tissue Antigens 2010;75:291-455.
    """
    return allele.endswith("N")


def first_field(allele: str) -> str:
    """``A*02:01`` -> ``A*02`` (the allele group, which usually follows the antigen)."""
    locus, _, fields = allele.partition("*")
    return f"{locus}*{fields.split(':')[0]}"


@functools.cache
def _broad_antigens(nomenclature: Nomenclature) -> frozenset[str]:
    return frozenset(nomenclature.ard.serology_mapping.broad_splits_map)


@functools.cache
def split_antigens(nomenclature: Nomenclature, allele: str) -> frozenset[str]:
    """The most specific serologic antigens py-ard assigns to an ARD-level allele.

    py-ard's ``S`` reduction lists broad antigens with their splits (``B*44:02`` ->
    ``B12/B44``); the broad is dropped when a split is present, so that two splits of one broad
    (``B44`` and ``B45``) are not taken for the same antigen. Empty for alleles without an
    assigned serologic equivalent (all of DPB1, many new alleles) and for null alleles.
    """
    if is_null(allele):
        return frozenset()
    try:
        serology = nomenclature.ard.redux(allele, "S")
    except Exception:  # py-ard raises several error types for unmapped names
        return frozenset()
    antigens = {s for s in serology.split("/") if s and s not in ("0", "?")}
    splits = antigens - _broad_antigens(nomenclature)
    return frozenset(splits or antigens)


def same_antigen(nomenclature: Nomenclature, a: str, b: str) -> bool:
    """Whether two expressed ARD-level alleles carry the same serologic antigen.

    Both have a serologic equivalent: they share a split antigen. Either has none (DPB1, new
    alleles): the first field decides. The first-field fallback is an in-house choice, the usual
    registry convention where serology is undefined; it is not from a cited guideline.
    """
    if is_null(a) or is_null(b):
        return False
    if a == b:
        return True
    sa, sb = split_antigens(nomenclature, a), split_antigens(nomenclature, b)
    if sa and sb:
        return bool(sa & sb)
    return first_field(a) == first_field(b)
