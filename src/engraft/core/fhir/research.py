"""A child's trial participation as FHIR R4 ResearchStudy and ResearchSubject resources.

software.md section 3.1 gives the R4B status value sets of both resources (verified there),
and that ResearchSubject needs ``individual`` and ``study``. The resources go into the
patient's Bundle (``export_bundle(extra_resources=...)``), validated by fhir.resources R4B.
How the centre's own states map onto those value sets is in-house, and written once here:

- the site's status of a trial: open -> active, suspended -> temporarily-closed-to-accrual,
  closed -> closed-to-accrual; a registry status of COMPLETED, TERMINATED or WITHDRAWN wins;
- an enrolment step: screened -> screening, eligible -> eligible, approached -> candidate,
  consented -> pending-on-study, enrolled -> on-study, withdrawn -> withdrawn, completed ->
  off-study, not enrolled -> ineligible (when found not eligible) or not-registered.

Consent dates and versions stay in the record: R4B would need a Consent resource with a
policy, which the centre does not keep as FHIR.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from fhir.resources.R4B import construct_fhir_element

Json = dict[str, Any]

NCT_SYSTEM = "https://clinicaltrials.gov"  # software.md 3.5: ClinicalTrials.gov identifiers
SUBJECT_ID_SYSTEM = "https://engraft.example.org/fhir/NamingSystem/study-subject-id"
PHASE_SYSTEM = "http://terminology.hl7.org/CodeSystem/research-study-phase"

SITE_STATUS_FHIR = {
    "open": "active",
    "suspended": "temporarily-closed-to-accrual",
    "closed": "closed-to-accrual",
}
REGISTRY_STATUS_FHIR = {
    "COMPLETED": "completed",
    "TERMINATED": "administratively-completed",
    "WITHDRAWN": "withdrawn",
}
# ClinicalTrials.gov phases -> the R4B research-study-phase codes.
PHASE_FHIR = {
    "EARLY_PHASE1": "early-phase-1",
    "PHASE1": "phase-1",
    "PHASE2": "phase-2",
    "PHASE3": "phase-3",
    "PHASE4": "phase-4",
    "NA": "n-a",
}
SUBJECT_STATUS_FHIR = {
    "screened": "screening",
    "eligible": "eligible",
    "approached": "candidate",
    "consented": "pending-on-study",
    "enrolled": "on-study",
    "withdrawn": "withdrawn",
    "completed": "off-study",
    "not_enrolled": "not-registered",
}
NOT_ELIGIBLE_REASON = "not_eligible"


@dataclass(frozen=True)
class StudyFacts:
    """A trial of the catalogue, as its ResearchStudy says it."""

    id: str  # FHIR id: the NCT number
    nct_id: str
    title: str
    overall_status: str
    site_status: str  # open, suspended, closed
    phases: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    arms: tuple[tuple[str, str | None], ...] = ()  # (label, description)
    summary: str | None = None


@dataclass(frozen=True)
class SubjectFacts:
    """One child's participation in one trial."""

    id: str  # FHIR id: the enrolment's public id
    study_id: str
    status: str  # the enrolment status (keys of SUBJECT_STATUS_FHIR)
    started_on: date  # the screening date
    ended_on: date | None = None
    arm: str | None = None
    subject_id: str | None = None
    not_enrolled_reason: str | None = None


def study_status(site_status: str, overall_status: str) -> str:
    """The R4B ResearchStudy.status of a trial at this centre."""
    return REGISTRY_STATUS_FHIR.get(overall_status) or SITE_STATUS_FHIR[site_status]


def subject_status(status: str, not_enrolled_reason: str | None = None) -> str:
    """The R4B ResearchSubject.status of an enrolment step."""
    if status == "not_enrolled" and not_enrolled_reason == NOT_ELIGIBLE_REASON:
        return "ineligible"
    return SUBJECT_STATUS_FHIR[status]


def research_study(study: StudyFacts) -> Json:
    """A ResearchStudy resource (validated)."""
    resource: Json = {
        "resourceType": "ResearchStudy",
        "id": study.id,
        "identifier": [{"system": NCT_SYSTEM, "value": study.nct_id}],
        "title": study.title,
        "status": study_status(study.site_status, study.overall_status),
    }
    phases = [PHASE_FHIR[p] for p in study.phases if p in PHASE_FHIR]
    if phases:
        resource["phase"] = {"coding": [{"system": PHASE_SYSTEM, "code": phases[-1]}]}
    if study.conditions:
        resource["condition"] = [{"text": c} for c in study.conditions]
    if study.summary:
        resource["description"] = study.summary
    if study.arms:
        resource["arm"] = [
            {"name": label, **({"description": text} if text else {})} for label, text in study.arms
        ]
    construct_fhir_element("ResearchStudy", resource)
    return resource


def research_subject(subject: SubjectFacts, patient_ref: str) -> Json:
    """A ResearchSubject resource (validated) of the patient ``patient_ref`` in its study."""
    period: Json = {"start": subject.started_on.isoformat()}
    if subject.ended_on:
        period["end"] = subject.ended_on.isoformat()
    resource: Json = {
        "resourceType": "ResearchSubject",
        "id": subject.id,
        "status": subject_status(subject.status, subject.not_enrolled_reason),
        "period": period,
        "study": {"reference": f"ResearchStudy/{subject.study_id}"},
        "individual": {"reference": patient_ref},
    }
    if subject.subject_id:
        resource["identifier"] = [{"system": SUBJECT_ID_SYSTEM, "value": subject.subject_id}]
    if subject.arm:
        resource["assignedArm"] = subject.arm
        if subject.status in {"enrolled", "completed"}:
            resource["actualArm"] = subject.arm
    construct_fhir_element("ResearchSubject", resource)
    return resource


def research_resources(
    studies: Sequence[StudyFacts], subjects: Sequence[SubjectFacts], patient_ref: str
) -> list[Json]:
    """The studies a patient takes part in, then their participation, for the Bundle."""
    return [research_study(s) for s in studies] + [
        research_subject(s, patient_ref) for s in subjects
    ]
