"""A small but complete record that exercises every part of the FHIR mapping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from engraft.core.record.findings import FindingKind, Trend
from engraft.core.record.patient import (
    Demographics,
    Diagnosis,
    Document,
    Finding,
    GeneticResult,
    LabResult,
    PatientRecord,
    Relationship,
    Relative,
    Variant,
)
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

CET = timezone(timedelta(hours=1))
TODAY = date(2025, 6, 1)
GENERATED_AT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def record() -> PatientRecord:
    birth = date(2025, 1, 10)
    return PatientRecord(
        id="11111111-1111-4111-8111-111111111111",
        demographics=Demographics("SYN-0001", "Testchild", ("Ada", "Synth"), birth, Sex.FEMALE),
        diagnosis=Diagnosis(ClinicalForm.INFANTILE_ARO, date(2025, 2, 20), id="diag-1"),
        relatives=(
            Relative(
                Relationship.MOTHER,
                "Testchild",
                ("Maria",),
                Sex.FEMALE,
                phone="+1 555 0100",
                id="rel-1",
            ),
            Relative(
                Relationship.BROTHER, "Testchild", ("Ben",), Sex.MALE, date(2021, 3, 3), id="rel-2"
            ),
        ),
        genetic_results=(
            GeneticResult(
                "TCIRG1",
                (
                    Variant("NM_006019.4:c.1674-1G>A", VariantClassification.PATHOGENIC, id="v-1"),
                    Variant(
                        "NM_006019.4:c.117+4A>T",
                        VariantClassification.LIKELY_PATHOGENIC,
                        "p.?",
                        id="v-2",
                    ),
                ),
                Zygosity.COMPOUND_HETEROZYGOUS,
                "Synthetic Genetics Lab",
                date(2025, 3, 1),
                id="gen-1",
            ),
        ),
        findings=(
            Finding(
                FindingKind.VEP,
                date(2025, 2, 21),
                "ophthalmology",
                quantity=142.0,
                category="delayed",
                trend=Trend.WORSENING,
                id="f-1",
            ),
            Finding(
                FindingKind.HEPATOSPLENOMEGALY,
                date(2025, 2, 21),
                "abdominal ultrasound",
                present=True,
                quantity=4.0,
                id="f-2",
            ),
            Finding(
                FindingKind.SEIZURES,
                date(2025, 2, 2),
                "referral letter",
                present=True,
                category="hypocalcaemic",
                note="tetany",
                id="f-3",
            ),
            Finding(FindingKind.WEIGHT, date(2025, 2, 21), "ward", quantity=4.6, id="f-4"),
        ),
        labs=(
            LabResult(
                "calcium",
                datetime(2025, 2, 21, 8, 30, tzinfo=CET),
                7.2,
                "mg/dL",
                "Synthetic Lab",
                id="lab-1",
            ),
            LabResult(
                "haemoglobin", datetime(2025, 2, 21, 8, 30, tzinfo=CET), 8.1, "g/dL", id="lab-2"
            ),
        ),
        documents=(
            Document(
                "Referral letter",
                "referral letter",
                datetime(2025, 2, 19, tzinfo=UTC),
                "https://files.example.org/doc/1.pdf",
                id="doc-1",
            ),
        ),
    )
