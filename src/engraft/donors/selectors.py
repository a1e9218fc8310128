"""Reads for stage 5: typings, antibodies, searches, selections, family analysis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from engraft.core.hla.family import FamilyMember, MemberResult, Relationship, analyse_family
from engraft.core.hla.hla_typing import HlaTyping as ParsedTyping
from engraft.core.hla.hla_typing import parse_typing
from engraft.core.hla.typing_conflict import conflicting_loci
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
    """Every typing, voided ones included (the page shows them struck through)."""
    return patient.hla_typings.select_related("relative", "recorded_by", "voided_by")


def current_typings(patient: Patient) -> QuerySet[HlaTyping]:
    """The typings not voided: the only ones a search or the family analysis reads."""
    return typings(patient).filter(voided_at__isnull=True)


@dataclass(frozen=True)
class TypingConflict:
    """Two current typings of one person that cannot both be right, and where."""

    relative: Relative | None  # None: the patient
    first: HlaTyping
    second: HlaTyping
    loci: list[str]

    @property
    def subject_name(self) -> str:
        return self.first.subject_name

    @property
    def text(self) -> str:
        return (
            f"Conflicting HLA typings of {self.subject_name} at {', '.join(self.loci)}: "
            f"{self.first.laboratory} on {self.first.typed_on:%d %b %Y} and "
            f"{self.second.laboratory} on {self.second.typed_on:%d %b %Y}. Neither is used "
            "until the wrong one is voided."
        )


def typing_conflicts(patient: Patient) -> list[TypingConflict]:
    """Pairs of current typings of the same person that conflict at some locus."""
    nom = nomenclature()
    by_subject: dict[int | None, list[tuple[HlaTyping, ParsedTyping]]] = {}
    for typing in current_typings(patient):
        by_subject.setdefault(typing.relative_id, []).append(
            (typing, parse_typing(nom, typing.gl_string))
        )
    out = []
    for entries in by_subject.values():
        for i, (first, parsed_first) in enumerate(entries):
            for second, parsed_second in entries[i + 1 :]:
                loci = conflicting_loci(parsed_first, parsed_second)
                if loci:
                    out.append(TypingConflict(first.relative, first, second, loci))
    return out


def patient_typing_conflict(patient: Patient) -> TypingConflict | None:
    """A conflict between two current typings of the patient, if any."""
    return next((c for c in typing_conflicts(patient) if c.relative is None), None)


def patient_typing(patient: Patient) -> HlaTyping | None:
    """The patient's latest current typing (by typing date, then entry)."""
    return current_typings(patient).filter(relative__isnull=True).first()


def patient_ambiguous_loci(patient: Patient) -> tuple[str, ...]:
    """The loci at which the patient's current typing allows several alleles or genotypes
    (searched over all of them; high-resolution typing would sharpen the result)."""
    typing = patient_typing(patient)
    if typing is None:
        return ()
    return parse_typing(nomenclature(), typing.gl_string).ambiguous_loci


def family_typings(patient: Patient) -> list[tuple[Relative, HlaTyping]]:
    """Each relative's latest current typing, for relatives the family analysis can place;
    a relative whose current typings conflict is left out until resolved."""
    conflicted = {c.relative.pk for c in typing_conflicts(patient) if c.relative is not None}
    latest: dict[int, HlaTyping] = {}
    for typing in current_typings(patient).filter(relative__isnull=False):
        latest.setdefault(typing.relative_id, typing)
    return [
        (t.relative, t)
        for t in latest.values()
        if t.relative.relationship in FAMILY_ROLES and t.relative_id not in conflicted
    ]


def _age(birth_date: date | None, on: date) -> int | None:
    if birth_date is None:
        return None
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def family_members(patient: Patient, today: date | None = None) -> list[FamilyMember]:
    """Typed relatives as the core's family members (name = the relative's public id)."""
    nom = nomenclature()
    today = today or timezone.localdate()
    return [
        FamilyMember(str(rel.public_id), FAMILY_ROLES[rel.relationship],
                     parse_typing(nom, typing.gl_string), label=str(rel),
                     age=_age(rel.birth_date, today), sex=rel.sex)
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
    if typing is None or not members or patient_typing_conflict(patient) is not None:
        return None
    analysis = analyse_family(parse_typing(nomenclature(), typing.gl_string), members)
    relatives = {str(r.public_id): r for r in patient.relatives.all()}
    return [FamilyRow(relatives[m.name], m) for m in analysis.members]


def antibodies(patient: Patient) -> QuerySet[AntiHlaAntibody]:
    """Every antibody, voided ones included (the page shows them struck through)."""
    return patient.anti_hla_antibodies.select_related("voided_by")


def current_antibodies(patient: Patient) -> QuerySet[AntiHlaAntibody]:
    """Antibodies not voided: the only ones the DSA check reads."""
    return antibodies(patient).filter(voided_at__isnull=True)


def latest_search(patient: Patient) -> DonorSearch | None:
    return patient.donor_searches.select_related("run_by").first()


def active_selections(patient: Patient) -> QuerySet[DonorSelection]:
    return patient.donor_selections.filter(withdrawn_at__isnull=True).select_related("chosen_by")


def confirmatory_requests(patient: Patient) -> QuerySet[ConfirmatoryTypingRequest]:
    return patient.confirmatory_requests.select_related("requested_by")


def search_hits(found: DonorSearch) -> list[dict]:
    """Every hit of a stored search: the family section, then the unrelated donors.

    Snapshots before the two sections held family donors among ``results``; both are read.
    """
    return [*found.results.get("family_donors", []), *found.results.get("results", [])]
