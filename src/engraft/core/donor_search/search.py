"""One search: a patient against family donors, the registry and cord units at once."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from engraft.core.donor_search import engine
from engraft.core.donor_search.reference_grader import DonorFacts, rank_fields
from engraft.core.donor_search.store import ABO_CODES, CMV_CODES, SEX_CODES, DonorStore
from engraft.core.hla.cord_blood import (
    DOSE_SOURCE,
    MIN_CD34_PER_KG,
    MIN_TNC_PER_KG,
    OSTEOPETROSIS_CAUTION,
)
from engraft.core.hla.family import FamilyAnalysis, FamilyMember, Relationship, analyse_family
from engraft.core.hla.hla_typing import HlaTyping
from engraft.core.hla.match_grade import status_from_counts
from engraft.core.hla.nomenclature import LOCI, Nomenclature
from engraft.core.hla.ranking import RANKING_SOURCE, PatientContext, rank_key, unpack_key

TCE_NAMES = {4: "match", 3: "permissive", 2: "unknown", 1: "non-permissive GvH",
             0: "non-permissive HvG"}  # fmt: skip


@dataclass
class SearchHit:
    """One ranked donor and why it ranks where it does."""

    source: str  # family, registry, cord
    donor_id: str
    rank_key: int
    grade_8: str
    grade_10: str
    loci: dict[str, dict[str, object]]
    hvg_flag: list[str]
    why: list[str]
    attributes: dict[str, object] = field(default_factory=dict)


def _why(fields: dict[str, int], hvg: list[str]) -> list[str]:
    out = [
        f"{fields['matched_8']}/8 best case at A, B, C, DRB1 (Dehn 2019)",
        f"DQB1 {fields['matched_dqb1']}/2",
        "all loci confirmed"
        if fields["certain"]
        else "potential match: confirmatory typing needed",
    ]
    if hvg:
        out.append(
            f"HvG-direction mismatch at {', '.join(hvg)}: graft-failure risk in osteopetrosis"
        )
    out.append(f"DPB1 TCE {TCE_NAMES[fields['tce']]}")
    out.append(f"age {127 - fields['youth']}" if fields["youth"] else "age unknown")
    out += [f"CMV {'match' if fields['cmv_match'] else 'not matched/unknown'}",
            "male donor" if fields["male"] else "female/unknown-sex donor",
            f"ABO {'identical' if fields['abo_match'] else 'not identical/unknown'}"]  # fmt: skip
    return out


def search(
    nomenclature: Nomenclature,
    store: DonorStore | None,
    patient: HlaTyping,
    context: PatientContext,
    family: list[FamilyMember] | None = None,
    min_grade: str | None = None,
    top: int = 100,
) -> dict[str, object]:
    """Grade and rank family, registry and cord donors; return a JSON-ready result."""
    hits: list[SearchHit] = []
    analysis: FamilyAnalysis | None = None
    if family:
        analysis = analyse_family(patient, family)
        relation_of = {m.name: m for m in analysis.members}
        for member in family:
            fields, mg = rank_fields(nomenclature, patient, member.typing, DonorFacts(), context)
            rel = relation_of[member.name]
            hvg = list(mg.hvg_mismatched_loci)
            hits.append(SearchHit(
                "family", member.name, rank_key(fields), mg.summary(8).label,
                mg.summary(10).label,
                {n: {"status": lg.status.value, "direction": lg.direction.value}
                 for n, lg in mg.loci.items()},
                hvg, [f"{rel.relationship.value}: {rel.reason}", *_why(fields, hvg)],
                {"relationship": rel.relationship.value, "role": member.role},
            ))  # fmt: skip
    if store is not None and store.count:
        tables = engine.prepare_patient(nomenclature, store, patient, context)
        rows, row_keys = engine.search_top(store, tables, top, min_grade)
        details = engine.locus_details(store, tables, rows)
        c = store.columns
        for k, row in enumerate(rows):
            fields = unpack_key(int(row_keys[k]))
            loci = {}
            hvg = []
            for li, name in enumerate(LOCI):
                mm_min, mm_max, ag_min, g_min, h_min, _ = (int(x) for x in details[k, li])
                loci[name] = {"status": status_from_counts(mm_min, mm_max, ag_min).value,
                              "mismatches": [mm_min, mm_max], "gvh": g_min, "hvg": h_min}  # fmt: skip  # noqa: E501
                if h_min and li < 5:
                    hvg.append(name)
            m8 = sum(loci[n]["mismatches"][0] for n in LOCI[:4])
            m8w = sum(loci[n]["mismatches"][1] for n in LOCI[:4])
            m10 = m8 + loci["DQB1"]["mismatches"][0]
            m10w = m8w + loci["DQB1"]["mismatches"][1]
            is_cord = bool(c["kind"][row])
            attrs: dict[str, object] = {
                "registry": store.registries[int(c["registry"][row])]
                if int(c["registry"][row]) < len(store.registries) else "unknown",
                "age": None if c["age"][row] >= 255 else int(c["age"][row]),
                "sex": SEX_CODES[int(c["sex"][row])], "cmv": CMV_CODES[int(c["cmv"][row])],
                "abo": ABO_CODES[int(c["abo"][row])],
            }  # fmt: skip
            why = _why(fields, hvg)
            if is_cord:
                trad = 6 - sum(int(details[k, LOCI.index(n), 2]) for n in ("A", "B"))
                trad -= int(details[k, LOCI.index("DRB1"), 0])
                attrs["cord_grade_6"] = f"{trad}/6"
                w = context.weight_kg
                tnc, cd34 = float(c["tnc"][row]), float(c["cd34"][row])
                if w:
                    attrs["tnc_per_kg"] = tnc / w
                    attrs["cd34_per_kg"] = cd34 / w
                    attrs["dose_adequate"] = bool(tnc / w >= MIN_TNC_PER_KG
                                                  and cd34 / w >= MIN_CD34_PER_KG)  # fmt: skip
                attrs["dose_source"] = DOSE_SOURCE
                why.append(OSTEOPETROSIS_CAUTION)
            label8 = f"{8 - m8w}/8" if m8 == m8w else f"{8 - m8w}-{8 - m8}/8"
            label10 = f"{10 - m10w}/10" if m10 == m10w else f"{10 - m10w}-{10 - m10}/10"
            hits.append(SearchHit("cord" if is_cord else "registry", store.donor_id(int(row)),
                                  int(row_keys[k]), label8, label10, loci, hvg, why, attrs))  # fmt: skip  # noqa: E501

    # An HLA-identical sibling is the preferred donor in osteopetrosis (Orchard 2015;
    # Driessen 2003, hla.md "Related donors"): it ranks first whatever the other keys.
    def order(h: SearchHit) -> tuple[int, int]:
        sib = h.attributes.get("relationship") == Relationship.HLA_IDENTICAL_SIBLING.value
        return (1 if sib else 0, h.rank_key)

    hits.sort(key=order, reverse=True)
    return {
        "imgt_release": nomenclature.imgt_release,
        "patient": patient.gl(),
        "ranking": RANKING_SOURCE,
        "min_grade": min_grade,
        "results": [asdict(h) for h in hits[:top] if True],
        "family": None if analysis is None else [asdict(m) for m in analysis.members],
    }


def as_json_ready(value: object) -> object:
    """numpy scalars to Python, for json.dumps."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(type(value).__name__)
