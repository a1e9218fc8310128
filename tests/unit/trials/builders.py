"""Small builders for trial tests: a v2 study record in software.md's shape, and a patient."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from engraft.core.trials import TrialPatient

# The abridged NCT00775931 record of software.md section 3.5, with its placeholders filled in
# with plausible values of the same format (the live record was not fetched).
EXAMPLE: dict[str, Any] = {
    "protocolSection": {
        "identificationModule": {
            "nctId": "NCT00775931",
            "briefTitle": "Allogeneic Transplantation For Severe Osteopetrosis",
            "officialTitle": "Allogeneic Hematopoietic Stem Cell Transplantation For Severe "
            "Osteopetrosis",
        },
        "statusModule": {
            "overallStatus": "COMPLETED",
            "startDateStruct": {"date": "2008-08", "type": "ACTUAL"},
            "primaryCompletionDateStruct": {"date": "2013-06", "type": "ACTUAL"},
            "completionDateStruct": {"date": "2013-06", "type": "ACTUAL"},
            "studyFirstPostDateStruct": {"date": "2008-10-20", "type": "ACTUAL"},
            "lastUpdatePostDateStruct": {"date": "2019-07-31", "type": "ACTUAL"},
        },
        "conditionsModule": {"conditions": ["Severe Osteopetrosis"]},
        "designModule": {
            "studyType": "INTERVENTIONAL",
            "phases": ["PHASE2", "PHASE3"],
            "enrollmentInfo": {"count": 7, "type": "ACTUAL"},
        },
        "armsInterventionsModule": {
            "interventions": [
                {"type": "PROCEDURE", "name": "umbilical cord blood transplantation"},
                {"type": "DRUG", "name": "Campath-1H", "otherNames": ["Alemtuzumab"]},
                {"type": "RADIATION", "name": "Total Lymphoid Irradiation"},
            ]
        },
        "eligibilityModule": {
            "eligibilityCriteria": "Inclusion Criteria:\n* Severe osteopetrosis\n* Donor "
            "available\n\nExclusion Criteria:\n* Active infection",
            "sex": "ALL",
            "minimumAge": "0 Days",
            "maximumAge": "55 Years",
            "stdAges": ["CHILD", "ADULT"],
            "healthyVolunteers": False,
        },
    },
    "hasResults": True,
}


def study(**eligibility: Any) -> dict[str, Any]:
    """The example record with its eligibility module's fields replaced (None deletes)."""
    data = copy.deepcopy(EXAMPLE)
    module = data["protocolSection"]["eligibilityModule"]
    for key, value in eligibility.items():
        if value is None:
            module.pop(key, None)
        else:
            module[key] = value
    return data


def patient(**fields: Any) -> TrialPatient:
    """A patient with only the given facts (everything else unknown)."""
    return TrialPatient(patient_id="t-1", **fields)


def born_days_before(today: date, days: int) -> date:
    """The birth date of a child aged exactly ``days`` whole days on ``today``."""
    return date.fromordinal(today.toordinal() - days)
