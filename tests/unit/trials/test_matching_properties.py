"""Adding data never turns "does not meet" into "meets" (or back) for the same criterion.

A patient is drawn with some facts unknown; the same patient with some unknown facts filled in
(and nothing already known changed) must keep every criterion that was decided: only "cannot
determine" may become "meets" or "does not meet".
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from engraft.core.trials import (
    CandidacyStatement,
    Diagnosis,
    GeneFinding,
    LabReading,
    LanskyReading,
    Outcome,
    TransplantStatus,
    TrialPatient,
    match_patient,
    parse_study,
    rule_from_dict,
)
from engraft.core.trials.patient import Candidacy, DonorType, GraftSource
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity
from tests.unit.trials.builders import study

TODAY = date(2026, 12, 2)
TRIAL = parse_study(study(minimumAge="3 Months", maximumAge="2 Years", sex="FEMALE"))
RULE = rule_from_dict(
    {
        "format": "engraft-trial-rule/1",
        "nct_id": TRIAL.nct_id,
        "criteria": {
            "or": [
                {
                    "and": [
                        {
                            "criterion": "diagnosis",
                            "id": "dx",
                            "icd10": "Q78.2",
                            "clinical_forms": ["infantile_aro"],
                            "subtypes": ["TCIRG1-ARO", "SNX10-ARO"],
                        },
                        {
                            "criterion": "gene",
                            "id": "gene",
                            "genes": ["TCIRG1", "SNX10"],
                            "biallelic": True,
                        },
                        {"criterion": "age", "id": "age-tx", "at": "transplant", "max_days": 400},
                        {
                            "criterion": "transplant_status",
                            "id": "status",
                            "status": ["transplanted"],
                            "days_since_day0_min": 20,
                            "days_since_day0_max": 200,
                        },
                        {"criterion": "donor_type", "id": "donor", "any_of": ["MSD", "MUD"]},
                        {"criterion": "graft_source", "id": "graft", "any_of": ["bone_marrow"]},
                        {"not": {"criterion": "prior_transplant", "id": "prior", "value": True}},
                        {"criterion": "lansky", "id": "lansky", "min": 60, "max_age_days": 60},
                        {
                            "criterion": "lab",
                            "id": "creat",
                            "analyte": "creatinine",
                            "comparator": "<",
                            "value": 1.0,
                            "unit": "mg/dL",
                            "max_age_days": 30,
                        },
                        {"criterion": "candidacy", "id": "cand", "any_of": ["indicated"]},
                    ]
                },
                {"criterion": "age", "id": "age-now", "at": "screening", "min_days": 500},
            ]
        },
    }
)

days_ago = st.integers(min_value=0, max_value=900).map(lambda n: TODAY - timedelta(days=n))
facts = {
    "birth_date": days_ago,
    "sex": st.sampled_from(list(Sex)),
    "diagnosis": st.builds(
        Diagnosis,
        st.sampled_from(["Q78.2", "Q78.8", None]),
        st.sampled_from(list(ClinicalForm)),
        st.sampled_from(["TCIRG1-ARO", "CLCN7-ARO", None]),
        days_ago,
    ),
    "transplant_status": st.sampled_from(list(TransplantStatus)),
    "day0": days_ago,
    "donor_type": st.sampled_from(list(DonorType)),
    "graft_source": st.sampled_from(list(GraftSource)),
    "prior_transplants": st.integers(0, 2),
    "lansky": st.builds(LanskyReading, st.sampled_from(range(0, 101, 10)), days_ago),
    "candidacy": st.builds(CandidacyStatement, st.sampled_from(list(Candidacy)), days_ago),
}
gene = st.builds(
    GeneFinding,
    st.sampled_from(["TCIRG1", "SNX10", "CLCN7", "OSTM1"]),
    st.sampled_from(list(Zygosity)),
    st.sampled_from(list(VariantClassification)),
)
creatinine = st.builds(
    LabReading, st.just("creatinine"), st.floats(0.1, 3.0), st.just("mg/dL"), days_ago
)


@st.composite
def patient_and_more(draw):
    """A patient, and the same patient with some of its unknown facts now known."""
    known = {name: draw(strategy) for name, strategy in facts.items() if draw(st.booleans())}
    base = TrialPatient(patient_id="p", **known)
    more = {
        name: draw(strategy)
        for name, strategy in facts.items()
        if name not in known and draw(st.booleans())
    }
    if draw(st.booleans()):
        base = dataclasses.replace(base, labs=(draw(creatinine),))
    elif draw(st.booleans()):
        more["labs"] = (draw(creatinine),)
    genes = tuple(draw(st.lists(gene, max_size=2)))
    if draw(st.booleans()):  # the genotype is reported in the base patient: a known value
        base = dataclasses.replace(base, genes=genes, genetics_reported_on=TODAY)
    elif draw(st.booleans()):
        more.update(genes=genes, genetics_reported_on=TODAY)
    return base, dataclasses.replace(base, **more)


def _outcomes(result, out):
    out[result.id] = result.outcome
    for child in result.children:
        _outcomes(child, out)
    return out


@settings(max_examples=400, deadline=None)
@given(patient_and_more())
def test_adding_data_never_flips_a_decided_criterion(pair):
    before, after = pair
    old, new = {}, {}
    for result in match_patient(before, TRIAL, RULE, today=TODAY).criteria:
        _outcomes(result, old)
    for result in match_patient(after, TRIAL, RULE, today=TODAY).criteria:
        _outcomes(result, new)
    for criterion, outcome in old.items():
        if outcome is not Outcome.CANNOT_DETERMINE:
            assert new[criterion] is outcome, (criterion, outcome, new[criterion])


def test_an_unknown_patient_never_meets_a_criterion_that_needs_data():
    empty = TrialPatient(patient_id="empty")
    for result in match_patient(empty, TRIAL, RULE, today=TODAY).criteria:
        assert result.outcome is Outcome.CANNOT_DETERMINE
