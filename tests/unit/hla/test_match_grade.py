"""Match grading against the worked examples of hla.md and the IMGT facts of the data README."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engraft.core.hla.match_grade import Direction, LocusStatus, grade

FULL = (
    "A*01:01+A*02:01^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01"
    "^DQB1*02:01+DQB1*03:02^DPB1*04:01+DPB1*02:01"
)


def test_identical_typing_is_12_of_12(nom, typing):
    g = grade(nom, typing(FULL), typing(FULL))
    assert [g.summary(n).label for n in (8, 10, 12)] == ["8/8", "10/10", "12/12"]
    assert all(lg.status is LocusStatus.MATCH for lg in g.loci.values())
    assert g.imgt_release == "3.58.0"


def test_same_antigen_different_protein_is_an_allele_mismatch(nom, typing):
    lg = grade(nom, typing("A*02:01+A*01:01"), typing("A*02:05+A*01:01")).loci["A"]
    assert lg.status is LocusStatus.ALLELE_MISMATCH
    assert lg.direction is Direction.BIDIRECTIONAL


def test_different_antigen_is_an_antigen_mismatch(nom, typing):
    lg = grade(nom, typing("A*02:01+A*01:01"), typing("A*03:01+A*01:01")).loci["A"]
    assert lg.status is LocusStatus.ANTIGEN_MISMATCH


def test_a24_02_and_a24_03_match_as_antigen_not_as_allele(nom, typing):
    lg = grade(nom, typing("A*24:02+A*01:01"), typing("A*24:03+A*01:01")).loci["A"]
    assert lg.status is LocusStatus.ALLELE_MISMATCH


def test_two_splits_of_one_broad_are_an_antigen_mismatch(nom, typing):
    # B*44:02 (B12/B44) vs B*45:01 (B12/B45): B44 and B45 are different splits of B12
    lg = grade(nom, typing("B*44:02+B*08:01"), typing("B*45:01+B*08:01")).loci["B"]
    assert lg.status is LocusStatus.ANTIGEN_MISMATCH


def test_drb1_14_54_matches_14_01(nom, typing):
    lg = grade(nom, typing("DRB1*14:01+DRB1*03:01"), typing("DRB1*14:54+DRB1*03:01"))
    assert lg.loci["DRB1"].status is LocusStatus.MATCH


def test_homozygous_donor_heterozygous_patient_is_gvh_only(nom, typing):
    # hla.md: donor A*02:01,A*02:01, recipient A*02:01,A*03:01 -> GvH direction
    lg = grade(nom, typing("A*02:01+A*03:01"), typing("A*02:01+A*02:01")).loci["A"]
    assert (lg.mismatches_min, lg.direction) == (1, Direction.GVH)


def test_homozygous_patient_heterozygous_donor_is_hvg_only(nom, typing):
    g = grade(nom, typing("A*02:01+A*02:01"), typing("A*02:01+A*03:01"))
    assert (g.loci["A"].mismatches_min, g.loci["A"].direction) == (1, Direction.HVG)
    assert g.hvg_mismatched_loci == ("A",)


def test_null_allele_in_patient_is_no_target(nom, typing):
    lg = grade(nom, typing("A*01:01:01:02N+A*02:01"), typing("A*02:01+A*02:01")).loci["A"]
    assert lg.status is LocusStatus.MATCH


def test_null_allele_in_donor_leaves_patient_antigen_unmatched(nom, typing):
    lg = grade(nom, typing("A*01:01+A*02:01"), typing("A*01:01:01:02N+A*02:01")).loci["A"]
    assert lg.direction is Direction.GVH and lg.status is LocusStatus.ANTIGEN_MISMATCH


def test_mac_containing_the_patient_allele_is_a_potential_match(nom, typing):
    lg = grade(nom, typing("A*01:01+A*02:01"), typing("A*01:AB+A*02:01")).loci["A"]
    assert lg.status is LocusStatus.POTENTIAL_MATCH
    assert (lg.mismatches_min, lg.mismatches_max) == (0, 1)


def test_untyped_donor_locus_is_not_typed_and_widens_the_grade(nom, typing):
    donor = FULL.rsplit("^", 2)[0]  # no DQB1, no DPB1
    g = grade(nom, typing(FULL), typing(donor))
    assert g.loci["DQB1"].status is LocusStatus.NOT_TYPED
    assert g.summary(8).label == "8/8" and g.summary(10).label == "8-10/10"


def test_two_mismatches_at_one_locus_count_two(nom, typing):
    donor = FULL.replace("A*01:01+A*02:01", "A*03:01+A*11:01")
    g = grade(nom, typing(FULL), typing(donor))
    assert g.loci["A"].mismatches_min == 2 and g.summary(8).label == "6/8"


ALLELES = {
    "A": ["A*01:01", "A*02:01", "A*02:05", "A*03:01", "A*24:02", "A*24:03"],
    "B": ["B*08:01", "B*44:02", "B*45:01", "B*07:02"],
    "DRB1": ["DRB1*03:01", "DRB1*04:01", "DRB1*14:01", "DRB1*15:01"],
}


def _genotype(draw_pairs):
    return "^".join(f"{a}+{b}" for a, b in draw_pairs)


pairs = st.tuples(*[st.tuples(st.sampled_from(v), st.sampled_from(v)) for v in ALLELES.values()])


def _counts(g):
    return {
        name: (lg.status, lg.mismatches_min, lg.mismatches_max, lg.antigen_mismatches_min,
               lg.gvh_min, lg.hvg_min)
        for name, lg in g.loci.items()
    }  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(patient=pairs, donor=pairs)
def test_swapping_the_two_alleles_of_a_locus_changes_nothing(nom, typing, patient, donor):
    swapped = tuple((b, a) for a, b in donor)
    a = grade(nom, typing(_genotype(patient)), typing(_genotype(donor)))
    b = grade(nom, typing(_genotype(patient)), typing(_genotype(swapped)))
    assert _counts(a) == _counts(b) and a.summaries == b.summaries


@settings(max_examples=60, deadline=None)
@given(patient=pairs, donor=pairs)
def test_swapping_patient_and_donor_swaps_gvh_and_hvg(nom, typing, patient, donor):
    forward = grade(nom, typing(_genotype(patient)), typing(_genotype(donor)))
    backward = grade(nom, typing(_genotype(donor)), typing(_genotype(patient)))
    for name in ("A", "B", "DRB1"):
        f, b = forward.loci[name], backward.loci[name]
        assert (f.gvh_min, f.hvg_min) == (b.hvg_min, b.gvh_min)
        assert f.mismatches_min == b.mismatches_min


@settings(max_examples=40, deadline=None)
@given(patient=pairs)
def test_donor_typed_identically_to_patient_is_fully_matched(nom, typing, patient):
    g = grade(nom, typing(_genotype(patient)), typing(_genotype(patient)))
    assert all(g.loci[n].status is LocusStatus.MATCH for n in ALLELES)


@pytest.mark.parametrize(
    ("mismatches_min", "gvh", "hvg", "expected"),
    [
        (0, 0, 0, "none"),
        (0, 1, 1, "none"),  # a potential match has no certain direction
        (1, 1, 0, "gvh"),  # homozygous donor, heterozygous patient
        (1, 0, 1, "hvg"),  # heterozygous donor, homozygous patient
        (1, 1, 1, "bidirectional"),
        (1, 0, 0, "undetermined"),
    ],
)
def test_the_direction_of_a_locus_is_derived_in_the_core(mismatches_min, gvh, hvg, expected):
    from engraft.core.hla.match_grade import direction_from_counts

    assert direction_from_counts(mismatches_min, gvh, hvg).value == expected
