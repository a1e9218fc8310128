"""One search: a patient against family donors, the registry and cord units at once.

Family donors are graded and ranked among themselves and always returned, whatever the
registry's top-N cut (issue 9: a haploidentical mother must stay selectable); a family donor
below the minimum grade is kept and marked. Registry donors and cord units are ranked together
by the fast engine. Every hit carries its grade as numbers, each locus's mismatch direction,
the DPB1 TCE, donor-specific antibodies and the reasons for its rank.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from engraft.core.donor_search import engine
from engraft.core.donor_search.reference_grader import DonorFacts, rank_fields
from engraft.core.donor_search.results import (
    TCE_NAMES,
    DonorHit,
    DsaHit,
    LocusResult,
    SearchResult,
)
from engraft.core.donor_search.store import ABO_CODES, CMV_CODES, SEX_CODES, DonorStore
from engraft.core.hla.cord_blood import (
    DOSE_SOURCE,
    MIN_CD34_PER_KG,
    MIN_TNC_PER_KG,
    OSTEOPETROSIS_CAUTION,
)
from engraft.core.hla.dsa import DSA_MFI_THRESHOLD, DSA_THRESHOLD_SOURCE, Antibody, dsa_hits
from engraft.core.hla.family import FamilyMember, Relationship, analyse_family
from engraft.core.hla.hla_typing import HlaTyping
from engraft.core.hla.knowledge import donor_constants
from engraft.core.hla.match_grade import (
    GradeSummary,
    LocusStatus,
    direction_from_counts,
    patient_pairs,
    status_from_counts,
)
from engraft.core.hla.nomenclature import LOCI, Nomenclature
from engraft.core.hla.ranking import (
    CONFIDENCE_NAMES,
    CONFIRMED,
    POSSIBLE,
    PROBABLE,
    RANK_FIELD_TEXTS,
    RANK_FIELDS,
    RANKING_SOURCE,
    TCE_RANK,
    TIE_BREAKS,
    PatientContext,
    unpack_key,
)
from engraft.core.hla.ranking import rank_key as pack_key
from engraft.core.knowledge.loader import KnowledgeBaseError

#: Loci whose certain HvG mismatch is flagged and counted by ``no_hvg`` (DPB1 is judged by
#: its TCE instead).
HVG_LOCI = LOCI[:5]

# The numba kernel packs the key with fixed shifts and TCE ranks; refuse to rank with a
# knowledge base whose order differs from what the kernel packs, rather than rank wrongly.
_KERNEL_FIELDS = (("matched_8", 4), ("confidence", 2), ("youth", 7), ("tce", 3),
                  ("matched_dqb1", 2), ("no_hvg", 3), ("cmv_match", 1), ("male", 1),
                  ("abo_match", 1))  # fmt: skip
_KERNEL_TCE = {"match": 4, "permissive": 3, "unknown": 2, "non_permissive_gvh": 1,
               "non_permissive_hvg": 0}  # fmt: skip


def check_kernel_layout() -> None:
    """Raise when the knowledge base's ranking differs from the engine's packed layout."""
    shifts = {}
    at = 0
    for name, bits in reversed(RANK_FIELDS):
        shifts[name] = at
        at += bits
    engine_shifts = {"no_hvg": engine.SH_NO_HVG, "matched_dqb1": engine.SH_DQ,
                     "tce": engine.SH_TCE, "youth": engine.SH_YOUTH,
                     "confidence": engine.SH_CONFIDENCE, "matched_8": engine.SH_M8}  # fmt: skip
    if (
        tuple(RANK_FIELDS) != _KERNEL_FIELDS
        or {k: shifts[k] for k in engine_shifts} != engine_shifts
        or {str(k): v for k, v in TCE_RANK.items()} != _KERNEL_TCE
    ):
        raise KnowledgeBaseError(
            "donors.json ranking differs from the fast engine's packed key: change both"
        )


check_kernel_layout()


#: What each confidence tier means, as the results say it (in-house tiers, donors.json).
CONFIDENCE_TEXT = {
    CONFIRMED: "confirmed: every 8/8 locus typed to its grade",
    PROBABLE: "probable: the open loci match at antigen level, only the allele is open; "
    "confirmatory typing needed (in-house tier)",
    POSSIBLE: "possible: a locus may be an antigen mismatch or is not typed; confirmatory "
    "typing needed (in-house tier)",
}


def _why(fields: dict[str, int], hvg: Iterable[str]) -> list[str]:
    """The reasons for a rank, in the order of the key (donors.json)."""
    hvg = list(hvg)
    out = [
        f"{fields['matched_8']}/8 best case at A, B, C, DRB1 (Dehn 2019)",
        CONFIDENCE_TEXT[fields["confidence"]],
        f"age {127 - fields['youth']}" if fields["youth"] else "age unknown",
        f"DPB1 TCE {TCE_NAMES[fields['tce']]}",
        f"DQB1 {fields['matched_dqb1']}/2 best case",
    ]
    if hvg:
        out.append(
            f"HvG-direction mismatch at {', '.join(hvg)}: graft-failure risk in osteopetrosis "
            "(ranked after the fields above: in-house)"
        )
    out += [f"CMV {'match' if fields['cmv_match'] else 'not matched/unknown'}",
            "male donor" if fields["male"] else "female/unknown-sex donor",
            f"ABO {'identical' if fields['abo_match'] else 'not identical/unknown'}"]  # fmt: skip
    return out


def _dsa(
    nomenclature: Nomenclature, slots: dict[str, list[frozenset[str]]], antibodies: list[Antibody]
) -> list[DsaHit]:
    every = {a for pair in slots.values() for slot in pair for a in slot}
    return [
        DsaHit(str(h["specificity"]), int(h["mfi"]), tuple(h["donor_alleles"]))
        for h in dsa_hits(nomenclature, every, antibodies)
    ]


def _dsa_why(dsa: list[DsaHit]) -> list[str]:
    return [
        f"donor-specific antibody anti-{d.specificity} (MFI {d.mfi}) against "
        f"{', '.join(d.donor_alleles)}: avoid if another donor exists (hla.md)"
        for d in dsa
    ]


def family_hits(
    nomenclature: Nomenclature,
    patient: HlaTyping,
    family: list[FamilyMember],
    context: PatientContext,
    antibodies: list[Antibody],
    of: int = 8,
    matched: int = 0,
) -> tuple[list[DonorHit], list[dict[str, object]]]:
    """Every typed relative graded and ranked among the family; HLA-identical siblings first.

    Relatives below ``matched``/``of`` stay in the list, marked ``below_min_grade``.
    """
    analysis = analyse_family(patient, family)
    relation_of = {m.name: m for m in analysis.members}
    hits = []
    for member in family:
        facts = DonorFacts(age=member.age, sex=member.sex)
        fields, mg = rank_fields(nomenclature, patient, member.typing, facts, context)
        rel = relation_of[member.name]
        loci = {
            n: LocusResult(lg.status, lg.mismatches_min, lg.mismatches_max,
                           lg.antigen_mismatches_min, lg.gvh_min, lg.hvg_min, lg.direction)
            for n, lg in mg.loci.items()
        }  # fmt: skip
        hvg = tuple(n for n in HVG_LOCI if mg.loci[n].hvg_min > 0)
        slots = {n: list(lt.slots) for n, lt in member.typing.loci.items()}
        dsa = _dsa(nomenclature, slots, antibodies)
        hit = DonorHit(
            source="family", donor_id=member.name, label=member.label or member.name, rank=0,
            rank_key=pack_key(fields), grade_8=mg.summary(8), grade_10=mg.summary(10),
            loci=loci, hvg_flag=hvg, tce=TCE_NAMES[fields["tce"]],
            confidence=CONFIDENCE_NAMES[fields["confidence"]],
            why=[f"{rel.relationship.value}: {rel.reason}", *_why(fields, hvg), *_dsa_why(dsa)],
            dsa=dsa, donor_gl=member.typing.gl(),
            attributes={"relationship": rel.relationship.value, "role": member.role,
                        "age": member.age, "sex": member.sex},
        )  # fmt: skip
        if matched and not hit.meets(of, matched, mg.summary(12)):
            hit.below_min_grade = True
            hit.why.append(f"below the minimum grade {matched}/{of}: shown, not hidden")
        hits.append(hit)

    # An HLA-identical sibling is the preferred donor in osteopetrosis (Orchard 2015;
    # Driessen 2003, hla.md "Related donors"): it ranks first whatever the other keys.
    # Equal keys: the relative's name (ascending), never the order they were entered in.
    hits.sort(key=lambda h: h.donor_id)

    def order(h: DonorHit) -> tuple[int, int]:
        sib = h.attributes.get("relationship") == Relationship.HLA_IDENTICAL_SIBLING.value
        return (1 if sib else 0, h.rank_key)

    hits.sort(key=order, reverse=True)  # stable: names stay ascending within equal keys
    for rank, hit in enumerate(hits, start=1):
        hit.rank = rank
    members = [
        {"name": m.name, "role": m.role, "relationship": m.relationship.value,
         "paternal": m.paternal, "maternal": m.maternal, "reason": m.reason}
        for m in analysis.members
    ]  # fmt: skip
    return hits, members


def _label(of: int, worst: int, best: int) -> GradeSummary:
    return GradeSummary(of, of - worst, of - best)


def _store_slots(store: DonorStore, row: int) -> dict[str, list[frozenset[str]]]:
    """Per typed locus, the alleles each copy may be (a genotype list: its union)."""
    codes = store.hla[row]
    out: dict[str, list[frozenset[str]]] = {}
    for i, locus in enumerate(LOCI):
        pair = [store.codebook.alleles(locus, int(codes[2 * i + k])) for k in (0, 1)]
        if any(pair):
            out[locus] = [frozenset(s) for s in pair]
    return out


def _store_gl(store: DonorStore, row: int) -> str:
    """A store row's GL string (a genotype list as its genotypes)."""
    codes = [int(c) for c in store.hla[row]]
    parts = (store.codebook.locus_gl(locus, codes[2 * i], codes[2 * i + 1])
             for i, locus in enumerate(LOCI))  # fmt: skip
    return "^".join(p for p in parts if p)


