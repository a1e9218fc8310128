"""Clinical trials, pure core: ClinicalTrials.gov v2 records, curated rules, matching.

- ``ctgov``: parse API v2 study records and search responses (:func:`parse_study`,
  :func:`parse_search_response`) into :class:`TrialRecord`.
- ``rules``: curated eligibility rules, and/or/not over typed leaves (:func:`rule_from_dict`).
- ``patient``: :class:`TrialPatient`, the facts matching reads; ``patient_file`` reads one
  from the assessment's case format extended for trials.
- ``matching``: :func:`match_patient` gives a :class:`TrialMatch` with a result per criterion.
- ``trial_files``: records and rules in a directory; the shipped synthetic samples.

See docs/trials.md.
"""

from engraft.core.trials.ages import AgeLimit, LimitKind, parse_age_limit
from engraft.core.trials.criteria_eval import Outcome
from engraft.core.trials.criteria_text import CriteriaItem, CriteriaSection, split_criteria
from engraft.core.trials.ctgov import (
    Arm,
    Contact,
    Eligibility,
    Intervention,
    Location,
    RecordProblem,
    TrialRecord,
    TrialRecordError,
    TrialSex,
    parse_records,
    parse_search_response,
    parse_study,
)
from engraft.core.trials.matching import (
    CriterionResult,
    CriterionSource,
    Overall,
    TrialMatch,
    match_patient,
)
from engraft.core.trials.partial_date import DatePrecision, PartialDate, parse_partial_date
from engraft.core.trials.patient import (
    CandidacyStatement,
    Diagnosis,
    GeneFinding,
    LabReading,
    LanskyReading,
    TransplantStatus,
    TrialPatient,
)
from engraft.core.trials.patient_file import PatientFileError, patient_from_dict, patient_from_json
from engraft.core.trials.rules import Rule, RuleError, rule_from_dict
from engraft.core.trials.trial_files import CuratedTrial, load_trial_directory, sample_trials

__all__ = [
    "AgeLimit",
    "Arm",
    "CandidacyStatement",
    "Contact",
    "CriteriaItem",
    "CriteriaSection",
    "CriterionResult",
    "CriterionSource",
    "CuratedTrial",
    "DatePrecision",
    "Diagnosis",
    "Eligibility",
    "GeneFinding",
    "Intervention",
    "LabReading",
    "LanskyReading",
    "LimitKind",
    "Location",
    "Outcome",
    "Overall",
    "PartialDate",
    "PatientFileError",
    "RecordProblem",
    "Rule",
    "RuleError",
    "TransplantStatus",
    "TrialMatch",
    "TrialPatient",
    "TrialRecord",
    "TrialRecordError",
    "TrialSex",
    "load_trial_directory",
    "match_patient",
    "parse_age_limit",
    "parse_partial_date",
    "parse_records",
    "parse_search_response",
    "parse_study",
    "patient_from_dict",
    "patient_from_json",
    "rule_from_dict",
    "sample_trials",
    "split_criteria",
]
