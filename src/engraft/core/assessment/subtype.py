"""Genetic subtype from the reported genotype: gene, zygosity, classification and sex.

Only pathogenic or likely pathogenic results whose zygosity fits a knowledge-base row make a
genetic diagnosis (e.g. CLCN7 biallelic is ARO, CLCN7 heterozygous is ADO2, IKBKG needs a
hemizygous boy). Anything else is carried as unresolved, a VUS, or a pending genotype.
"""

from __future__ import annotations

from dataclasses import dataclass

from engraft.core.assessment.case import (
    Case,
    Finding,
    FindingStatus,
    GeneticResult,
    GeneticTestingStatus,
)
from engraft.core.assessment.result import Conclusion, DataUsed, Reason, rule_reason
from engraft.core.knowledge import KnowledgeBase, Subtype
from engraft.core.vocabulary import Sex, VariantClassification, Zygosity


@dataclass(frozen=True)
class GenotypeCall:
    """What the genetics say, for the other rules to read."""

    state: str  # diagnosed / unresolved / vus / pending / not_sent / no_diagnosis
    diagnoses: tuple[tuple[Subtype, GeneticResult], ...]
    unresolved: tuple[tuple[GeneticResult, str], ...]
    vus: tuple[GeneticResult, ...]
    conclusion: Conclusion


def result_data(result: GeneticResult, index: int) -> DataUsed:
    """The genetic result as data used by a rule."""
    variants = ", ".join(result.variants) or "variants not listed"
    value = f"{result.gene} {result.zygosity} {result.classification} ({variants})"
    return DataUsed(f"genetics[{index}]", value)


def genotype_fits(subtype: Subtype, result: GeneticResult, sex: Sex) -> bool:
    """Does this zygosity (and sex, for X-linked genes) fit the subtype's genotype?

    Source: inheritance column of clinical.md section 1 (AR needs both alleles; AD one; the
    X-linked IKBKG form affects hemizygous males).
    """
    if subtype.genotype == "biallelic":
        return result.zygosity.is_biallelic
    if subtype.genotype == "heterozygous":
        return result.zygosity is Zygosity.HETEROZYGOUS
    return result.zygosity is Zygosity.HEMIZYGOUS and sex is Sex.MALE


def why_unfit(rows: tuple[Subtype, ...], result: GeneticResult, sex: Sex) -> str:
    """Explain why a causal result does not make a diagnosis with any row of its gene."""
    if any(r.genotype == "hemizygous" for r in rows):
        return (
            f"{result.gene} is X-linked and the recorded diagnosis needs a hemizygous boy; "
            f"recorded: {result.zygosity}, sex {sex}"
        )
    if result.zygosity is Zygosity.HEMIZYGOUS:
        return f"{result.gene} is autosomal: a hemizygous call is inconsistent"
    if result.zygosity is Zygosity.HETEROZYGOUS:
        return (
            f"a single heterozygous variant in recessive {result.gene}: carrier state, which "
            "does not explain the disease (a second variant or a deletion may be missed)"
        )
    return f"{result.zygosity} {result.gene} fits no subtype in the knowledge base"


