"""Decision support for assessment at diagnosis: subtype, severity, candidacy, urgency.

Pure: ``assess(case, as_of)`` takes the dataclasses of ``case.py`` and returns an
``Assessment`` whose every conclusion carries its rules, data and citations. It supports,
never decides: the output needs a clinician's sign-off.
"""

from engraft.core.assessment.case import Case
from engraft.core.assessment.engine import assess
from engraft.core.assessment.parse import CaseError, case_from_dict, case_from_json
from engraft.core.assessment.result import Assessment, Candidacy, Conclusion, Reason, Urgency

__all__ = [
    "Assessment",
    "Candidacy",
    "Case",
    "CaseError",
    "Conclusion",
    "Reason",
    "Urgency",
    "assess",
    "case_from_dict",
    "case_from_json",
]
