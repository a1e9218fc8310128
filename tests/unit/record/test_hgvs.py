"""HGVS descriptions are checked for syntax; errors name the position of the bad part."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engraft.core.record.hgvs import HgvsError, is_valid_hgvs, parse_hgvs

VALID = [
    "NM_006019.4:c.1674-1G>A",
    "NM_006019.4(TCIRG1):c.807+5G>A",
    "c.117+4A>T",
    "c.-12C>T",
    "c.*34del",
    "g.12345del",
    "c.100_102dup",
    "c.76_77insTT",
    "c.76_78delinsGA",
    "c.100_200inv",
    "m.3243A>G",
    "n.100+2T>G",
    "p.Arg97Cys",
    "p.(Arg97Cys)",
    "p.R97C",
    "p.R97*",
    "p.Arg97Ter",
    "p.Arg97ProfsTer23",
    "p.Lys23_Val25del",
    "p.His4_Gln5insAla",
    "p.Cys28delinsTrpVal",
    "p.?",
]


@pytest.mark.parametrize("description", VALID)
def test_well_formed_descriptions_are_accepted(description):
    assert parse_hgvs(description).description == description


def test_transcript_prefix_is_split_from_the_change():
    variant = parse_hgvs("NM_006019.4:c.1674-1G>A")
    assert (variant.reference, variant.coordinate_type, variant.change) == (
        "NM_006019.4",
        "c",
        "1674-1G>A",
    )


@pytest.mark.parametrize(
    ("description", "position", "reason"),
    [
        ("NM_006019:c.1A>G", 0, "versioned accession"),
        ("x.1A>G", 0, "coordinate type"),
        ("c.100", 5, "expected an edit"),
        ("c.1674-1G>", 10, "new base"),
        ("c.100A>A", 5, "must change the base"),
        ("c.100_90del", 2, "lower to the higher"),
        ("c.76insT", 4, "flanking positions"),
        ("c.1_5A>G", 5, "single position"),
        ("p.Arg97C", 7, "three-letter"),
        ("c.100A>Gxyz", 8, "unexpected text"),
    ],
)
def test_malformed_description_is_refused_naming_the_position(description, position, reason):
    with pytest.raises(HgvsError) as caught:
        parse_hgvs(description)
    assert caught.value.position == position
    assert reason in caught.value.reason
    assert f"character {position + 1}" in str(caught.value)


_positions = st.integers(1, 99999).map(str)
_offsets = st.one_of(
    st.just(""),
    st.integers(1, 500).map(lambda n: f"+{n}"),
    st.integers(1, 500).map(lambda n: f"-{n}"),
)
_bases = st.sampled_from("ACGT")


@given(_positions, _offsets, _bases, _bases)
def test_generated_substitutions_parse_exactly_when_the_base_changes(pos, off, ref, alt):
    text = f"NM_000001.1:c.{pos}{off}{ref}>{alt}"
    assert is_valid_hgvs(text) == (ref != alt)


@given(st.integers(1, 5000), st.integers(1, 50), st.text("ACGT", min_size=1, max_size=8))
def test_generated_ranges_with_insertions_parse(start, length, seq):
    assert is_valid_hgvs(f"g.{start}_{start + length}delins{seq}")
    assert is_valid_hgvs(f"c.{start}_{start + 1}ins{seq}")


@given(st.text(max_size=30))
def test_any_text_is_accepted_or_refused_with_a_position_inside_it(text):
    try:
        parse_hgvs(text)
    except HgvsError as error:
        assert 0 <= error.position <= len(text.strip())
