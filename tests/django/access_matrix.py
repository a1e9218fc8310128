"""Who may use each URL: the expected access, written by hand from the roles' duties.

This is the specification the access walk (test_access_rules.py) checks the running app
against. It is deliberately NOT derived from the code (not from the views' decorators, not
from `engraft.access.roles`): a view given the wrong permission must fail the walk.

How to add a URL (every URL of the project must have a row, or the walk fails):
  1. Add a row below: "namespace:name": Access(get=WHO, post=WHO).
     WHO is the set of visitors that may use the method:
       ANONYMOUS, PHYSICIAN, COORDINATOR, SPECIALIST, NURSE, DATA_MANAGER, ADMINISTRATOR,
       OUTSIDER
     (or the groups below). Everyone not in it must be refused: an anonymous visitor is sent
     to sign in (401 from the API), a signed-in one gets 403, and a refused POST changes
     nothing in the database.
     NOT_SERVED says the view does not answer that method at all (405 for those who pass
     the access check, e.g. a POST-only action opened with GET). `page=False` marks a URL
     that exists only to be reversed (the API root): those who pass the check meet 404.
  2. If the URL has parameters, give a sample object in tests/django/url_samples_<app>.py
     (SAMPLES = {"namespace:name": callable returning the URL kwargs}).
The specialist of the walk works in ophthalmology: the work-up task samples are the
ophthalmology task, the void sample is a laboratory value (not theirs to void).
"""

from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS = "anonymous"
PHYSICIAN = "physician"
COORDINATOR = "coordinator"
SPECIALIST = "specialist"
NURSE = "nurse"
DATA_MANAGER = "data_manager"
ADMINISTRATOR = "administrator"
OUTSIDER = "outsider"  # signed in, but an account with no role

VISITORS = (
    ANONYMOUS, PHYSICIAN, COORDINATOR, SPECIALIST, NURSE, DATA_MANAGER, ADMINISTRATOR, OUTSIDER,
)  # fmt: skip
WALK_SPECIALIST_DISCIPLINE = "ophthalmology"

NOT_SERVED = frozenset({"<method not served>"})
EVERYONE = frozenset(VISITORS)
NOBODY: frozenset[str] = frozenset()
STAFF = frozenset({PHYSICIAN, COORDINATOR, SPECIALIST, NURSE, DATA_MANAGER, ADMINISTRATOR})
# Everyone who reads the clinical record: a ward nurse reads it to care for the child.
CLINICAL_TEAM = frozenset({PHYSICIAN, COORDINATOR, SPECIALIST, NURSE, DATA_MANAGER})
# The transplant: opened and run by physicians and coordinators; daily values entered by the
# ward (nurses too); alerts acknowledged by a clinician (physician or nurse); past
# transplants entered by a physician or a data manager.
TRANSPLANT_TEAM = frozenset({PHYSICIAN, COORDINATOR})
WARD = frozenset({PHYSICIAN, COORDINATOR, NURSE})
ALERT_ACKNOWLEDGERS = frozenset({PHYSICIAN, NURSE})
HISTORY_ENTRY = frozenset({PHYSICIAN, DATA_MANAGER})
RECORD_KEEPERS = frozenset({PHYSICIAN, COORDINATOR})
# Specialists add results of their own discipline (the walk's specialist: ophthalmology).
RESULT_RECORDERS = RECORD_KEEPERS | {SPECIALIST}
REQUEST_READERS = frozenset({PHYSICIAN, COORDINATOR, ADMINISTRATOR})
# Follow-up visits are marked done by physicians and nurses (specialists: their discipline's).
FOLLOW_UP_RECORDERS = frozenset({PHYSICIAN, NURSE})
# Trials: the clinical team reads the catalogue, a trial and a child's matches; physicians and
# coordinators (the research team) import records, keep the centre's fields and the curated
# rule, and record each step of a screening; they and the data manager, who reports accrual,
# read the screening log. The administrator sees none of it.
TRIAL_KEEPERS = frozenset({PHYSICIAN, COORDINATOR})
TRIAL_REPORTERS = frozenset({PHYSICIAN, COORDINATOR, DATA_MANAGER})
# Outcomes: the clinical team reads a child's vital status; physicians, coordinators and the
# data manager record it; only physicians and the data manager read the cohort's analytics;
# only the data manager chooses what the public results page shows.
VITAL_STATUS_RECORDERS = frozenset({PHYSICIAN, COORDINATOR, DATA_MANAGER})
OUTCOMES_READERS = frozenset({PHYSICIAN, DATA_MANAGER})