def unrelated_hits(
    nomenclature: Nomenclature,
    store: DonorStore,
    patient: HlaTyping,
    context: PatientContext,
    antibodies: list[Antibody],
    min_grade: str | None,
    top: int,
) -> list[DonorHit]:
    """The registry's and cord bank's best ``top`` donors, ranked by the fast engine."""
    tables = engine.prepare_patient(nomenclature, store, patient, context)
    rows, row_keys = engine.search_top(store, tables, top, min_grade)
    details = engine.locus_details(store, tables, rows)
    c = store.columns
    hits = []
    for k, row in enumerate(rows):
        row = int(row)
        fields = unpack_key(int(row_keys[k]))
        loci = {}
        codes = store.hla[row]
        for li, name in enumerate(LOCI):
            mm_min, mm_max, ag_min, _ag_max, g_min, h_min, _ = (int(x) for x in details[k, li])
            typed = tables.patient_typed[li] and codes[2 * li] and codes[2 * li + 1]
            status = (status_from_counts(mm_min, mm_max, ag_min) if typed
                      else LocusStatus.NOT_TYPED)  # fmt: skip
            loci[name] = LocusResult(status, mm_min, mm_max, ag_min, g_min, h_min,
                                     direction_from_counts(mm_min, g_min, h_min))  # fmt: skip
        hvg = tuple(n for n in HVG_LOCI if loci[n].hvg)
        worst8 = sum(loci[n].mismatches_max for n in LOCI[:4])
        best8 = sum(loci[n].mismatches_min for n in LOCI[:4])
        is_cord = bool(c["kind"][row])
        registry = int(c["registry"][row])
        attrs: dict[str, object] = {
            "registry": store.registries[registry] if registry < len(store.registries)
            else "unknown",
            "age": None if c["age"][row] >= 255 else int(c["age"][row]),
            "sex": SEX_CODES[int(c["sex"][row])], "cmv": CMV_CODES[int(c["cmv"][row])],
            "abo": ABO_CODES[int(c["abo"][row])],
        }  # fmt: skip
        slots = _store_slots(store, row)
        dsa = _dsa(nomenclature, slots, antibodies)
        why = [*_why(fields, hvg), *_dsa_why(dsa)]
        if is_cord:
            why += _cord(attrs, loci, float(c["tnc"][row]), float(c["cd34"][row]), context)
        donor_id = store.donor_id(row)
        hits.append(DonorHit(
            source="cord" if is_cord else "registry", donor_id=donor_id, label=donor_id,
            rank=k + 1, rank_key=int(row_keys[k]),
            grade_8=_label(8, worst8, best8),
            grade_10=_label(10, worst8 + loci["DQB1"].mismatches_max,
                            best8 + loci["DQB1"].mismatches_min),
            loci=loci, hvg_flag=hvg, tce=TCE_NAMES[fields["tce"]],
            confidence=CONFIDENCE_NAMES[fields["confidence"]], why=why, dsa=dsa,
            donor_gl=_store_gl(store, row), attributes=attrs,
        ))  # fmt: skip
    return hits


