"""The stored record as the assessment's case: each fact maps to what names the same thing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from engraft.core.assessment import case_from_dict
from engraft.core.assessment.case import FindingStatus, GeneticTestingStatus, LabName
from engraft.core.assessment.case_json import case_to_dict, fingerprint
from engraft.core.assessment.from_record import case_from_record, classification_of
from engraft.core.record import patient as rec
from engraft.core.record.findings import FindingKind, Trend
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

BORN = date(2026, 1, 10)
SEEN = date(2026, 2, 1)


def record(**parts) -> rec.PatientRecord:
    return rec.PatientRecord(
        id="case-1",
        demographics=rec.Demographics("H1", "Testchild", ("Alva",), BORN, Sex.FEMALE),
        diagnosis=rec.Diagnosis(
            ClinicalForm.INFANTILE_ARO, genotype_pending=parts.pop("pending", False)
        ),
        **parts,
    )


def finding(kind: FindingKind, **values) -> rec.Finding:
    return rec.Finding(kind=kind, observed_on=values.pop("on", SEEN), source="clinic", **values)


def markers(*findings: rec.Finding) -> set[tuple[str, FindingStatus]]:
    case = case_from_record(record(findings=findings))
    return {(f.marker, f.status) for f in case.findings}


def gene(classes: list[VariantClassification], zygosity=Zygosity.COMPOUND_HETEROZYGOUS):
    variants = tuple(rec.Variant(f"NM_0:c.{i}A>T", c) for i, c in enumerate(classes, 1))
    return rec.GeneticResult("tcirg1", variants, zygosity, "Lab", date(2026, 1, 30))


def test_a_gene_is_as_pathogenic_as_its_least_pathogenic_variant():
    pathogenic, vus = VariantClassification.PATHOGENIC, VariantClassification.UNCERTAIN_SIGNIFICANCE
    assert classification_of(gene([pathogenic, vus])) is vus
    assert classification_of(gene([pathogenic, VariantClassification.LIKELY_PATHOGENIC])) is (
        VariantClassification.LIKELY_PATHOGENIC
    )


def test_genetic_results_keep_gene_zygosity_and_variants():
    case = case_from_record(record(genetic_results=(gene([VariantClassification.PATHOGENIC] * 2),)))
    (result,) = case.genetics
    assert (result.gene, result.zygosity, result.classification) == (
        "TCIRG1",
        Zygosity.COMPOUND_HETEROZYGOUS,
        VariantClassification.PATHOGENIC,
    )
    assert result.variants == ("NM_0:c.1A>T", "NM_0:c.2A>T")
    assert case.genetic_testing.status is GeneticTestingStatus.REPORTED
    assert case.genetic_testing.reported_on == date(2026, 1, 30)


def test_a_genetic_report_without_classified_variants_is_not_used():
    case = case_from_record(record(genetic_results=(gene([]),)))
    assert case.genetics == ()


def test_pending_genotype_is_pending():
    case = case_from_record(record(pending=True))
    assert case.genetic_testing.status is GeneticTestingStatus.PENDING


def test_delayed_vep_is_a_latency_delay_and_a_worsening_trend_is_falling_vision():
    found = markers(finding(FindingKind.VEP, category="delayed", trend=Trend.WORSENING))
    assert found == {
        ("vep_latency_delay", FindingStatus.PRESENT),
        ("vision_declining", FindingStatus.PRESENT),
    }


def test_normal_stable_vep_is_no_delay_and_no_falling_vision():
    found = markers(finding(FindingKind.VEP, category="normal", trend=Trend.STABLE))
    assert found == {
        ("vep_latency_delay", FindingStatus.ABSENT),
        ("vision_declining", FindingStatus.ABSENT),
    }


def test_abnormal_or_extinguished_erg_is_an_erg_abnormality():
    for category in ("abnormal", "extinguished"):
        assert markers(finding(FindingKind.ERG, category=category)) == {
            ("erg_abnormal", FindingStatus.PRESENT)
        }
    assert markers(finding(FindingKind.ERG, category="normal")) == {
        ("erg_abnormal", FindingStatus.ABSENT)
    }


def test_presence_findings_map_to_their_markers():
    cases = {
        FindingKind.TRANSFUSION_DEPENDENCE: "transfusion_dependence",
        FindingKind.HEPATOSPLENOMEGALY: "splenomegaly",
        FindingKind.HYDROCEPHALUS: "raised_icp",
        FindingKind.FRACTURES: "fractures",
        FindingKind.OSTEOMYELITIS: "jaw_osteomyelitis",
        FindingKind.SEIZURES: "seizures",
    }
    for kind, marker in cases.items():
        assert markers(finding(kind, present=True)) == {(marker, FindingStatus.PRESENT)}
        assert markers(finding(kind, present=False)) == {(marker, FindingStatus.ABSENT)}


def test_hypocalcaemic_seizures_are_also_hypocalcaemia():
    found = markers(finding(FindingKind.SEIZURES, present=True, category="hypocalcaemic"))
    assert ("hypocalcaemia", FindingStatus.PRESENT) in found


def test_chiari_and_raised_icp_are_told_apart_by_category():
    assert markers(finding(FindingKind.CHIARI_OR_RAISED_ICP, present=True, category="chiari")) == {
        ("chiari_foramen_magnum", FindingStatus.PRESENT)
    }
    uncoded = markers(finding(FindingKind.CHIARI_OR_RAISED_ICP, present=True))
    assert uncoded == {("raised_icp", FindingStatus.PRESENT)}
    absent = markers(finding(FindingKind.CHIARI_OR_RAISED_ICP, present=False))
    assert absent == {
        ("raised_icp", FindingStatus.ABSENT),
        ("chiari_foramen_magnum", FindingStatus.ABSENT),
    }


def test_development_delayed_or_regressing_is_developmental_delay():
    found = markers(finding(FindingKind.DEVELOPMENTAL_ASSESSMENT, category="delayed"))
    assert found == {("developmental_delay", FindingStatus.PRESENT)}
    # Regression (loss of skills) is also its own rule 2 signal (issue 9).
    found = markers(finding(FindingKind.DEVELOPMENTAL_ASSESSMENT, category="regression"))
    assert found == {
        ("developmental_delay", FindingStatus.PRESENT),
        ("developmental_regression", FindingStatus.PRESENT),
    }


def test_severe_visual_impairment_and_hearing_loss():
    assert markers(finding(FindingKind.VISUAL_IMPAIRMENT, category="severe_or_blind")) == {
        ("severe_visual_impairment", FindingStatus.PRESENT)
    }
    assert markers(finding(FindingKind.HEARING_ABR, category="conductive_loss")) == {
        ("hearing_loss", FindingStatus.PRESENT)
    }


def test_growth_measurements_are_not_used():
    assert markers(finding(FindingKind.WEIGHT, quantity=4.2)) == set()


def test_lansky_is_the_latest_score():
    case = case_from_record(
        record(
            findings=(
                finding(FindingKind.LANSKY, quantity=60.0, on=date(2026, 2, 1)),
                finding(FindingKind.LANSKY, quantity=80.0, on=date(2026, 3, 1)),
            )
        )
    )
    assert case.lansky is not None
    assert (case.lansky.score, case.lansky.date) == (80, date(2026, 3, 1))


def lab(analyte: str, value: float, unit: str) -> rec.LabResult:
    return rec.LabResult(analyte, datetime(2026, 2, 2, 9, 0, tzinfo=UTC), value, unit)


def test_haemoglobin_and_platelets_go_in_with_their_dates_and_other_labs_do_not():
    case = case_from_record(
        record(
            labs=(
                lab("haemoglobin", 7.5, "g/dL"),
                lab("platelets", 40.0, "10*9/L"),
                lab("calcium", 7.0, "mg/dL"),
            )
        )
    )
    assert {(x.name, x.value, x.date) for x in case.labs} == {
        (LabName.HAEMOGLOBIN_G_DL, 7.5, date(2026, 2, 2)),
        (LabName.PLATELETS_10E9_L, 40.0, date(2026, 2, 2)),
    }


def test_results_on_file_count_as_assessments_at_diagnosis_done():
    case = case_from_record(
        record(
            labs=(lab("haemoglobin", 9.0, "g/dL"), lab("calcium", 9.0, "mg/dL")),
            findings=(
                finding(FindingKind.VEP, category="normal", on=date(2026, 2, 3)),
                finding(FindingKind.ERG, category="normal", on=date(2026, 2, 5)),
                finding(FindingKind.HEARING_ABR, category="normal"),
            ),
        )
    )
    done = {(w.item, w.date) for w in case.workup}
    assert done == {
        ("cbc_film", date(2026, 2, 2)),
        ("bone_mineral_labs", date(2026, 2, 2)),
        ("ophthalmology_vep_erg", date(2026, 2, 5)),
        ("audiology_abr", SEEN),
    }


def test_vep_without_erg_is_not_the_full_ophthalmology_assessment():
    case = case_from_record(record(findings=(finding(FindingKind.VEP, category="normal"),)))
    assert "ophthalmology_vep_erg" not in {w.item for w in case.workup}


def test_the_case_json_is_valid_and_reads_back_as_the_same_case():
    case = case_from_record(
        record(
            genetic_results=(gene([VariantClassification.PATHOGENIC] * 2),),
            findings=(finding(FindingKind.VEP, category="delayed", trend=Trend.WORSENING),),
            labs=(lab("haemoglobin", 7.5, "g/dL"),),
        )
    )
    assert case_from_dict(case_to_dict(case)) == case


def test_the_fingerprint_changes_with_the_record_and_only_then():
    plain = case_to_dict(case_from_record(record()))
    same = case_to_dict(case_from_record(record()))
    changed = case_to_dict(
        case_from_record(record(findings=(finding(FindingKind.FRACTURES, present=True),)))
    )
    assert fingerprint(plain) == fingerprint(same)
    assert fingerprint(plain) != fingerprint(changed)
