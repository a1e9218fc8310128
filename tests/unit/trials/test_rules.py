"""Curated rules: the JSON form is checked and a bad one names its path."""

from __future__ import annotations

import copy

import pytest

from engraft.core.trials import RuleError, rule_from_dict
from engraft.core.trials.rules import And, LabLeaf, Not

RULE = {
    "format": "engraft-trial-rule/1",
    "nct_id": "NCT00775931",
    "criteria": {
        "and": [
            {"criterion": "diagnosis", "icd10": "Q78.2", "covers": ["I1"]},
            {
                "not": {
                    "criterion": "lab",
                    "analyte": "bilirubin",
                    "comparator": ">",
                    "value": 34.2,
                    "unit": "umol/L",
                    "max_age_days": 14,
                }
            },
        ]
    },
}


def test_valid_rule_builds_its_tree_and_converts_lab_units():
    rule = rule_from_dict(RULE)
    assert isinstance(rule.criteria, And)
    negated = rule.criteria.children[1]
    assert isinstance(negated, Not) and isinstance(negated.child, LabLeaf)
    # 34.2 umol/L of bilirubin is 2.0 mg/dL (17.1 umol/L per mg/dL)
    assert negated.child.value == pytest.approx(2.0) and negated.child.unit == "mg/dL"
    assert rule.covered_items() == {"I1"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: r["criteria"]["and"][1]["not"].update(unit="mg"),
            "criteria.and[1].not.unit: 'mg' is not a unit for",
        ),
        (
            lambda r: r["criteria"]["and"][1]["not"].update(analyte="unobtainium"),
            "criteria.and[1].not.analyte: 'unobtainium' is not a known analyte",
        ),
        (
            lambda r: r["criteria"]["and"].append(
                {"criterion": "age", "at": "screening", "min_days": 10, "max_days": 5}
            ),
            "criteria.and[2].min_days: 10 is above max_days",
        ),
        (
            lambda r: r["criteria"]["and"].append({"criterion": "lansky"}),
            "criteria.and[2].min: required field is missing",
        ),
        (
            lambda r: r["criteria"]["and"].append(
                {"criterion": "donor_type", "any_of": ["sibling"]}
            ),
            "criteria.and[2].any_of[0]: 'sibling' is not one of",
        ),
        (
            lambda r: r["criteria"]["and"].append({"criterion": "weather"}),
            "criteria.and[2].criterion: 'weather' is not one of",
        ),
        (lambda r: r.update(nct_id="NCT1"), "nct_id: 'NCT1' does not match"),
        (
            lambda r: (
                r["criteria"]["and"].append(
                    {"criterion": "candidacy", "any_of": ["indicated"], "id": "x"}
                )
                or r["criteria"]["and"].append(
                    {"criterion": "candidacy", "any_of": ["indicated"], "id": "x"}
                )
            ),
            "criteria: leaf id 'x' is used twice",
        ),
    ],
)
def test_invalid_rule_names_the_bad_path(change, message):
    data = copy.deepcopy(RULE)
    change(data)
    with pytest.raises(RuleError) as caught:
        rule_from_dict(data)
    assert str(caught.value).startswith(message)
