"""A case as the JSON of case.schema.json, and the fingerprint that says whether it changed.

The stored JSON can be fed back to ``engraft assess`` to reproduce a stored assessment; the
fingerprint is the SHA-256 of its canonical text (sorted keys, no spaces).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from engraft.core.assessment.case import Case


def case_to_dict(case: Case) -> dict[str, Any]:
    """The case in its schema's JSON form; empty optional parts are left out."""
    testing: dict[str, Any] = {"status": case.genetic_testing.status.value}
    if case.genetic_testing.requested_on:
        testing["requested_on"] = case.genetic_testing.requested_on.isoformat()
    if case.genetic_testing.reported_on:
        testing["reported_on"] = case.genetic_testing.reported_on.isoformat()
    if case.genetic_testing.ostm1_deletion_analysis is not None:
        testing["ostm1_deletion_analysis"] = case.genetic_testing.ostm1_deletion_analysis
    data: dict[str, Any] = {
        "case_id": case.case_id,
        "sex": case.sex.value,
        "date_of_birth": case.date_of_birth.isoformat(),
        "clinical_form": case.clinical_form.value,
        "genetic_testing": testing,
        "genetics": [
            {
                "gene": g.gene,
                "zygosity": g.zygosity.value,
                "classification": g.classification.value,
                "variants": list(g.variants),
            }
            | ({"reported_on": g.reported_on.isoformat()} if g.reported_on else {})
            for g in case.genetics
        ],
        "findings": [
            {"marker": f.marker, "status": f.status.value, "date": f.date.isoformat()}
            | ({"note": f.note} if f.note else {})
            for f in case.findings
        ],
        "labs": [
            {"name": lab.name.value, "value": lab.value, "date": lab.date.isoformat()}
            for lab in case.labs
        ],
        "workup": [
            {"item": w.item, "date": w.date.isoformat(), "status": w.status.value}
            for w in case.workup
        ],
    }
    if case.lansky:
        data["lansky"] = {"score": case.lansky.score, "date": case.lansky.date.isoformat()}
    if case.hct_ci:
        data["hct_ci"] = {"date": case.hct_ci.date.isoformat(), "items": list(case.hct_ci.items)}
    if case.donor_type:
        data["donor_type"] = case.donor_type.value
    if case.notes:
        data["notes"] = list(case.notes)
    return data


def fingerprint(case_json: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON text of a case."""
    text = json.dumps(case_json, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