def call_genotype(case: Case, kb: KnowledgeBase) -> GenotypeCall:
    """Call the genetic subtype (rule G-SUBTYPE), with paths for VUS, unknown gene, pending."""
    diagnoses: list[tuple[Subtype, GeneticResult]] = []
    unresolved: list[tuple[GeneticResult, str]] = []
    vus: list[GeneticResult] = []
    reasons: list[Reason] = []
    for index, result in enumerate(case.genetics):
        data = (result_data(result, index), DataUsed("sex", str(case.sex)))
        if result.classification is VariantClassification.UNCERTAIN_SIGNIFICANCE:
            vus.append(result)
            reasons.append(
                rule_reason(
                    kb,
                    "IH-VUS",
                    f"{result.gene}: variant of uncertain significance; does not make a diagnosis",
                    data,
                )
            )
            continue
        if not result.classification.is_causal:
            reasons.append(
                rule_reason(
                    kb, "G-SUBTYPE", f"{result.gene}: benign or likely benign; ignored", data
                )
            )
            continue
        rows = kb.subtypes_for_gene(result.gene)
        if not rows:
            unresolved.append((result, f"{result.gene} is not in the knowledge base"))
            reasons.append(
                rule_reason(
                    kb,
                    "IH-UNKNOWN-GENE",
                    f"{result.gene} is not a gene of the knowledge base: uncertain, expert review",
                    data,
                )
            )
            continue
        fitting = [row for row in rows if genotype_fits(row, result, case.sex)]
        if not fitting:
            why = why_unfit(rows, result, case.sex)
            unresolved.append((result, why))
            reasons.append(rule_reason(kb, "G-SUBTYPE", why, data))
            continue
        for row in fitting:
            diagnoses.append((row, result))
            reasons.append(
                rule_reason(
                    kb,
                    "G-SUBTYPE",
                    f"{row.name}: {row.inheritance.value} inheritance, {result.zygosity} "
                    f"{result.classification} result",
                    data,
                    row.inheritance.citations,
                )
            )
    state, value, label = _state(case, diagnoses, unresolved, vus)
    if state != "diagnosed":
        reasons.append(_testing_reason(case, kb, state))
        reasons.extend(_phenotype_pointers(case, kb))
    conclusion = Conclusion("subtype", value, label, tuple(reasons))
    return GenotypeCall(state, tuple(diagnoses), tuple(unresolved), tuple(vus), conclusion)


def _state(
    case: Case,
    diagnoses: list[tuple[Subtype, GeneticResult]],
    unresolved: list[tuple[GeneticResult, str]],
    vus: list[GeneticResult],
) -> tuple[str, str, str]:
    if diagnoses:
        ids = sorted({row.id for row, _ in diagnoses})
        names = "; ".join(sorted({row.name for row, _ in diagnoses}))
        return "diagnosed", "+".join(ids), names
    if unresolved:
        return "unresolved", "unresolved", "Genetic result that makes no diagnosis: expert review"
    if vus:
        return "vus", "vus_only", "Variant(s) of uncertain significance only: no genetic diagnosis"
    status = case.genetic_testing.status
    if status is GeneticTestingStatus.PENDING:
        return "pending", "pending", "Genotype pending"
    if status is GeneticTestingStatus.NOT_SENT:
        return "not_sent", "not_sent", "Genetic testing not yet sent"
    return "no_diagnosis", "no_genetic_diagnosis", "Genetic testing reported without a diagnosis"


def _testing_reason(case: Case, kb: KnowledgeBase, state: str) -> Reason:
    testing = case.genetic_testing
    data = (
        DataUsed("genetic_testing.status", str(testing.status), testing.reported_on),
        DataUsed("genetic_testing.ostm1_deletion_analysis", str(testing.ostm1_deletion_analysis)),
    )
    text = {
        "pending": "Genotype pending: OSTM1, RANKL and neuropathic CLCN7 are not yet ruled out",
        "not_sent": "No genetic test sent: OSTM1, RANKL and neuropathic CLCN7 cannot be ruled out",
        "no_diagnosis": "No genetic diagnosis (about 25% of ARO had none in 2013); check that "
        "OSTM1 deletion analysis was included",
    }.get(state, "The genetic result does not settle the subtype")
    return rule_reason(kb, "G-PENDING", text, data)


def _phenotype_pointers(case: Case, kb: KnowledgeBase) -> list[Reason]:
    """Markers of section 5 that point to a gene, shown while the genotype is unresolved."""
    reasons = []
    # Sorted, and each marker-date once, so the reasons do not depend on the list's order.
    seen = {(f.date, f.marker, str(f.status)) for f in case.findings}
    for when, marker_id, status in sorted(seen):
        finding = Finding(marker_id, FindingStatus(status), when)
        marker = kb.markers.get(finding.marker)
        if marker is None or not marker.points_to or finding.status != "present":
            continue
        reasons.append(
            Reason(
                "S5-MARKER",
                f"{marker.label}: {marker.meaning}",
                (DataUsed(f"findings.{finding.marker}", str(finding.status), finding.date),),
                marker.citations,
            )
        )
    return reasons
