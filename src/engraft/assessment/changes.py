"""What a stored assessment decided, and what changed between two of them, field by field.

An assessment's JSON also holds words that move with the as-of date (the age in days, the days
left in the vision window). Those alone are not a new decision; a different conclusion, a
marker or a work-up item in a different state, or different data missing, is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# The conclusions a physician signs, in the order the page shows them.
HEADLINE = {
    "subtype": "Genetic subtype",
    "severity": "Severity",
    "candidacy": "HSCT candidacy",
    "urgency": "Urgency",
    "missing_assessments": "Assessments at diagnosis",
}


@dataclass(frozen=True)
class Change:
    """One field whose computed value differs: its name, the value before and the value now."""

    field: str
    before: str
    now: str


def _words(code: str) -> str:
    return str(code).replace("_", " ")


def _missing(conclusion: dict[str, Any]) -> str:
    missing = sorted(conclusion.get("missing", []))
    return ", ".join(missing) if missing else "nothing"


def _reasons(conclusion: dict[str, Any]) -> tuple[str, str]:
    """The reasons' words, compared with their numbers masked: "12 days left" tomorrow is
    "11 days left" (no change), but "vision window open" becoming "past the vision window"
    is."""
    shown = "; ".join(reason["text"] for reason in conclusion["reasons"])
    return re.sub(r"\d+", "#", shown), shown


def _fields(result: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Field name -> (what is compared, what is shown), for every value a physician signs."""
    fields: dict[str, tuple[str, str]] = {}
    named = [(name, result[key]) for key, name in HEADLINE.items()]
    named += [
        (_words(c["topic"]).capitalize(), c)
        for c in [*result["recommendations"], *result["risk_modifiers"]]
    ]
    for name, conclusion in named:
        fields[name] = (conclusion["value"], conclusion["label"])
        missing = _missing(conclusion)
        fields[f"{name}: data missing"] = (missing, missing)
        fields[f"{name}: reasons"] = _reasons(conclusion)
    for marker in result["severity_markers"]:
        status = _words(marker["status"])
        fields[f"Severity marker: {marker['label']}"] = (status, status)
    for item in result["workup"]:
        status = _words(item["status"])
        fields[f"Assessment at diagnosis: {item['label']}"] = (status, status)
    return fields


def decision(result: dict[str, Any]) -> dict[str, str]:
    """Every computed value of a stored result that a physician signs, keyed by field name."""
    return {name: compared for name, (compared, _) in _fields(result).items()}


def differences(before: dict[str, Any], now: dict[str, Any]) -> list[Change]:
    """The fields whose computed value differs between two stored results, headline first."""
    old, new = _fields(before), _fields(now)
    names = list(new) + [name for name in old if name not in new]
    absent = ("", "not computed")
    return [
        Change(name, old.get(name, absent)[1], new.get(name, absent)[1])
        for name in names
        if old.get(name, absent)[0] != new.get(name, absent)[0]
    ]
