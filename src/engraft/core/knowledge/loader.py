"""Read the assessment knowledge base (versioned JSON data files in this package).

The data files hold the clinical facts of shared/research/clinical.md with their sources and
evidence labels; this module turns them into frozen dataclasses. It checks that every source
key a fact cites exists, so a typo cannot silently drop a citation. The files' structure is
validated against ``knowledge.schema.json`` in the test suite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from engraft.core.vocabulary import ClinicalForm

_PACKAGE = "engraft.core.knowledge"


class KnowledgeBaseError(ValueError):
    """A data file of the knowledge base is inconsistent (e.g. cites an unknown source)."""


@dataclass(frozen=True)
class Citation:
    """One source for a fact, with the evidence label the research notes gave the fact.

    ``evidence`` is one of "V" (read in the source), "V-abs" (read in an abstract only),
    "unverified" (from memory, must be checked) or "in-house" (an Engraft choice).
    """

    source_id: str
    reference: str
    evidence: str

    def to_dict(self) -> dict[str, str]:
        """Plain JSON-serialisable form."""
        return {"source_id": self.source_id, "reference": self.reference, "evidence": self.evidence}


@dataclass(frozen=True)
class Fact:
    """A value of the knowledge base with its explanation and citations."""

    value: Any
    text: str
    citations: tuple[Citation, ...]

    @property
    def unverified(self) -> bool:
        """True when the research notes could not verify it (must be checked by a clinician)."""
        return any(c.evidence in ("unverified", "in-house") for c in self.citations)


@dataclass(frozen=True)
class Note:
    """A caution or piece of information attached to a subtype (e.g. RTA persists after HSCT)."""

    kind: str
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Subtype:
    """A genetic subtype of osteopetrosis (one row of clinical.md section 1)."""

    id: str
    gene: str
    protein: str
    genotype: str  # "biallelic", "heterozygous" or "hemizygous"
    name: str
    clinical_form: ClinicalForm
    inheritance: Fact
    share_of_cases: Fact
    osteoclasts: Fact
    typical_severity: Fact
    neurodegeneration: Fact
    hsct_stance: Fact
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class Marker:
    """A severity marker at diagnosis (clinical.md section 5)."""

    id: str
    label: str
    group: str
    points_to: tuple[str, ...]
    meaning: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class WorkupItem:
    """An assessment due at diagnosis (clinical.md section 2c)."""

    id: str
    label: str
    why: str
    neuro_screen: bool
    valid_days: int | None  # in-house currency window; None: never goes out of date
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Rule:
    """A decision rule (clinical.md section 8, or an in-house rule labelled as such)."""

    id: str
    title: str
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class DonorOutcome:
    """A published outcome figure for one donor type (clinical.md section 3)."""

    donor_type: str
    measure: str
    percent: float
    n: int | None
    cohort: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class HctCiRiskGroup:
    """An HCT-CI risk group (0 / 1-2 / >=3) with its published figures."""

    id: str
    minimum: int
    maximum: int | None
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Currency:
    """How long a finding of one marker counts (days before the as-of date); None: always."""

    marker: str
    days: int | None
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Group:
    """A named set of subtypes, genes or markers that a rule reads, with its sources."""

    members: tuple[str, ...]
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class NeurologicalRisk:
    """Children in whom the genotype does not rule out neurodegeneration (rule 2)."""

    biallelic_subtypes: tuple[str, ...]
    any_variant_genes: tuple[str, ...]
    genotype_states: tuple[str, ...]
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class KnowledgeBase:
    """The whole knowledge base, as read from the data files of one version."""

    version: str
    sources: dict[str, str]
    subtypes: tuple[Subtype, ...]
    markers: dict[str, Marker]
    workup: tuple[WorkupItem, ...]
    rules: dict[str, Rule]
    parameters: dict[str, Fact]
    donor_types: dict[str, str]
    donor_outcomes: tuple[DonorOutcome, ...]
    donor_trends: tuple[Note, ...]
    lansky_descriptors: dict[int, str]
    lansky_citations: tuple[Citation, ...]
    lansky_context: Note
    hct_ci_items: dict[str, tuple[int, str]]
    hct_ci_exclusive_groups: tuple[tuple[str, ...], ...]
    hct_ci_citations: tuple[Citation, ...]
    hct_ci_risk_groups: tuple[HctCiRiskGroup, ...]
    currency: dict[str, Currency]
    classic_infantile: Group
    neurodegeneration_markers: Group
    neurological_signs: Group
    neurological_risk: NeurologicalRisk

    def subtypes_for_gene(self, gene: str) -> tuple[Subtype, ...]:
        """Every subtype row of a gene (CLCN7 has a biallelic and a heterozygous row)."""
        return tuple(s for s in self.subtypes if s.gene == gene)

    @property
    def genes(self) -> frozenset[str]:
        """Gene symbols the knowledge base knows about."""
        return frozenset(s.gene for s in self.subtypes)

    @property
    def in_house(self) -> Citation:
        """The citation that marks a value as an Engraft in-house choice."""
        return Citation("in-house", self.sources["in-house"], "in-house")

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id; KeyError names it if absent."""
        return self.rules[rule_id]

    def currency_days(self, marker: str) -> int | None:
        """Days a finding of ``marker`` stays current; None when it never goes out of date."""
        window = self.currency.get(marker)
        return window.days if window else None

    def parameter(self, name: str) -> Fact:
        """A sourced threshold (e.g. ``vision_window_months``)."""
        return self.parameters[name]


