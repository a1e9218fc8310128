"""The record as a trial patient: transplant status, donor type, subtype, labs and genotype."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from engraft.core.assessment.case import DonorType
from engraft.core.assessment.result import Candidacy
from engraft.core.record import patient as record
from engraft.core.transplant.episode import GraftSource
from engraft.core.trials.from_record import (
    EPISODE_DONOR_TYPES,
    AssessmentFacts,
    EpisodeFacts,
    trial_patient_from_record,
)
from engraft.core.trials.patient import TransplantStatus
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

TODAY = date(2026, 12, 2)


def _record(*, clinical_form=ClinicalForm.INFANTILE_ARO, diagnosed_on=date(2026, 8, 3), labs=()):
    return record.PatientRecord(
        id="child-1",
        demographics=record.Demographics(
            identifier="H1", family_name="Test", given_names=("Ada",),
            birth_date=date(2026, 5, 10), sex=Sex.FEMALE,
        ),
        diagnosis=record.Diagnosis(clinical_form=clinical_form, diagnosed_on=diagnosed_on),
        genetic_results=(
            record.GeneticResult(
                gene="TCIRG1", zygosity=Zygosity.HOMOZYGOUS, testing_lab="Lab",
                reported_on=date(2026, 8, 3),
                variants=(record.Variant("NM_006019.4:c.1674-1G>A",
                                         VariantClassification.PATHOGENIC),),
            ),
        ),
        labs=labs,
    )  # fmt: skip


def _assessed(candidacy=Candidacy.INDICATED, subtype="TCIRG1-ARO"):
    return AssessmentFacts(subtype=subtype, candidacy=candidacy, as_of=TODAY)


def _given(day0, donor="haploidentical", **kw):
    return EpisodeFacts(day0, False, EPISODE_DONOR_TYPES[donor], GraftSource.BONE_MARROW, **kw)


def test_the_record_gives_the_diagnosis_genotype_and_the_assessments_subtype():
    seen = trial_patient_from_record(_record(), assessment=_assessed(), episodes=(), today=TODAY)
    assert seen.diagnosis.icd10 == "Q78.2"
    assert seen.diagnosis.subtype == "TCIRG1-ARO"
    assert seen.diagnosis.clinical_form is ClinicalForm.INFANTILE_ARO
    assert [(g.gene, g.zygosity) for g in seen.genes] == [("TCIRG1", Zygosity.HOMOZYGOUS)]
    assert seen.genetics_reported_on == date(2026, 8, 3)
    assert seen.birth_date == date(2026, 5, 10) and seen.sex is Sex.FEMALE


@pytest.mark.parametrize("unsettled", ["pending", "vus_only", "unresolved", "A-ARO+B-ARO"])
def test_a_subtype_the_assessment_did_not_settle_is_no_subtype(unsettled):
    seen = trial_patient_from_record(
        _record(), assessment=_assessed(subtype=unsettled), episodes=(), today=TODAY
    )
    assert seen.diagnosis.subtype is None


def test_no_diagnosis_yet_gives_no_icd10_code():
    rec = _record(clinical_form=ClinicalForm.UNKNOWN, diagnosed_on=None)
    seen = trial_patient_from_record(rec, assessment=None, episodes=(), today=TODAY)
    assert seen.diagnosis.icd10 is None


@pytest.mark.parametrize(
    ("candidacy", "status"),
    [
        (Candidacy.INDICATED, TransplantStatus.CANDIDATE),
        (Candidacy.EXPERT_REVIEW, TransplantStatus.CANDIDATE),
        (Candidacy.CONTRAINDICATED, TransplantStatus.NOT_A_CANDIDATE),
        (Candidacy.NOT_CURATIVE, TransplantStatus.NOT_A_CANDIDATE),
    ],
)
def test_without_an_episode_the_candidacy_in_force_decides(candidacy, status):
    seen = trial_patient_from_record(
        _record(), assessment=_assessed(candidacy), episodes=(), today=TODAY
    )
    assert seen.transplant_status is status
    assert seen.prior_transplants == 0
    assert seen.candidacy.value is candidacy


def test_without_an_episode_or_an_assessment_the_status_is_unknown():
    seen = trial_patient_from_record(_record(), assessment=None, episodes=(), today=TODAY)
    assert seen.transplant_status is None and seen.candidacy is None


def test_a_given_transplant_makes_the_child_transplanted_with_its_day0_and_donor():
    seen = trial_patient_from_record(
        _record(), assessment=_assessed(), episodes=(_given(date(2026, 10, 1)),), today=TODAY
    )
    assert seen.transplant_status is TransplantStatus.TRANSPLANTED
    assert seen.day0 == date(2026, 10, 1)
    assert seen.donor_type is DonorType.MMRD  # a haploidentical relative (clinical.md 3)
    assert seen.graft_source is GraftSource.BONE_MARROW
    assert seen.prior_transplants == 1


def test_a_planned_episode_makes_a_candidate_with_the_planned_day0():
    planned = EpisodeFacts(date(2026, 12, 20), True, DonorType.MUD, GraftSource.PERIPHERAL_BLOOD)
    first = _given(date(2026, 3, 1), closed_for_retransplant=True)
    seen = trial_patient_from_record(
        _record(), assessment=_assessed(), episodes=(first, planned), today=TODAY
    )
    assert seen.transplant_status is TransplantStatus.CANDIDATE
    assert seen.day0 == date(2026, 12, 20)
    assert seen.donor_type is DonorType.MUD
    assert seen.prior_transplants == 1


def test_a_graft_lost_before_a_second_transplant_is_booked_makes_a_candidate_again():
    first = _given(date(2026, 3, 1), closed_for_retransplant=True)
    seen = trial_patient_from_record(
        _record(), assessment=_assessed(), episodes=(first,), today=TODAY
    )
    assert seen.transplant_status is TransplantStatus.CANDIDATE
    assert seen.day0 is None and seen.prior_transplants == 1


def test_every_episode_donor_type_maps_to_an_assessment_donor_type():
    assert set(EPISODE_DONOR_TYPES) == {
        "matched_sibling", "matched_related", "haploidentical", "matched_unrelated",
        "mismatched_unrelated", "cord",
    }  # fmt: skip
    assert EPISODE_DONOR_TYPES["cord"] is DonorType.UCB
    assert EPISODE_DONOR_TYPES["matched_sibling"] is DonorType.MSD


def test_labs_are_converted_to_the_catalogue_unit_and_dated_by_the_local_day():
    # 34.2 umol/L of bilirubin is 2.0 mg/dL (1 mg/dL = 17.1 umol/L).
    lab = record.LabResult(
        analyte="bilirubin", collected_at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC),
        value=34.2, unit="umol/L",
    )  # fmt: skip
    seen = trial_patient_from_record(
        _record(labs=(lab,)), assessment=None, episodes=(), today=TODAY, zone=None
    )
    reading = seen.latest_lab("bilirubin", TODAY)
    assert reading.unit == "mg/dL"
    assert reading.value == pytest.approx(2.0, abs=0.01)
    assert reading.date == date(2026, 11, 30)