@dataclass(frozen=True)
class Access:
    get: frozenset[str]
    post: frozenset[str]
    page: bool = True


def read(who: frozenset[str]) -> Access:
    """A page that only shows: a POST to it is answered like a GET and changes nothing."""
    return Access(get=who, post=who)


def form(who: frozenset[str]) -> Access:
    """A page with a form: the same visitors open it and send it."""
    return Access(get=who, post=who)


def action(who: frozenset[str]) -> Access:
    """A POST-only action."""
    return Access(get=NOT_SERVED, post=who)


def api_read(who: frozenset[str]) -> Access:
    return Access(get=who, post=NOT_SERVED)


MATRIX: dict[str, Access] = {
    # Public pages for families and the staff sign-in.
    "information:home": read(EVERYONE),
    "information:osteopetrosis": read(EVERYONE),
    "information:diagnosis": read(EVERYONE),
    "information:transplant": read(EVERYONE),
    "information:team": read(EVERYONE),
    "information:trials": read(EVERYONE),
    "information:contact": read(EVERYONE),
    "information:what-to-expect": read(EVERYONE),
    "information:research": read(EVERYONE),
    "information:results": read(EVERYONE),
    "information:sources": read(EVERYONE),
    "information:sitemap": read(EVERYONE),
    "information:request_information": form(EVERYONE),
    "information:request_received": read(EVERYONE),
    "access:login": form(EVERYONE),
    "access:logout": action(EVERYONE),
    # Families' requests: coordinators and physicians answer them; the administrator reads.
    "information:queue": read(REQUEST_READERS),
    "information:request_detail": read(REQUEST_READERS),
    "information:assign": action(RECORD_KEEPERS),
    "information:set_status": action(RECORD_KEEPERS),
    "information:add_note": action(RECORD_KEEPERS),
    "information:log_contact": action(RECORD_KEEPERS),
    "access:staff_home": read(STAFF),
    # Enrolling and entering the second login factor: every member of staff, for themselves.
    "second_factor": form(STAFF),
    "second_factor_setup": form(STAFF),
    # The audit trail is the administrator's, who sees no clinical record.
    "audit:trail": read(frozenset({ADMINISTRATOR})),
    # The record.
    "record:patients": read(CLINICAL_TEAM),
    "record:referral_intake": form(RECORD_KEEPERS),
    "record:fhir_import": form(RECORD_KEEPERS),
    "record:patient": read(CLINICAL_TEAM),
    "record:edit_diagnosis": form(RECORD_KEEPERS),
    "record:add_relative": form(RECORD_KEEPERS),
    # Genetic results: physicians, coordinators and genetics specialists only.
    "record:add_genetic_result": form(RECORD_KEEPERS),
    "record:add_finding": form(RESULT_RECORDERS),
    "record:add_lab_result": form(RESULT_RECORDERS),
    "record:lab_charts": read(CLINICAL_TEAM),
    "record:add_document": form(RESULT_RECORDERS),
    # Ophthalmology reports no study (imaging is radiology's).
    "record:add_study": form(RECORD_KEEPERS),
    "record:document": read(CLINICAL_TEAM),
    # The sample is a laboratory value: not the ophthalmologist's to void.
    "record:void_entry": form(RECORD_KEEPERS),
    "record:timeline": read(CLINICAL_TEAM),
    # The care team: everyone who reads the record sees it; physicians and coordinators
    # change it (others get the page without the form). Breaking the glass: any clinical
    # role, for themselves; the administrator reviews the accesses.
    "record:care_team": form(CLINICAL_TEAM),
    "record:break_glass": action(CLINICAL_TEAM),
    "record:break_glass_review": form(frozenset({ADMINISTRATOR})),
    # Data managers export for registries; specialists do not.
    "record:fhir_export": read(frozenset({PHYSICIAN, COORDINATOR, DATA_MANAGER})),
    # The assessment.
    "assessment:current": read(CLINICAL_TEAM),
    "assessment:sign_off": form(frozenset({PHYSICIAN})),
    "assessment:history": read(CLINICAL_TEAM),
    "assessment:stored": read(CLINICAL_TEAM),
    "assessment:meeting": form(RECORD_KEEPERS),
    "assessment:pdf": read(CLINICAL_TEAM),
    # The physician's list of assessments to sign (new, superseded).
    "assessment:awaiting_sign_off": read(frozenset({PHYSICIAN})),
    # Donors.
    "donors:patient": read(CLINICAL_TEAM),
    "donors:add_typing": form(RECORD_KEEPERS),
    "donors:add_antibody": form(RECORD_KEEPERS),
    "donors:void_typing": form(RECORD_KEEPERS),
    "donors:void_antibody": form(RECORD_KEEPERS),
    # The transplant context (CMV, ABO/Rh, weight and height) the search ranks by.
    "donors:context": form(RECORD_KEEPERS),
    "donors:add_measurement": form(RECORD_KEEPERS),
    "donors:void_measurement": form(RECORD_KEEPERS),
    "donors:search": read(CLINICAL_TEAM),
    # A GET sends the user back to the search page; the POST runs the search.
    "donors:run_search": form(RECORD_KEEPERS),
    "donors:select": action(RECORD_KEEPERS),
    "donors:confirmatory": read(CLINICAL_TEAM),
    "donors:request_confirmatory": action(RECORD_KEEPERS),
    "donors:confirmatory_result": form(RECORD_KEEPERS),
    # The work-up.
    "workup:board": read(CLINICAL_TEAM),
    "workup:my_work": read(CLINICAL_TEAM),
    "workup:calendar": read(CLINICAL_TEAM),
    # Everyone of the team sees the plan; coordinators and physicians create it.
    "workup:plan": Access(get=CLINICAL_TEAM, post=RECORD_KEEPERS),
    "workup:mark_ready": action(RECORD_KEEPERS),
    "workup:schedule_pdf": read(CLINICAL_TEAM),
    "workup:schedule_ics": read(CLINICAL_TEAM),
    "workup:task": read(CLINICAL_TEAM),
    # The sample is the ophthalmology task: the walk's ophthalmologist may work on it.
    "workup:update_task": action(RESULT_RECORDERS),
    "workup:record_result": action(RESULT_RECORDERS),
    "workup:waive_task": action(frozenset({PHYSICIAN})),
    # Transplant outputs: the FHIR Bundle is an export (registries: not nurses or
    # specialists); the summary for the referring hospital is for the whole clinical team.
    "transplant:episode_fhir": read(frozenset({PHYSICIAN, COORDINATOR, DATA_MANAGER})),
    "transplant:summary_pdf": read(CLINICAL_TEAM),
    # The ward's daily view: the whole clinical team reads it (a nurse cares for the child);
    # an alert is acknowledged, with a note, by a clinician at the bedside.
    "transplant:ward": read(CLINICAL_TEAM),
    "transplant:acknowledge_alert": form(ALERT_ACKNOWLEDGERS),
    # The JSON API.
    # Ninja's root: a name to reverse, no page.
    "api:api-root": Access(get=STAFF, post=STAFF, page=False),
    # The schema and its viewer answer a POST like a GET.
    "api:openapi-json": read(STAFF),
    "api:openapi-view": read(STAFF),
    "api:list_patients": api_read(CLINICAL_TEAM),
    "api:get_patient": api_read(CLINICAL_TEAM),
    "api:list_findings": api_read(CLINICAL_TEAM),
    # One path: GET lists the observations, POST adds a laboratory value.
    "api:list_observations": Access(get=CLINICAL_TEAM, post=RESULT_RECORDERS),
    "api:add_observation": Access(get=CLINICAL_TEAM, post=RESULT_RECORDERS),
    # The transplant episode and the flowsheet: the whole clinical team reads the page; the
    # transplant team opens and runs the episode; past transplants are entered as history by a
    # physician or a data manager; the ward (nurses too) enters the daily values and support.
    "transplant:patient": read(CLINICAL_TEAM),
    "transplant:open": form(TRANSPLANT_TEAM),
    "transplant:open_history": form(HISTORY_ENTRY),
    "transplant:retransplant": form(TRANSPLANT_TEAM),
    "transplant:admit": form(TRANSPLANT_TEAM),
    "transplant:dates": form(TRANSPLANT_TEAM),
    "transplant:close": form(TRANSPLANT_TEAM),
    "transplant:conditioning": form(TRANSPLANT_TEAM),
    "transplant:graft": form(TRANSPLANT_TEAM),
    "transplant:flowsheet": form(WARD),
    "transplant:add_transfusion": form(WARD),
    "transplant:add_growth_factor": form(WARD),
    "transplant:add_chimerism": form(TRANSPLANT_TEAM),
    "transplant:void_support": form(WARD),
    "transplant:void_chimerism": form(TRANSPLANT_TEAM),
    # The growth charts read the record's heights and weights: the whole clinical team.
    "transplant:growth": read(CLINICAL_TEAM),
    # The surveillance's entries: read by the clinical team, entered by the ward; chronic
    # GVHD is a physician's diagnosis.
    "transplant:surveillance": read(CLINICAL_TEAM),
    "transplant:add_observation": form(WARD),
    "transplant:add_gvhd_assessment": form(WARD),
    "transplant:add_adverse_event": form(WARD),
    "transplant:add_chronic_gvhd": form(frozenset({PHYSICIAN})),
    "transplant:void_surveillance_entry": form(WARD),
    # The long-term follow-up: the whole clinical team reads the schedule; the clinicians of
    # the follow-up clinic (physicians, nurses) mark any visit done or void it, a specialist
    # their discipline's (the walk's ophthalmologist: the mark-done sample names no visit, so
    # it is let in and told so; the void sample is a hearing visit, not theirs).
    "followup:patient": read(CLINICAL_TEAM),
    "followup:mark_done": action(FOLLOW_UP_RECORDERS | {SPECIALIST}),
    "followup:void_visit": action(FOLLOW_UP_RECORDERS),
    # Clinical trials.
    "trials:catalogue": read(CLINICAL_TEAM),
    "trials:trial": read(CLINICAL_TEAM),
    "trials:patient": read(CLINICAL_TEAM),
    "trials:import": form(TRIAL_KEEPERS),
    "trials:edit_site": action(TRIAL_KEEPERS),
    "trials:edit_rule": form(TRIAL_KEEPERS),
    "trials:record_step": action(TRIAL_KEEPERS),
    "trials:screening": read(TRIAL_REPORTERS),
    "trials:screening_csv": read(TRIAL_REPORTERS),
    # Outcomes and research.
    "outcomes:patient": read(CLINICAL_TEAM),
    "outcomes:record_vital_status": action(VITAL_STATUS_RECORDERS),
    "outcomes:cohort": read(OUTCOMES_READERS),
    "outcomes:publish": form(frozenset({DATA_MANAGER})),
}
