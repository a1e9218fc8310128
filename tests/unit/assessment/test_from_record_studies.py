"""Studies in the record complete the assessments at diagnosis that they are."""

from datetime import date

from engraft.core.assessment.from_record import case_from_record
from engraft.core.record.patient import Demographics, Diagnosis, PatientRecord, Study
from engraft.core.vocabulary import ClinicalForm, Sex


def record_with(*studies: Study) -> PatientRecord:
    return PatientRecord(
        demographics=Demographics("H1", "Test", ("Ada",), date(2026, 9, 1), Sex.FEMALE),
        diagnosis=Diagnosis(ClinicalForm.INFANTILE_ARO),
        studies=studies,
    )


def test_a_brain_mri_and_a_ct_of_the_optic_canal_both_complete_the_brain_imaging_item():
    case = case_from_record(
        record_with(
            Study("brain_mri", date(2026, 10, 1), "Radiology", "No hydrocephalus"),
            Study("ct_optic_canal", date(2026, 10, 9), "Radiology", "Narrow optic canals"),
        )
    )
    assert [(w.item, w.date) for w in case.workup] == [
        ("brain_mri", date(2026, 10, 1)),
        ("brain_mri", date(2026, 10, 9)),
    ]


def test_a_study_with_no_item_at_diagnosis_adds_nothing():
    case = case_from_record(
        record_with(Study("central_line", date(2026, 10, 1), "Surgery", "Line placed"))
    )
    assert case.workup == ()
