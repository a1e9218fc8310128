"""A record with bad data is refused with every problem named by its field."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from engraft.core.record.findings import FindingKind
from engraft.core.record.patient import (
    Demographics,
    Diagnosis,
    Finding,
    GeneticResult,
    LabResult,
    PatientRecord,
    Study,
    Variant,
)
from engraft.core.record.validation import validate_record
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

TODAY = date(2025, 6, 1)


def _record(**changes) -> PatientRecord:
    base = PatientRecord(
        demographics=Demographics("SYN-1", "Synthetic", ("Test",), date(2025, 1, 1), Sex.MALE),
        diagnosis=Diagnosis(ClinicalForm.INFANTILE_ARO),
    )
    return replace(base, **changes)


def _fields(record):
    return [e.field for e in validate_record(record, today=TODAY)]


def test_a_plain_record_is_valid():
    assert _fields(_record()) == []


def test_date_of_birth_in_the_future_is_refused():
    demographics = Demographics("SYN-1", "Synthetic", ("Test",), date(2025, 6, 2), Sex.MALE)
    assert _fields(_record(demographics=demographics)) == ["demographics.birth_date"]


def test_lab_dated_before_birth_is_refused():
    lab = LabResult("calcium", datetime(2024, 12, 31, tzinfo=UTC), 9.0, "mg/dL")
    assert _fields(_record(labs=(lab,))) == ["labs[0].collected_at"]


def test_lab_stored_in_a_non_canonical_unit_is_refused():
    lab = LabResult("calcium", datetime(2025, 2, 1, tzinfo=UTC), 2.2, "mmol/L")
    assert _fields(_record(labs=(lab,))) == ["labs[0].unit"]


def test_invalid_hgvs_is_refused_naming_the_variant():
    result = GeneticResult(
        "TCIRG1",
        (Variant("c.1674-1G>", VariantClassification.PATHOGENIC),),
        Zygosity.HOMOZYGOUS,
        "Lab",
        date(2025, 3, 1),
    )
    assert _fields(_record(genetic_results=(result,))) == ["genetic_results[0].variants[0].hgvs"]


def test_finding_without_source_is_refused():
    finding = Finding(FindingKind.FRACTURES, date(2025, 3, 1), " ", present=True)
    assert _fields(_record(findings=(finding,))) == ["findings[0].source"]


def test_a_lab_dated_after_today_is_refused():
    lab = LabResult("calcium", datetime(2099, 1, 1, tzinfo=UTC), 9.0, "mg/dL")
    assert _fields(_record(labs=(lab,))) == ["labs[0].collected_at"]


def test_a_genetic_report_dated_after_today_is_refused():
    result = GeneticResult(
        "TCIRG1",
        (Variant("NM_006019.4:c.117+4A>T", VariantClassification.PATHOGENIC),),
        Zygosity.HOMOZYGOUS,
        "Lab",
        date(2025, 6, 2),
    )
    assert _fields(_record(genetic_results=(result,))) == ["genetic_results[0].reported_on"]


def test_a_study_dated_after_today_is_refused():
    study = Study("brain_mri", date(2025, 6, 2), "Radiology", "Normal")
    assert _fields(_record(studies=(study,))) == ["studies[0].performed_on"]


def test_facts_dated_today_are_accepted():
    lab = LabResult("calcium", datetime(2025, 6, 1, 8, tzinfo=UTC), 9.0, "mg/dL")
    study = Study("brain_mri", TODAY, "Radiology", "Normal")
    assert _fields(_record(labs=(lab,), studies=(study,))) == []
