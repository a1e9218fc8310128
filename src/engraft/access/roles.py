"""Roles and permissions as data: the single place that says who may do what.

Every view states the permission it needs (see `decorators.py`); this table grants
permissions to roles. Adding a capability means adding a permission here and granting it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    PHYSICIAN = "physician"
    COORDINATOR = "coordinator"
    SPECIALIST = "specialist"
    NURSE = "nurse"  # a ward nurse of the transplant unit
    DATA_MANAGER = "data_manager"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Permission(StrEnum):
    STAFF_HOME = "staff.home"
    INQUIRY_VIEW = "inquiry.view"
    INQUIRY_MANAGE = "inquiry.manage"
    AUDIT_VIEW = "audit.view"
    CONTENT_EDIT = "content.edit"
    PATIENT_VIEW = "patient.view"
    PATIENT_EDIT = "patient.edit"
    RESULT_RECORD = "result.record"
    RESULT_VOID = "result.void"
    GENETICS_RECORD = "genetics.record"
    PATIENT_EXPORT = "patient.export"
    PATIENT_IMPORT = "patient.import"
    ASSESSMENT_VIEW = "assessment.view"
    ASSESSMENT_SIGN = "assessment.sign"
    MDT_RECORD = "mdt.record"
    DONOR_VIEW = "donor.view"
    DONOR_MANAGE = "donor.manage"
    DONOR_SELECT = "donor.select"
    WORKUP_VIEW = "workup.view"
    WORKUP_MANAGE = "workup.manage"
    TASK_UPDATE = "workup.task_update"
    TASK_WAIVE = "workup.task_waive"
    TRANSPLANT_VIEW = "transplant.view"
    TRANSPLANT_MANAGE = "transplant.manage"
    TRANSPLANT_HISTORY = "transplant.history"
    DAILY_RECORD = "transplant.daily_record"
    ALERT_ACKNOWLEDGE = "transplant.alert_acknowledge"
    GVHD_DIAGNOSE = "transplant.gvhd_diagnose"
    FOLLOWUP_RECORD = "followup.record"
    TRIAL_VIEW = "trials.view"
    TRIAL_MANAGE = "trials.manage"
    ENROLMENT_RECORD = "trials.enrolment_record"
    TRIAL_REPORT = "trials.report"
    VITAL_STATUS_RECORD = "outcomes.vital_status_record"
    OUTCOMES_VIEW = "outcomes.view"
    OUTCOMES_PUBLISH = "outcomes.publish"


_CLINICAL_TEAM = {
    Permission.STAFF_HOME,
    Permission.PATIENT_VIEW,
    Permission.ASSESSMENT_VIEW,
    Permission.DONOR_VIEW,
    Permission.WORKUP_VIEW,
    Permission.TRANSPLANT_VIEW,
    Permission.TRIAL_VIEW,
}
# Physicians and coordinators run the record; specialists add their results to it.
_RECORD_KEEPERS = {
    Permission.PATIENT_EDIT,
    Permission.RESULT_RECORD,
    Permission.RESULT_VOID,
    Permission.GENETICS_RECORD,
    Permission.PATIENT_EXPORT,
    Permission.PATIENT_IMPORT,
    Permission.MDT_RECORD,
    Permission.DONOR_MANAGE,
    Permission.WORKUP_MANAGE,
    Permission.TASK_UPDATE,
    # The coordinator records the team's choice of primary and backup donors.
    Permission.DONOR_SELECT,
}
# A specialist adds results and voids them, but only for their own discipline's work (see
# DISCIPLINE_SCOPED): an ophthalmologist records the VEP, never the audiogram or the genotype.
_SPECIALIST_WORK = {
    Permission.RESULT_RECORD,
    Permission.RESULT_VOID,
    Permission.TASK_UPDATE,
    Permission.GENETICS_RECORD,
    Permission.FOLLOWUP_RECORD,
}
# Only a physician signs off an assessment, waives a work-up task or diagnoses chronic GVHD.
_PHYSICIAN_ONLY = {Permission.ASSESSMENT_SIGN, Permission.TASK_WAIVE, Permission.GVHD_DIAGNOSE}
# The transplant: physicians and coordinators open and run the episode; the ward (nurses,
# physicians, coordinators) enters the daily values; a clinician (physician or nurse)
# acknowledges an alert; past transplants are entered by a physician or a data manager.
_TRANSPLANT_TEAM = {Permission.TRANSPLANT_MANAGE, Permission.DAILY_RECORD}
_WARD = {Permission.DAILY_RECORD, Permission.ALERT_ACKNOWLEDGE}
# The long-term follow-up visits are marked done by the clinicians who see the child after the
# transplant: physicians and nurses for every item, a specialist for their discipline's.
_FOLLOW_UP = {Permission.FOLLOWUP_RECORD}
# Trials: physicians and coordinators keep the catalogue, curate the rules and record each
# child's screening, consent and enrolment; they and the data manager read the screening logs.
_TRIALS_TEAM = {Permission.TRIAL_MANAGE, Permission.ENROLMENT_RECORD, Permission.TRIAL_REPORT}
# Outcomes: the record keepers and the data manager record a child's vital status; only
# physicians and the data manager read the cohort's analytics; only the data manager chooses
# which figures the public site shows.
_OUTCOMES_READERS = {Permission.OUTCOMES_VIEW}

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.PHYSICIAN: frozenset(
        _CLINICAL_TEAM
        | _RECORD_KEEPERS
        | _PHYSICIAN_ONLY
        | _TRANSPLANT_TEAM
        | _WARD
        | _FOLLOW_UP
        | _TRIALS_TEAM
        | _OUTCOMES_READERS
        | {Permission.INQUIRY_VIEW, Permission.INQUIRY_MANAGE, Permission.TRANSPLANT_HISTORY}
        | {Permission.VITAL_STATUS_RECORD}
    ),
    Role.COORDINATOR: frozenset(
        _CLINICAL_TEAM
        | _RECORD_KEEPERS
        | _TRANSPLANT_TEAM
        | _TRIALS_TEAM
        | {Permission.INQUIRY_VIEW, Permission.INQUIRY_MANAGE, Permission.VITAL_STATUS_RECORD}
    ),
    Role.SPECIALIST: frozenset(_CLINICAL_TEAM | _SPECIALIST_WORK),
    Role.NURSE: frozenset(_CLINICAL_TEAM | _WARD | _FOLLOW_UP),
    # Data managers read and export for registries and research; they do not edit care,
    # but enter the centre's past transplants.
    Role.DATA_MANAGER: frozenset(
        _CLINICAL_TEAM
        | _OUTCOMES_READERS
        | {Permission.PATIENT_EXPORT, Permission.TRANSPLANT_HISTORY, Permission.TRIAL_REPORT}
        | {Permission.VITAL_STATUS_RECORD, Permission.OUTCOMES_PUBLISH}
    ),
    # Administrators run the site and its accounts; they see no clinical record.
    Role.ADMINISTRATOR: frozenset(
        {
            Permission.STAFF_HOME,
            Permission.INQUIRY_VIEW,
            Permission.AUDIT_VIEW,
            Permission.CONTENT_EDIT,
        }
    ),
}


# Permissions that a role holds only over objects of the user's own discipline: a work-up
# task of that discipline, a finding or study kind the discipline reports (disciplines.py).
DISCIPLINE_SCOPED: dict[Role, frozenset[Permission]] = {
    Role.SPECIALIST: frozenset(_SPECIALIST_WORK),
}


def role_may(role: Role | str | None, permission: Permission) -> bool:
    """True when the role is granted the permission."""
    if not role:
        return False
    return permission in GRANTS.get(Role(role), frozenset())


ROLES_WITH: dict[Permission, list[str]] = {
    permission: [role.value for role, granted in GRANTS.items() if permission in granted]
    for permission in Permission
}


def role_may_act(
    role: Role | str | None,
    permission: Permission,
    *,
    user_discipline: str,
    object_disciplines: Iterable[str],
) -> bool:
    """True when the role may use the permission on an object of these disciplines.

    Unscoped roles need only the grant; a scoped role (a specialist) also needs its own
    discipline among the object's. An object of no discipline is out of every scope.
    """
    if not role_may(role, permission):
        return False
    if permission not in DISCIPLINE_SCOPED.get(Role(role), frozenset()):
        return True
    return bool(user_discipline) and user_discipline in set(object_disciplines)


def is_scoped(role: Role | str | None, permission: Permission) -> bool:
    """True when the role holds the permission only within its discipline."""
    return bool(role) and permission in DISCIPLINE_SCOPED.get(Role(role), frozenset())