def _read(name: str) -> Any:
    return json.loads(files(_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def _manifest() -> dict[str, Any]:
    return _read("manifest.json")


def read_manifest() -> dict[str, Any]:
    """The manifest: version and the list of data files."""
    return _manifest()


KNOWLEDGE_BASE_VERSION: str = _manifest()["version"]


class _Citer:
    """Turns source keys into citations, refusing unknown keys."""

    def __init__(self, sources: dict[str, dict[str, str]]) -> None:
        self._sources = sources

    def __call__(self, keys: list[str], evidence: str) -> tuple[Citation, ...]:
        out = []
        for key in keys:
            if key not in self._sources:
                raise KnowledgeBaseError(f"unknown source key {key!r}")
            # The in-house pseudo-source is always labelled in-house, whatever the fact says.
            label = "in-house" if key == "in-house" else evidence
            out.append(Citation(key, self._sources[key]["reference"], label))
        return tuple(out)

    def fact(self, raw: dict[str, Any]) -> Fact:
        return Fact(raw["value"], raw.get("text", ""), self(raw["sources"], raw["evidence"]))

    def note(self, raw: dict[str, Any]) -> Note:
        return Note(
            raw.get("kind", "information"), raw["text"], self(raw["sources"], raw["evidence"])
        )


def _group(raw: dict[str, Any], key: str, cite: _Citer) -> Group:
    return Group(tuple(raw[key]), raw["text"], cite(raw["sources"], raw["evidence"]))


@cache
def read_data_file(name: str) -> Any:
    """One data file of the knowledge base, parsed (for the record's and work-up's tables)."""
    if name not in _manifest()["files"]:
        raise KnowledgeBaseError(f"{name!r} is not a file of the knowledge base")
    return _read(name)


def _subtype(raw: dict[str, Any], cite: _Citer) -> Subtype:
    return Subtype(
        id=raw["id"],
        gene=raw["gene"],
        protein=raw["protein"],
        genotype=raw["genotype"],
        name=raw["name"],
        clinical_form=ClinicalForm(raw["clinical_form"]),
        inheritance=cite.fact(raw["inheritance"]),
        share_of_cases=cite.fact(raw["share_of_cases"]),
        osteoclasts=cite.fact(raw["osteoclasts"]),
        typical_severity=cite.fact(raw["typical_severity"]),
        neurodegeneration=cite.fact(raw["neurodegeneration"]),
        hsct_stance=cite.fact(raw["hsct_stance"]),
        notes=tuple(cite.note(n) for n in raw["notes"]),
    )


@cache
def load_knowledge_base() -> KnowledgeBase:
    """Read and cross-check every data file; cached, so later calls are free."""
    manifest = _manifest()
    sources = _read("sources.json")["sources"]
    cite = _Citer(sources)
    genes, outcomes = _read("genes.json"), _read("outcomes.json")
    markers, workup = _read("markers.json"), _read("workup.json")
    rules, risk = _read("rules.json"), _read("risk.json")
    lansky, hct = risk["lansky"], risk["hct_ci"]
    currency, pathways = _read("currency.json"), _read("pathways.json")
    risk_group = pathways["neurological_risk"]
    return KnowledgeBase(
        version=manifest["version"],
        sources={k: v["reference"] for k, v in sources.items()},
        subtypes=tuple(_subtype(s, cite) for s in genes["subtypes"]),
        markers={
            m["id"]: Marker(
                m["id"],
                m["label"],
                m["group"],
                tuple(m.get("points_to", ())),
                m["meaning"],
                cite(m["sources"], m["evidence"]),
            )
            for m in markers["markers"]
        },
        workup=tuple(
            WorkupItem(
                w["id"],
                w["label"],
                w["why"],
                w["neuro_screen"],
                w["valid_days"],
                cite(w["sources"], w["evidence"]),
            )
            for w in workup["items"]
        ),
        rules={
            r["id"]: Rule(r["id"], r["title"], r["text"], cite(r["sources"], r["evidence"]))
            for r in rules["rules"]
        },
        parameters={k: cite.fact(v) for k, v in rules["parameters"].items()},
        donor_types=dict(outcomes["donor_types"]),
        donor_outcomes=tuple(
            DonorOutcome(
                o["donor_type"],
                o["measure"],
                float(o["percent"]),
                o.get("n"),
                o["cohort"],
                cite(o["sources"], o["evidence"]),
            )
            for o in outcomes["donor_outcomes"]
        ),
        donor_trends=tuple(cite.note(t) for t in outcomes["trends"]),
        lansky_descriptors={int(k): v for k, v in lansky["descriptors"].items()},
        lansky_citations=cite(lansky["sources"], lansky["evidence"]),
        lansky_context=cite.note(lansky["context"]),
        hct_ci_items={k: (v["weight"], v["label"]) for k, v in hct["items"].items()},
        hct_ci_exclusive_groups=tuple(tuple(g) for g in hct["exclusive_groups"]),
        hct_ci_citations=cite(hct["sources"], hct["evidence"]),
        hct_ci_risk_groups=tuple(
            HctCiRiskGroup(
                g["id"], g["min"], g["max"], g["text"], cite(g["sources"], g["evidence"])
            )
            for g in hct["risk_groups"]
        ),
        currency={
            w["marker"]: Currency(
                w["marker"], w["days"], w["text"], cite(w["sources"], w["evidence"])
            )
            for w in currency["windows"]
        },
        classic_infantile=_group(pathways["classic_infantile"], "subtypes", cite),
        neurodegeneration_markers=_group(pathways["neurodegeneration_markers"], "markers", cite),
        neurological_signs=_group(pathways["neurological_signs"], "markers", cite),
        neurological_risk=NeurologicalRisk(
            tuple(risk_group["biallelic_subtypes"]),
            tuple(risk_group["any_variant_genes"]),
            tuple(risk_group["genotype_states"]),
            risk_group["text"],
            cite(risk_group["sources"], risk_group["evidence"]),
        ),
    )
