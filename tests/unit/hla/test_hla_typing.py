"""Typing parsing and validation, with facts from the data README (IMGT 3.58.0)."""

from __future__ import annotations

import pytest

from engraft.core.hla.hla_typing import HlaTypingError, parse_typing


def test_four_field_allele_reduces_to_its_two_field_ard_name(typing):
    assert typing("A*01:01:01:01+A*01:01").locus("A").slots[0] == {"A*01:01"}


def test_mac_expands_to_its_alleles(typing):
    assert typing("A*01:AB+A*02:01").locus("A").slots[0] == {"A*01:01", "A*01:02"}


def test_drb1_14_54_is_the_same_as_14_01_at_ard(typing):
    assert typing("DRB1*14:54+DRB1*14:54").locus("DRB1").slots[0] == {"DRB1*14:01"}


def test_null_allele_keeps_its_null_name(typing):
    assert typing("A*01:01:01:02N+A*02:01").locus("A").slots[0] == {"A*01:01:01:02N"}


def test_xx_code_serology_and_v2_names_are_accepted(typing):
    t = typing("A*01:XX+A2^B*0801+B12^DRB1*04:01+DR4")
    assert "A*01:01" in t.locus("A").slots[0] and len(t.locus("A").slots[0]) > 10
    assert t.locus("B").slots[0] == {"B*08:01"}
    assert "B*44:02" in t.locus("B").slots[1] and "B*45:01" in t.locus("B").slots[1]


def test_broad_antigen_covers_its_splits(typing):
    slot = typing("A9+A9").locus("A").slots[0]
    assert "A*23:01" in slot and "A*24:02" in slot


def test_result_records_the_imgt_release(typing):
    assert typing("A*01:01+A*02:01").imgt_release == "3.58.0"


def test_phased_haplotypes_are_split_by_locus(typing):
    t = typing("A*01:01~B*08:01+A*02:01~B*44:02")
    assert t.locus("A").slots == (frozenset({"A*01:01"}), frozenset({"A*02:01"}))
    assert t.locus("B").slots == (frozenset({"B*08:01"}), frozenset({"B*44:02"}))


@pytest.mark.parametrize(
    ("gl", "bad"),
    [
        ("A*01:01+A*99:99", "A*99:99"),
        ("A*01:01+A*01:ZZZZ", "A*01:ZZZZ"),
        ("A*01:01^foo", "foo"),
    ],
)
def test_invalid_typing_is_refused_naming_the_bad_token(nom, gl, bad):
    with pytest.raises(HlaTypingError) as error:
        parse_typing(nom, gl)
    assert error.value.token == bad
    assert bad in str(error.value)


def test_more_than_two_copies_is_refused(nom):
    with pytest.raises(HlaTypingError, match="more than two"):
        parse_typing(nom, "A*01:01+A*02:01+A*03:01")
