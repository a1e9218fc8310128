"""A patient's trial participation for their FHIR Bundle: ResearchStudy and ResearchSubject."""

from __future__ import annotations

from typing import Any

from engraft.core.fhir.research import StudyFacts, SubjectFacts, research_resources
from engraft.record.models import Patient

from .models import Enrolment, EnrolmentStatus
from .selectors import parsed

ENDING_STEPS = {EnrolmentStatus.WITHDRAWN, EnrolmentStatus.COMPLETED, EnrolmentStatus.NOT_ENROLLED}


def patient_research_resources(patient: Patient) -> list[dict[str, Any]]:
    """The trials the patient was screened for, and their participation in each."""
    studies, subjects = {}, []
    for enrolment in Enrolment.objects.filter(patient=patient).select_related("trial"):
        trial = enrolment.trial
        record = parsed(trial).record
        studies[trial.nct_id] = StudyFacts(
            id=trial.nct_id,
            nct_id=trial.nct_id,
            title=trial.brief_title,
            overall_status=trial.overall_status,
            site_status=trial.site_status,
            phases=tuple(trial.phases),
            conditions=tuple(trial.conditions),
            arms=tuple((a.label, a.description) for a in record.arms),
        )
        subjects.append(
            SubjectFacts(
                id=str(enrolment.public_id),
                study_id=trial.nct_id,
                status=enrolment.status,
                started_on=enrolment.screened_on,
                ended_on=enrolment.status_on if enrolment.status in ENDING_STEPS else None,
                arm=enrolment.arm or None,
                subject_id=enrolment.study_subject_id or None,
                not_enrolled_reason=enrolment.not_enrolled_reason or None,
            )
        )
    return research_resources(list(studies.values()), subjects, f"Patient/{patient.public_id}")
