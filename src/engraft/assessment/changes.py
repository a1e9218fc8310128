"""What a stored assessment decided, and what changed between two of them, field by field.

An assessment's JSON also holds words that move with the as-of date (the age in days, the days
left in the vision window). Those alone are not a new decision; a different conclusion, a
marker or a work-up item in a different state, or different data missing, is.
"""

from __future__ import annotations

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


def decision(result: dict[str, Any]) -> dict[str, str]:
    """Every computed value of a stored result that a physician signs, keyed by field name."""
    fields: dict[str, str] = {}
    for key, name in HEADLINE.items():
        conclusion = result[key]
        fields[name] = conclusion["label"]
        fields[f"{name}: data missing"] = _missing(conclusion)
    for conclusion in [*result["recommendations"], *result["risk_modifiers"]]:
        name = _words(conclusion["topic"]).capitalize()
        fields[name] = conclusion["label"]
        fields[f"{name}: data missing"] = _missing(conclusion)
    for marker in result["severity_markers"]:
        fields[f"Severity marker: {marker['label']}"] = _words(marker["status"])
    for item in result["workup"]:
        fields[f"Assessment at diagnosis: {item['label']}"] = _words(item["status"])
    return fields


def differences(before: dict[str, Any], now: dict[str, Any]) -> list[Change]:
    """The fields whose computed value differs between two stored results, headline first."""
    old, new = decision(before), decision(now)
    names = list(new) + [name for name in old if name not in new]
    return [
        Change(name, old.get(name, "not computed"), new.get(name, "not computed"))
        for name in names
        if old.get(name) != new.get(name)
    ]
