"""DPB1 TCE classification: the worked examples of hla.md (3.58.0, V2)."""

from __future__ import annotations

from engraft.core.hla.dpb1_tce import TceCategory, classify_tce


def test_recipient_04_01_homozygous_vs_donor_04_01_02_01_is_permissive(nom, typing):
    r = classify_tce(nom, typing("DPB1*04:01+DPB1*04:01"), typing("DPB1*04:01+DPB1*02:01"))
    assert r.category is TceCategory.PERMISSIVE


def test_recipient_09_01_vs_donor_03_01_is_gvh_non_permissive(nom, typing):
    r = classify_tce(nom, typing("DPB1*04:01+DPB1*09:01"), typing("DPB1*04:01+DPB1*03:01"))
    assert r.category is TceCategory.NON_PERMISSIVE_GVH
    assert (r.patient_score, r.donor_score) == (1, 2)


def test_the_reverse_is_hvg_non_permissive(nom, typing):
    r = classify_tce(nom, typing("DPB1*04:01+DPB1*03:01"), typing("DPB1*04:01+DPB1*09:01"))
    assert r.category is TceCategory.NON_PERMISSIVE_HVG


def test_identical_genotypes_in_any_order_are_a_match(nom, typing):
    r = classify_tce(nom, typing("DPB1*14:01+DPB1*04:01"), typing("DPB1*04:01+DPB1*14:01"))
    assert r.category is TceCategory.MATCH and r.imgt_release == "3.58.0"


def test_untyped_dpb1_is_unknown(nom, typing):
    r = classify_tce(nom, typing("DPB1*04:01+DPB1*03:01"), typing("A*01:01+A*01:01"))
    assert r.category is TceCategory.UNKNOWN
