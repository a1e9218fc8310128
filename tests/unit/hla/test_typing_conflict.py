"""Two typings of one person: a refinement agrees, a different allele conflicts; a locus given
twice in one typing is refused, never merged into an ambiguous typing."""

from __future__ import annotations

import pytest

from engraft.core.hla.hla_typing import HlaTypingError
from engraft.core.hla.typing_conflict import conflicting_loci

FIRST = "A*02:01+A*03:01^B*07:02+B*08:01^DRB1*15:01+DRB1*03:01"


def test_a_different_allele_at_one_locus_is_a_conflict_at_that_locus(typing):
    second = FIRST.replace("DRB1*03:01", "DRB1*13:01")
    assert conflicting_loci(typing(FIRST), typing(second)) == ["DRB1"]


def test_a_higher_resolution_typing_of_the_same_alleles_is_no_conflict(typing):
    low = "A*02:XX+A*03:XX^B*07:02+B*08:01^DRB1*15:01+DRB1*03:01"
    assert conflicting_loci(typing(low), typing(FIRST)) == []


def test_copies_given_in_the_other_order_are_no_conflict(typing):
    swapped = "A*03:01+A*02:01^B*08:01+B*07:02^DRB1*03:01+DRB1*15:01"
    assert conflicting_loci(typing(FIRST), typing(swapped)) == []


def test_a_locus_typed_in_only_one_typing_is_no_conflict(typing):
    assert conflicting_loci(typing(FIRST), typing(FIRST + "^DQB1*06:02+DQB1*02:01")) == []


def test_a_locus_given_twice_is_refused_naming_the_locus(typing):
    with pytest.raises(HlaTypingError, match="HLA-A is given twice"):
        typing(FIRST + "^A*01:01+A*24:02")


def test_phased_haplotypes_may_name_several_loci_in_one_part(typing):
    parsed = typing("A*01:01~B*08:01+A*02:01~B*07:02^DRB1*03:01+DRB1*15:01")
    assert set(parsed.loci) == {"A", "B", "DRB1"}


def test_a_phased_haplotype_repeating_a_locus_of_another_part_is_refused(typing):
    with pytest.raises(HlaTypingError, match="HLA-B is given twice"):
        typing("A*01:01~B*08:01+A*02:01~B*07:02^B*44:02+B*35:01")
