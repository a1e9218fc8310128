"""What the rule form shows beside the JSON: each criterion type, and a rule to start from.

The table says in words what ``core/trials/rules.py`` and its schema accept (docs/trials.md
keeps the same table); the validation itself is the core's.
"""

from __future__ import annotations

from engraft.core.trials.rules import RULE_FORMAT

CRITERIA_HELP: tuple[tuple[str, str, str], ...] = (
    ("diagnosis", "icd10 (Q78.2, or a category Q78), clinical_forms, subtypes (any of)",
     "every given part matches"),
    ("gene", "genes, zygosity, biallelic, classifications (default pathogenic, likely "
     "pathogenic)", "a reported genotype in one of the genes fits"),
    ("age", "at (screening or transplant), min_days, max_days",
     "age in whole days within the bounds (inclusive)"),
    ("transplant_status", "status (candidate, transplanted, not_a_candidate), "
     "days_since_day0_min, days_since_day0_max", "status and days since day 0 fit"),
    ("donor_type / graft_source", "any_of", "the latest or planned one is listed"),
    ("prior_transplant", "value (true or false)", "an HSCT was, or was not, already given"),
    ("lansky", "min, max_age_days", "the latest score is at least min, and recent enough"),
    ("lab", "analyte, comparator (<, <=, >, >=), value, unit, max_age_days",
     "the latest value, no older than max_age_days, satisfies it"),
    ("candidacy", "any_of (indicated, expert_review, not_indicated, not_curative, "
     "contraindicated)", "the assessment's candidacy in force is listed"),
)  # fmt: skip
# Combine them with {"and": [...]}, {"or": [...]} and {"not": {...}} (an exclusion).


def rule_template(nct_id: str) -> dict[str, object]:
    """A valid rule to start curating from: the diagnosis only, covering no item yet."""
    return {
        "format": RULE_FORMAT,
        "nct_id": nct_id,
        "note": "Curated by the centre: replace and extend the criteria below.",
        "criteria": {
            "and": [
                {"criterion": "diagnosis", "id": "diagnosis", "label": "Osteopetrosis (Q78.2)",
                 "icd10": "Q78.2", "covers": []}
            ]
        },
    }  # fmt: skip
