"""Shared builders for the assessment tests: a baseline case that each test edits.

A uniquely named module (not conftest) so it cannot clash with other folders' helpers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from engraft.core.assessment.case import (
    Case,
    Finding,
    FindingStatus,
    GeneticResult,
    GeneticTesting,
    GeneticTestingStatus,
    WorkupRecord,
)
from engraft.core.knowledge import load_knowledge_base
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

AS_OF = date(2024, 3, 1)
DOB = date(2024, 1, 15)


def genotype(
    gene: str,
    zygosity: Zygosity = Zygosity.HOMOZYGOUS,
    classification: VariantClassification = VariantClassification.PATHOGENIC,
) -> GeneticResult:
    """A gene-level genetic result."""
    return GeneticResult(gene, zygosity, classification)


def finding(marker: str, status: str = "present", on: date = AS_OF) -> Finding:
    """A dated finding."""
    return Finding(marker, FindingStatus(status), on)


def full_workup(on: date = AS_OF - timedelta(days=2)) -> tuple[WorkupRecord, ...]:
    """Every section 2c item done on ``on``."""
    kb = load_knowledge_base()
    return tuple(WorkupRecord(w.id, on) for w in kb.workup if w.id != "genetic_testing")


def base_case(**changes: Any) -> Case:
    """A TCIRG1 infant with a complete, normal neurodegeneration screen; edit with ``changes``."""
    case = Case(
        case_id="test",
        sex=Sex.MALE,
        date_of_birth=DOB,
        clinical_form=ClinicalForm.INFANTILE_ARO,
        genetic_testing=GeneticTesting(GeneticTestingStatus.REPORTED, reported_on=AS_OF),
        genetics=(genotype("TCIRG1"),),
        findings=(
            finding("primary_neurodegeneration", "absent"),
            finding("erg_abnormal", "absent"),
        ),
        workup=full_workup(),
    )
    return replace(case, **changes)
