"""The search's typed results: two sections, grades as numbers, directions as fields, and the
donor constants read from the knowledge base."""

from __future__ import annotations

import json

import pytest

from engraft.core.donor_search.results import DonorHit, SearchResult
from engraft.core.donor_search.search import check_kernel_layout, search
from engraft.core.hla.dsa import DSA_MFI_THRESHOLD, DSA_THRESHOLD_SOURCE, Antibody
from engraft.core.hla.family import FamilyMember
from engraft.core.hla.match_grade import Direction, GradeSummary, LocusStatus
from engraft.core.hla.ranking import RANK_FIELDS, PatientContext

F1 = ("A*02:01", "B*07:02", "C*07:02", "DRB1*15:01", "DQB1*06:02", "DPB1*04:01")
F2 = ("A*01:01", "B*44:02", "C*05:01", "DRB1*04:01", "DQB1*03:01", "DPB1*02:01")
M1 = ("A*03:01", "B*08:01", "C*07:01", "DRB1*03:01", "DQB1*02:01", "DPB1*04:01")
M2 = ("A*24:02", "B*35:01", "C*04:01", "DRB1*11:01", "DQB1*03:01", "DPB1*03:01")


def gl(first, second) -> str:
    return "^".join(f"{a}+{b}" for a, b in zip(first, second, strict=True))


@pytest.fixture
def family(typing):
    return [
        FamilyMember("father", "father", typing(gl(F1, F2)), label="Per", age=35, sex="male"),
        FamilyMember("mother", "mother", typing(gl(M1, M2)), label="Moa", age=33, sex="female"),
        FamilyMember("sister", "sibling", typing(gl(F1, M1)), label="Siv", age=6),
    ]


def test_every_relative_is_returned_whatever_the_registrys_top(nom, typing, family,
                                                                synthetic_store):  # fmt: skip
    result = search(nom, synthetic_store, typing(gl(F1, M1)), PatientContext(), family, top=1)
    assert isinstance(result, SearchResult)
    # both parents 4/8: the mother, two years younger, first (age right after the grade,
    # hla.md), although the father's DPB1 TCE mismatch is permissive and hers is not
    assert [h.donor_id for h in result.family] == ["sister", "mother", "father"]
    assert [h.rank for h in result.family] == [1, 2, 3]
    assert len(result.unrelated) == 1 and result.unrelated[0].source in ("registry", "cord")


def test_grades_are_numbers_and_directions_are_fields(nom, typing, family):
    result = search(nom, None, typing(gl(F1, M1)), PatientContext(), family)
    by_id = {h.donor_id: h for h in result.family}
    mother = by_id["mother"]
    assert isinstance(mother, DonorHit)
    assert mother.grade_8 == GradeSummary(8, 4, 4)  # shares M1 only: 4 of 8
    a = mother.loci["A"]
    assert (a.status, a.mismatches_min, a.gvh, a.hvg, a.direction) == (
        LocusStatus.ANTIGEN_MISMATCH, 1, 1, 1, Direction.BIDIRECTIONAL)  # fmt: skip
    assert mother.hvg_flag == ("A", "B", "C", "DRB1", "DQB1")  # M2 alleles: none the patient has
    assert by_id["sister"].grade_10 == GradeSummary(10, 10, 10)


def test_a_relative_below_the_minimum_grade_is_kept_and_marked(nom, typing, family):
    result = search(nom, None, typing(gl(F1, M1)), PatientContext(), family, min_grade="8/8")
    marked = {h.donor_id: h.below_min_grade for h in result.family}
    assert marked == {"sister": False, "father": True, "mother": True}


def test_a_donor_specific_antibody_is_found_on_a_family_donor(nom, typing, family):
    result = search(nom, None, typing(gl(F1, M1)), PatientContext(), family,
                    antibodies=[Antibody("A24", DSA_MFI_THRESHOLD)])  # fmt: skip
    by_id = {h.donor_id: h for h in result.family}
    assert [(d.specificity, d.donor_alleles) for d in by_id["mother"].dsa] == [
        ("A24", ("A*24:02",))]  # fmt: skip
    assert by_id["father"].dsa == []


def test_the_json_snapshot_keeps_two_sections_and_the_labels(nom, typing, family):
    out = search(nom, None, typing(gl(F1, M1)), PatientContext(cmv="negative"), family).to_json()
    json.dumps(out)  # plain JSON
    assert out["results"] == [] and len(out["family_donors"]) == 3
    assert out["family_donors"][0]["grade_8"]["label"] == "8/8"
    assert out["family_donors"][0]["loci"]["A"]["direction"] == "none"
    assert out["context"]["cmv"] == "negative"


def test_the_ranking_order_and_dsa_cut_off_come_from_the_knowledge_base():
    from importlib.resources import files

    data = json.loads(files("engraft.core.knowledge").joinpath("donors.json").read_text("utf-8"))
    assert tuple((f["name"], f["bits"]) for f in data["ranking"]["fields"]) == RANK_FIELDS
    assert data["dsa_mfi_threshold"]["value"] == DSA_MFI_THRESHOLD == 1000
    assert data["dsa_mfi_threshold"]["evidence"] == "in-house"
    assert DSA_THRESHOLD_SOURCE.startswith("MFI >= 1000: in-house default")
    check_kernel_layout()  # the numba kernel packs the key in the same order
