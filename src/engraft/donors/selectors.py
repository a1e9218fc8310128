"""Reads for stage 5: typings, antibodies, searches, selections, family analysis."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from engraft.core.hla.family import FamilyMember, MemberResult, Relationship, analyse_family
from engraft.core.hla.hla_typing import parse_typing
from engraft.record.models import Patient, Relative

from .models import (
    AntiHlaAntibody,
    ConfirmatoryTypingRequest,
    DonorSearch,
    DonorSelection,
    HlaTyping,
)
from .registry import nomenclature

#: Record relationships -> the family roles the core's haplotype analysis knows.
FAMILY_ROLES = {
    "mother": "mother",
    "father": "father",
    "brother": "sibling",
    "sister": "sibling",
    "sibling": "sibling",
}


def typings(patient: Patient) -> QuerySet[HlaTyping]:
    return patient.hla_typings.select_related("relative", "recorded_by")


def patient_typing(patient: Patient) -> HlaTyping | None:
    """The patient's latest typing (by typing date, then entry)."""
    return patient.hla_typings.filter(relative__isnull=True).first()


def family_typings(patient: Patient) -> list[tuple[Relative, HlaTyping]]:
    """Each relative's latest typing, for relatives the family analysis can place."""
    latest: dict[int, HlaTyping] = {}
    for typing in patient.hla_typings.filter(relative__isnull=False).select_related("relative"):
        latest.setdefault(typing.relative_id, typing)
    return [(t.relative, t) for t in latest.values() if t.relative.relationship in FAMILY_ROLES]


def family_members(patient: Patient) -> list[FamilyMember]:
    """Typed relatives as the core's family members (name = the relative's public id)."""
    nom = nomenclature()
    return [
        FamilyMember(str(rel.public_id), FAMILY_ROLES[rel.relationship],
                     parse_typing(nom, typing.gl_string))
        for rel, typing in family_typings(patient)
    ]  # fmt: skip


RELATIONSHIP_TEXT = {
    "hla_identical_sibling": "HLA-identical sibling",
    "haploidentical": "haploidentical",
    "not_identical": "not identical",
    "unexplained": "typing cannot come from the parents",
}


@dataclass(frozen=True)
class FamilyRow:
    relative: Relative
    result: MemberResult

    @property
    def text(self) -> str:
        return RELATIONSHIP_TEXT[self.result.relationship.value]

    @property
    def flagged(self) -> bool:
        return self.result.relationship is Relationship.UNEXPLAINED


def family_analysis(patient: Patient) -> list[FamilyRow] | None:
    """The core's family analysis of the typed relatives; None without a patient typing."""
    typing = patient_typing(patient)
    members = family_members(patient)
    if typing is None or not members:
        return None
    analysis = analyse_family(parse_typing(nomenclature(), typing.gl_string), members)
    relatives = {str(r.public_id): r for r in patient.relatives.all()}
    return [FamilyRow(relatives[m.name], m) for m in analysis.members]


def antibodies(patient: Patient) -> QuerySet[AntiHlaAntibody]:
    return patient.anti_hla_antibodies.all()


def latest_search(patient: Patient) -> DonorSearch | None:
    return patient.donor_searches.select_related("run_by").first()


def active_selections(patient: Patient) -> QuerySet[DonorSelection]:
    return patient.donor_selections.filter(withdrawn_at__isnull=True).select_related("chosen_by")


def confirmatory_requests(patient: Patient) -> QuerySet[ConfirmatoryTypingRequest]:
    return patient.confirmatory_requests.select_related("requested_by")
