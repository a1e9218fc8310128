"""Null alleles and genotype lists, graded as the registries' engines grade them (issue 12).

Expected values are written by hand from the rules in match_grade's docstring: a code whose
expansion has a null member is never a certain match; a genotype list is graded genotype by
genotype; a null copy beside an expressed one counts as a second copy of it (Atlas).
"""

from __future__ import annotations

import pytest

from engraft.core.hla.match_grade import Direction, LocusStatus, grade

REST = "^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01"


def _locus(nom, typing, patient: str, donor: str, locus: str = "A"):
    return grade(nom, typing(patient), typing(donor)).loci[locus]


def _counts(lg):
    return lg.status, lg.mismatches_min, lg.mismatches_max


def test_a_mac_keeps_its_null_member(typing):
    # A*24:AMG = A*24:02/A*24:09N; lgx alone would give A*24:02
    assert typing("A*24:AMG+A*01:01").locus("A").slots[0] == {"A*24:02", "A*24:09N"}


def test_xx_codes_and_g_groups_keep_their_null_members(typing):
    assert "A*24:09N" in typing("A*24:XX+A*01:01").locus("A").slots[0]
    assert "A*01:01:01:02N" in typing("A*01:01:01G+A*02:01").locus("A").slots[0]


def test_a_two_field_allele_has_no_null_member(typing):
    assert typing("A*24:02+A*01:01").locus("A").slots[0] == {"A*24:02"}


def test_a_mac_with_a_null_member_is_a_potential_match_never_a_certain_one(nom, typing):
    # the example: A*24:AMG against a patient with A*24:02
    lg = _locus(nom, typing, "A*24:02+A*01:01", "A*24:AMG+A*01:01")
    assert _counts(lg) == (LocusStatus.POTENTIAL_MATCH, 0, 1)


def test_an_allele_list_naming_a_null_is_a_potential_match(nom, typing):
    lg = _locus(nom, typing, "A*24:02+A*01:01", "A*24:02/A*24:09N+A*01:01")
    assert _counts(lg) == (LocusStatus.POTENTIAL_MATCH, 0, 1)


def test_a_genotype_list_is_graded_per_genotype_never_merged(nom, typing):
    # the example: each genotype is one mismatch, so the locus is one mismatch;
    # the merged slots {02:01,02:05} + {03:01,03:02} would allow A*02:01+A*03:01 (a match)
    patient = "A*02:01+A*03:01" + REST
    donor = "A*02:01+A*03:02|A*02:05+A*03:01" + REST
    g = grade(nom, typing(patient), typing(donor))
    assert _counts(g.loci["A"]) == (LocusStatus.ALLELE_MISMATCH, 1, 1)
    assert g.loci["A"].direction is Direction.BIDIRECTIONAL
    assert g.summary(8).label == "7/8"  # not an 8/8 in any genotype: no 8/8 filter passes it


def test_a_genotype_list_gives_the_best_and_worst_genotype(nom, typing):
    lg = _locus(nom, typing, "A*02:01+A*03:01", "A*02:01+A*03:01|A*02:05+A*03:01")
    assert _counts(lg) == (LocusStatus.POTENTIAL_MATCH, 0, 1)


def test_a_genotype_list_keeps_its_genotypes_and_their_union(typing):
    lt = typing("A*02:01+A*03:02|A*02:05+A*03:01").locus("A")
    assert lt.genotypes == (
        (frozenset({"A*02:01"}), frozenset({"A*03:02"})),
        (frozenset({"A*02:05"}), frozenset({"A*03:01"})),
    )
    assert lt.slots == (frozenset({"A*02:01", "A*02:05"}), frozenset({"A*03:01", "A*03:02"}))
    assert lt.is_ambiguous and lt.gl() == "A*02:01+A*03:02|A*02:05+A*03:01"


def test_a_genotype_list_of_one_genotype_is_that_genotype(typing):
    lt = typing("A*02:01+A*03:01|A*03:01+A*02:01").locus("A")
    assert lt.genotypes == () and not lt.is_ambiguous


def test_the_same_null_on_both_sides_beside_different_alleles_is_two_mismatches(nom, typing):
    # Atlas's reading (null-allele validation feature): the shared null is no match, and each
    # side presents one expressed allele, counted as a homozygote: 2 mismatches, both ways
    lg = _locus(nom, typing, "A*01:01+A*24:09N", "A*02:01+A*24:09N")
    assert _counts(lg) == (LocusStatus.ANTIGEN_MISMATCH, 2, 2)
    assert (lg.gvh_min, lg.hvg_min, lg.direction) == (2, 2, Direction.BIDIRECTIONAL)


def test_the_same_expressed_allele_beside_different_nulls_is_a_match(nom, typing):
    lg = _locus(nom, typing, "A*01:01+A*24:09N", "A*01:01+A*01:11N")
    assert _counts(lg) == (LocusStatus.MATCH, 0, 0)


@pytest.mark.parametrize(
    ("patient", "donor", "mismatches", "direction"),
    [
        # Atlas: C*01:02+C*02:52N against a donor homozygous C*01:02 is matched
        ("C*01:02+C*02:52N", "C*01:02+C*01:02", 0, Direction.NONE),
        # a null patient copy beside C*01:02, donor C*01:02+C*07:01: one HvG mismatch
        ("C*01:02+C*02:52N", "C*01:02+C*07:01", 1, Direction.HVG),
        # a null donor copy: the patient's C*07:01 meets no donor antigen, one GvH mismatch
        ("C*01:02+C*07:01", "C*01:02+C*02:52N", 1, Direction.GVH),
    ],
)
def test_a_null_copy_counts_as_the_other_expressed_copy(
    nom, typing, patient, donor, mismatches, direction
):
    lg = _locus(nom, typing, patient, donor, "C")
    assert (lg.mismatches_min, lg.mismatches_max, lg.direction) == (
        mismatches,
        mismatches,
        direction,
    )
