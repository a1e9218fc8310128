"""Curated eligibility rules: a boolean tree (and / or / not) over typed leaves.

Only age, sex and healthy volunteers are structured on ClinicalTrials.gov, so staff curate the
rest of a trial's criteria as a small tree in the spirit of MatchMiner's CTML (software.md
section 3.6: reuse the and/or tree with typed leaves, not its oncology vocabularies). The JSON
form is described by ``engraft/core/knowledge/trial_rule.schema.json``; :func:`rule_from_dict`
checks it and raises :class:`RuleError` naming the bad path
(``criteria.and[1].lab.unit: 'mg' is not a unit for Bilirubin``).

Each leaf may carry an ``id``, a ``label`` (the criterion in words, shown with the result) and
``covers``: the published free-text items (``I1``, ``E2``: see ``criteria_text.py``) it
encodes. An exclusion criterion is written as ``{"not": leaf}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from engraft.core.assessment.case import DonorType
from engraft.core.assessment.result import Candidacy
from engraft.core.record.analytes import UnknownAnalyteError, get_analyte
from engraft.core.record.lab_value import canonical_ucum
from engraft.core.schema_errors import schema_error_message
from engraft.core.transplant.episode import GraftSource
from engraft.core.trials.patient import TransplantStatus
from engraft.core.vocabulary import ClinicalForm, VariantClassification, Zygosity

RULE_FORMAT = "engraft-trial-rule/1"
Comparator = Literal["<", "<=", ">", ">="]
CAUSAL = (VariantClassification.PATHOGENIC, VariantClassification.LIKELY_PATHOGENIC)


class RuleError(ValueError):
    """A curated rule is invalid; ``path`` is where (``criteria.and[0].min_days``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class LeafInfo:
    """What every leaf carries besides its test: id, words, and the free-text items it covers."""

    id: str
    label: str
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiagnosisLeaf:
    """The diagnosis: ICD-10 code (or a category above it), clinical form, subtype (any of)."""

    info: LeafInfo
    icd10: str | None = None
    clinical_forms: tuple[ClinicalForm, ...] = ()
    subtypes: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeneLeaf:
    """A causal genotype in one of ``genes``, optionally of given zygosity or biallelic."""

    info: LeafInfo
    genes: tuple[str, ...]
    zygosity: tuple[Zygosity, ...] = ()
    biallelic: bool | None = None
    classifications: tuple[VariantClassification, ...] = CAUSAL


@dataclass(frozen=True)
class AgeLeaf:
    """Age in whole days at screening (the matching date) or at day 0; bounds inclusive."""

    info: LeafInfo
    at: Literal["screening", "transplant"]
    min_days: int | None = None
    max_days: int | None = None


@dataclass(frozen=True)
class TransplantStatusLeaf:
    """Transplant status (any of) and days since day 0 (inclusive bounds)."""

    info: LeafInfo
    status: tuple[TransplantStatus, ...] = ()
    days_since_day0_min: int | None = None
    days_since_day0_max: int | None = None


@dataclass(frozen=True)
class DonorTypeLeaf:
    """The donor type of the latest or planned transplant is one of ``any_of``."""

    info: LeafInfo
    any_of: tuple[DonorType, ...]


@dataclass(frozen=True)
class GraftSourceLeaf:
    """The graft source of the latest or planned transplant is one of ``any_of``."""

    info: LeafInfo
    any_of: tuple[GraftSource, ...]


@dataclass(frozen=True)
class PriorTransplantLeaf:
    """``value`` True: at least one HSCT already given; False: none."""

    info: LeafInfo
    value: bool


@dataclass(frozen=True)
class LanskyLeaf:
    """The latest Lansky score is at least ``min``, scored within ``max_age_days`` if set."""

    info: LeafInfo
    min: int
    max_age_days: int | None = None


@dataclass(frozen=True)
class LabLeaf:
    """Organ function: the latest ``analyte`` value compared with a threshold.

    ``value`` and ``unit`` are in the analyte's canonical unit (converted from the rule's
    unit when it was written in another); ``entered`` keeps the text as curated.
    """

    info: LeafInfo
    analyte: str
    comparator: Comparator
    value: float
    unit: str
    max_age_days: int
    entered: str

    def holds(self, reading: float) -> bool:
        """Whether a value in the canonical unit satisfies the comparison."""
        if self.comparator == "<":
            return reading < self.value
        if self.comparator == "<=":
            return reading <= self.value
        if self.comparator == ">":
            return reading > self.value
        return reading >= self.value


@dataclass(frozen=True)
class CandidacyLeaf:
    """The assessment's HSCT candidacy is one of ``any_of``."""

    info: LeafInfo
    any_of: tuple[Candidacy, ...]


Leaf = (
    DiagnosisLeaf
    | GeneLeaf
    | AgeLeaf
    | TransplantStatusLeaf
    | DonorTypeLeaf
    | GraftSourceLeaf
    | PriorTransplantLeaf
    | LanskyLeaf
    | LabLeaf
    | CandidacyLeaf
)


@dataclass(frozen=True)
class And:
    """Every child must meet."""

    children: tuple[Node, ...]
    label: str = "all of"


@dataclass(frozen=True)
class Or:
    """At least one child must meet."""

    children: tuple[Node, ...]
    label: str = "any of"


@dataclass(frozen=True)
class Not:
    """The child must not meet (an exclusion criterion)."""

    child: Node
    label: str = "not"


Node = And | Or | Not | Leaf


@dataclass(frozen=True)
class Rule:
    """A trial's curated rule: which trial, the tree, who curated it and when."""

    nct_id: str
    criteria: Node
    curated_by: str | None = None
    curated_on: date | None = None
    note: str | None = None

    def leaves(self) -> tuple[Leaf, ...]:
        """Every leaf of the tree, in order."""
        return tuple(_leaves(self.criteria))

    def covered_items(self) -> frozenset[str]:
        """The free-text item ids some leaf says it encodes."""
        return frozenset(item for leaf in self.leaves() for item in leaf.info.covers)


def _leaves(node: Node) -> list[Leaf]:
    if isinstance(node, And | Or):
        return [leaf for child in node.children for leaf in _leaves(child)]
    if isinstance(node, Not):
        return _leaves(node.child)
    return [node]


@cache
def rule_schema() -> dict[str, Any]:
    """The JSON Schema of a curated rule, shipped in the knowledge base."""
    text = files("engraft.core.knowledge").joinpath("trial_rule.schema.json").read_text("utf-8")
    return json.loads(text)


_DEFAULT_LABELS = {
    "diagnosis": "diagnosis",
    "gene": "genotype",
    "age": "age",
    "transplant_status": "transplant status",
    "donor_type": "donor type",
    "graft_source": "graft source",
    "prior_transplant": "prior transplant",
    "lansky": "Lansky score",
    "lab": "laboratory value",
    "candidacy": "HSCT candidacy",
}


def _bounds(data: dict[str, Any], low: str, high: str, where: str) -> None:
    if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
        raise RuleError(f"{where}.{low}", f"{data[low]} is above {high} ({data[high]})")


def _leaf(data: dict[str, Any], where: str, counter: list[int]) -> Leaf:
    kind = data["criterion"]
    counter[0] += 1
    info = LeafInfo(
        id=data.get("id", f"{kind}-{counter[0]}"),
        label=data.get("label", _DEFAULT_LABELS[kind]),
        covers=tuple(data.get("covers", ())),
    )
    if kind == "diagnosis":
        return DiagnosisLeaf(
            info,
            data.get("icd10"),
            tuple(ClinicalForm(f) for f in data.get("clinical_forms", ())),
            tuple(data.get("subtypes", ())),
        )
    if kind == "gene":
        return GeneLeaf(
            info,
            tuple(data["genes"]),
            tuple(Zygosity(z) for z in data.get("zygosity", ())),
            data.get("biallelic"),
            tuple(VariantClassification(c) for c in data.get("classifications", CAUSAL)),
        )
    if kind == "age":
        _bounds(data, "min_days", "max_days", where)
        return AgeLeaf(info, data["at"], data.get("min_days"), data.get("max_days"))
    if kind == "transplant_status":
        _bounds(data, "days_since_day0_min", "days_since_day0_max", where)
        return TransplantStatusLeaf(
            info,
            tuple(TransplantStatus(s) for s in data.get("status", ())),
            data.get("days_since_day0_min"),
            data.get("days_since_day0_max"),
        )
    if kind == "donor_type":
        return DonorTypeLeaf(info, tuple(DonorType(d) for d in data["any_of"]))
    if kind == "graft_source":
        return GraftSourceLeaf(info, tuple(GraftSource(g) for g in data["any_of"]))
    if kind == "prior_transplant":
        return PriorTransplantLeaf(info, data["value"])
    if kind == "lansky":
        return LanskyLeaf(info, data["min"], data.get("max_age_days"))
    if kind == "candidacy":
        return CandidacyLeaf(info, tuple(Candidacy(c) for c in data["any_of"]))
    return _lab_leaf(data, where, info)


def _lab_leaf(data: dict[str, Any], where: str, info: LeafInfo) -> LabLeaf:
    try:
        analyte = get_analyte(data["analyte"])
    except UnknownAnalyteError:
        raise RuleError(f"{where}.analyte", f"{data['analyte']!r} is not a known analyte") from None
    ucum = canonical_ucum(data["unit"])
    factor = analyte.factor_for(ucum) if ucum else None
    if factor is None:
        units = ", ".join(analyte.accepted_units)
        raise RuleError(
            f"{where}.unit", f"{data['unit']!r} is not a unit for {analyte.display}; use {units}"
        )
    entered = f"{data['comparator']} {data['value']:g} {data['unit']}"
    return LabLeaf(
        info,
        analyte.key,
        data["comparator"],
        round(float(data["value"]) * factor, 6),
        analyte.unit,
        data["max_age_days"],
        entered,
    )


def _node(data: dict[str, Any], where: str, counter: list[int]) -> Node:
    if "and" in data:
        return And(
            tuple(_node(c, f"{where}.and[{i}]", counter) for i, c in enumerate(data["and"])),
            data.get("label", "all of"),
        )
    if "or" in data:
        return Or(
            tuple(_node(c, f"{where}.or[{i}]", counter) for i, c in enumerate(data["or"])),
            data.get("label", "any of"),
        )
    if "not" in data:
        return Not(_node(data["not"], f"{where}.not", counter), data.get("label", "not"))
    return _leaf(data, where, counter)


def rule_from_dict(data: Any) -> Rule:
    """Build a Rule from its JSON form; RuleError names the first bad path."""
    error = best_match(Draft202012Validator(rule_schema()).iter_errors(data))
    if error is not None:
        raise RuleError(*schema_error_message(error, "(rule)").split(": ", 1))
    ids: set[str] = set()
    rule = Rule(
        nct_id=data["nct_id"],
        criteria=_node(data["criteria"], "criteria", [0]),
        curated_by=data.get("curated_by"),
        curated_on=_curated_on(data.get("curated_on")),
        note=data.get("note"),
    )
    for leaf in rule.leaves():
        if leaf.info.id in ids:
            raise RuleError("criteria", f"leaf id {leaf.info.id!r} is used twice")
        ids.add(leaf.info.id)
    return rule


def _curated_on(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RuleError("curated_on", f"{text!r} is not a valid date (YYYY-MM-DD)") from None


def rule_problems(rule: Rule, criteria_item_ids: frozenset[str], nct_id: str) -> tuple[str, ...]:
    """Where a rule does not fit its trial: another NCT id, or covers of items not published."""
    problems = []
    if rule.nct_id != nct_id:
        problems.append(f"nct_id: the rule is for {rule.nct_id}, the trial is {nct_id}")
    for leaf in rule.leaves():
        for item in leaf.info.covers:
            if item not in criteria_item_ids:
                problems.append(
                    f"criteria leaf {leaf.info.id!r}: covers {item!r}, which the trial's "
                    "published criteria do not have"
                )
    return tuple(problems)