def _cord(
    attrs: dict[str, object],
    loci: dict[str, LocusResult],
    tnc: float,
    cd34: float,
    context: PatientContext,
) -> list[str]:
    """Cord grade x/6 and the cell dose per kg of the patient's weight (and which weight)."""
    # x/6: A and B at antigen level, DRB1 at allele level (hla.md "Cord blood")
    attrs["cord_grade_6"] = (
        f"{6 - loci['A'].antigen_mismatches_min - loci['B'].antigen_mismatches_min - loci['DRB1'].mismatches_min}/6"  # noqa: E501
    )
    why = []
    w = context.weight_kg
    if w and tnc == tnc and cd34 == cd34:  # NaN = unknown
        attrs["tnc_per_kg"] = tnc / w
        attrs["cd34_per_kg"] = cd34 / w
        attrs["dose_adequate"] = bool(tnc / w >= MIN_TNC_PER_KG and cd34 / w >= MIN_CD34_PER_KG)
        attrs["dose_weight"] = context.weight_source or f"{w:g} kg"
        why.append(
            f"cell dose TNC {tnc / w:.2e}/kg, CD34+ {cd34 / w:.2e}/kg for "
            f"{attrs['dose_weight']}: {'adequate' if attrs['dose_adequate'] else 'LOW'}"
        )
    elif not w:
        why.append("no weight recorded: cell dose per kg not computed")
    else:
        why.append("unit's cell counts unknown: cell dose per kg not computed")
    attrs["dose_source"] = DOSE_SOURCE
    why.append(OSTEOPETROSIS_CAUTION)
    return why


