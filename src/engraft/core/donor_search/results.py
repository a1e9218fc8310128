"""What a donor search returns: typed results, grades as numbers, directions as fields.

Family donors and unrelated donors (registry and cord) come back in two sections, each ranked
among itself: the registry's top-N cut never drops a typed relative. ``to_json`` gives the
snapshot the app stores and the command line prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from engraft.core.hla.match_grade import Direction, GradeSummary, LocusStatus

#: DPB1 TCE rank (the knowledge base's ``tce_rank``) -> its name on screen.
TCE_NAMES = {4: "match", 3: "permissive", 2: "unknown", 1: "non-permissive GvH",
             0: "non-permissive HvG"}  # fmt: skip


@dataclass(frozen=True)
class LocusResult:
    """One locus of one donor: best/worst mismatches, best-case GvH/HvG counts, direction."""

    status: LocusStatus
    mismatches_min: int
    mismatches_max: int
    antigen_mismatches_min: int
    gvh: int
    hvg: int
    direction: Direction


@dataclass(frozen=True)
class DsaHit:
    """A patient antibody, at or above the cut-off, against alleles this donor may carry."""

    specificity: str
    mfi: int
    donor_alleles: tuple[str, ...]


@dataclass
class DonorHit:
    """One graded donor and why it ranks where it does within its section."""

    source: str  # family, registry, cord
    donor_id: str
    label: str
    rank: int
    rank_key: int
    grade_8: GradeSummary
    grade_10: GradeSummary
    loci: dict[str, LocusResult]
    hvg_flag: tuple[str, ...]
    tce: str
    why: list[str]
    dsa: list[DsaHit] = field(default_factory=list)
    donor_gl: str = ""
    attributes: dict[str, object] = field(default_factory=dict)
    #: A family donor below the search's minimum grade: still listed, marked, never hidden.
    below_min_grade: bool = False
    #: How sure the 8/8 grade is: "confirmed", "probable" or "possible" (ranking.confidence).
    confidence: str = "confirmed"

    def meets(self, of: int, matched: int, grade_12: GradeSummary | None = None) -> bool:
        """Whether the best case reaches ``matched``/``of`` (``of`` 8, 10 or 12)."""
        if not matched:
            return True
        summary = {8: self.grade_8, 10: self.grade_10}.get(of, grade_12)
        if summary is None:
            raise ValueError(f"no x/{of} grade for this donor")
        return summary.matched_max >= matched


@dataclass
class SearchResult:
    """Family donors and unrelated donors, each ranked; the facts the ranking used."""

    imgt_release: str
    patient_gl: str
    ranking: str
    min_grade: str | None
    dsa_threshold: dict[str, object]
    family: list[DonorHit]
    unrelated: list[DonorHit]
    family_analysis: list[dict[str, object]] | None
    context: dict[str, object]
    #: Every ranking field in key order with its evidence (in-house ones labelled), and how
    #: equal keys are ordered: what the page shows beside the results.
    ranking_fields: list[dict[str, object]] = field(default_factory=list)
    tie_breaks: str = ""
    #: The patient's ambiguous loci and what high-resolution typing would change (None when
    #: the patient is typed at one allele per copy): ``search.patient_ambiguity``.
    patient_ambiguity: dict[str, object] | None = None

    def to_json(self) -> dict[str, object]:
        """JSON-ready snapshot (enums as their values, grades with their labels)."""

        def hit(h: DonorHit) -> dict[str, object]:
            out = asdict(h)
            for key in ("grade_8", "grade_10"):
                out[key]["label"] = getattr(h, key).label
            for locus in out["loci"].values():
                locus["status"] = str(locus["status"])
                locus["direction"] = str(locus["direction"])
            out["hvg_flag"] = list(h.hvg_flag)
            out["dsa"] = [{**d, "donor_alleles": list(d["donor_alleles"])} for d in out["dsa"]]
            return out

        return {
            "imgt_release": self.imgt_release,
            "patient": self.patient_gl,
            "patient_ambiguity": self.patient_ambiguity,
            "ranking": self.ranking,
            "ranking_fields": self.ranking_fields,
            "tie_breaks": self.tie_breaks,
            "min_grade": self.min_grade,
            "dsa_threshold": self.dsa_threshold,
            "context": self.context,
            "family_donors": [hit(h) for h in self.family],
            "results": [hit(h) for h in self.unrelated],
            "family_analysis": self.family_analysis,
        }
