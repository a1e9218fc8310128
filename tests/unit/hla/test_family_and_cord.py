"""Family haplotypes and cord blood grading."""

from __future__ import annotations

import pytest

from engraft.core.hla.cord_blood import MIN_TNC_PER_KG, grade_cord
from engraft.core.hla.family import FamilyMember, Relationship, analyse_family

F1 = "A*01:01~B*08:01~DRB1*03:01"
F2 = "A*02:01~B*44:02~DRB1*04:01"
M1 = "A*03:01~B*07:02~DRB1*15:01"
M2 = "A*24:02~B*35:01~DRB1*01:01"


def _child(nom_typing, paternal, maternal):
    return nom_typing(f"{paternal}+{maternal}")


def test_sibling_inheriting_the_same_haplotypes_is_hla_identical(typing):
    patient = _child(typing, F1, M2)
    family = [
        FamilyMember("dad", "father", typing(f"{F1}+{F2}")),
        FamilyMember("mum", "mother", typing(f"{M1}+{M2}")),
        FamilyMember("sib1", "sibling", _child(typing, F1, M2)),
        FamilyMember("sib2", "sibling", _child(typing, F2, M2)),
        FamilyMember("sib3", "sibling", _child(typing, F2, M1)),
    ]
    result = {m.name: m.relationship for m in analyse_family(patient, family).members}
    assert result == {
        "dad": Relationship.HAPLOIDENTICAL,
        "mum": Relationship.HAPLOIDENTICAL,
        "sib1": Relationship.HLA_IDENTICAL_SIBLING,
        "sib2": Relationship.HAPLOIDENTICAL,
        "sib3": Relationship.NOT_IDENTICAL,
    }


def test_child_whose_typing_cannot_come_from_the_parents_is_flagged(typing):
    patient = _child(typing, F1, M2)
    stranger = typing("A*11:01~B*51:01~DRB1*07:01+A*03:01~B*07:02~DRB1*15:01")
    family = [
        FamilyMember("dad", "father", typing(f"{F1}+{F2}")),
        FamilyMember("mum", "mother", typing(f"{M1}+{M2}")),
        FamilyMember("sib", "sibling", stranger),
    ]
    sib = next(m for m in analyse_family(patient, family).members if m.name == "sib")
    assert sib.relationship is Relationship.UNEXPLAINED
    assert "recombination" in sib.reason


def test_recombinant_sibling_is_flagged_not_guessed(typing):
    patient = _child(typing, F1, M2)
    recombinant = typing("A*01:01~B*08:01~DRB1*04:01+" + M2)  # F1 A/B with F2 DRB1
    family = [
        FamilyMember("dad", "father", typing(f"{F1}+{F2}")),
        FamilyMember("mum", "mother", typing(f"{M1}+{M2}")),
        FamilyMember("sib", "sibling", recombinant),
    ]
    sib = next(m for m in analyse_family(patient, family).members if m.name == "sib")
    assert sib.relationship is Relationship.UNEXPLAINED


def test_cord_grades_a_and_b_at_antigen_level_in_the_traditional_6(nom, typing):
    patient = typing("A*02:01+A*01:01^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01")
    unit = typing("A*02:05+A*01:01^B*08:01+B*44:02^C*07:01+C*05:01^DRB1*03:01+DRB1*04:01")
    cg = grade_cord(nom, patient, unit, tnc=1.0e9, cd34=5e6, weight_kg=10)
    assert cg.labels == ("6/6", "7/8")
    assert cg.tnc_per_kg == pytest.approx(1.0e8) and cg.tnc_adequate is (MIN_TNC_PER_KG <= 1.0e8)
    assert "in-house" in cg.dose_source


def test_cord_dose_below_threshold_is_inadequate(nom, typing):
    t = typing("A*02:01+A*01:01")
    cg = grade_cord(nom, t, t, tnc=1.0e8, cd34=1e5, weight_kg=20)
    assert cg.tnc_adequate is False and cg.cd34_adequate is False