def patient_ambiguity(patient: HlaTyping) -> dict[str, object] | None:
    """Which of the patient's loci are ambiguous, how many genotypes each allows, and what
    high-resolution typing would change; None for a patient typed at one allele per copy."""
    loci = patient.ambiguous_loci
    if not loci:
        return None
    per_locus = [
        {"locus": name, "typing": patient.loci[name].gl(),
         "genotypes": len(patient_pairs(patient.loci[name]))}
        for name in loci
    ]  # fmt: skip
    return {
        "loci": per_locus,
        "text": (
            f"The patient's typing is ambiguous at {', '.join(loci)}: every donor is graded over "
            "every genotype the typing allows, so grades there are ranges and fewer donors are "
            "confirmed. High-resolution typing of the patient at these loci would sharpen the "
            "result."
        ),
    }


def search(
    nomenclature: Nomenclature,
    store: DonorStore | None,
    patient: HlaTyping,
    context: PatientContext,
    family: list[FamilyMember] | None = None,
    min_grade: str | None = None,
    top: int = 100,
    antibodies: list[Antibody] | None = None,
) -> SearchResult:
    """Grade and rank family donors (all of them) and the registry's and cord bank's best
    ``top``; typed results, two sections."""
    of, matched = engine.parse_min_grade(min_grade)
    antibodies = list(antibodies or [])
    family_section: list[DonorHit] = []
    analysis = None
    if family:
        family_section, analysis = family_hits(
            nomenclature, patient, family, context, antibodies, of, matched
        )
    unrelated: list[DonorHit] = []
    if store is not None and store.count:
        unrelated = unrelated_hits(nomenclature, store, patient, context, antibodies,
                                   min_grade, top)  # fmt: skip
    return SearchResult(
        imgt_release=nomenclature.imgt_release,
        patient_gl=patient.gl(),
        patient_ambiguity=patient_ambiguity(patient),
        ranking=RANKING_SOURCE,
        ranking_fields=[
            {"name": f.name, "text": f.text, "evidence": f.evidence, "in_house": f.in_house}
            for f in RANK_FIELD_TEXTS
        ],
        tie_breaks=TIE_BREAKS,
        min_grade=min_grade,
        dsa_threshold={"mfi": DSA_MFI_THRESHOLD, "source": DSA_THRESHOLD_SOURCE},
        family=family_section,
        unrelated=unrelated,
        family_analysis=analysis,
        context={
            "cmv": context.cmv,
            "abo": context.abo,
            "weight_kg": context.weight_kg,
            "weight_source": context.weight_source,
            "sibling_first": donor_constants().sibling_first,
        },
    )


def as_json_ready(value: object) -> object:
    """numpy scalars to Python, for json.dumps."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(type(value).__name__)
