"""Property tests (hypothesis) over generated cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from assessment_builders import full_workup
from hypothesis import given, settings
from hypothesis import strategies as st

from engraft.core.assessment import Candidacy, assess
from engraft.core.assessment.case import (
    Case,
    Finding,
    FindingStatus,
    GeneticResult,
    GeneticTesting,
    GeneticTestingStatus,
    HctCiRecord,
    LanskyScore,
)
from engraft.core.knowledge import load_knowledge_base
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity

KB = load_knowledge_base()
AS_OF = date(2024, 6, 1)
GENES = [*sorted(KB.genes), "ZZZ9"]
CONTRAINDICATING = [
    GeneticResult("OSTM1", Zygosity.HOMOZYGOUS, VariantClassification.PATHOGENIC),
    GeneticResult(
        "TNFSF11", Zygosity.COMPOUND_HETEROZYGOUS, VariantClassification.LIKELY_PATHOGENIC
    ),
]

genetic_results = st.builds(
    GeneticResult,
    gene=st.sampled_from(GENES),
    zygosity=st.sampled_from(list(Zygosity)),
    classification=st.sampled_from(list(VariantClassification)),
)
findings = st.builds(
    Finding,
    marker=st.sampled_from(sorted(KB.markers)),
    status=st.sampled_from(list(FindingStatus)),
    date=st.dates(date(2010, 1, 1), AS_OF),
)


@st.composite
def cases(draw) -> Case:
    dob = draw(st.dates(date(2005, 1, 1), AS_OF - timedelta(days=1)))
    status = draw(st.sampled_from(list(GeneticTestingStatus)))
    genetics = draw(st.lists(genetic_results, max_size=3)) if status == "reported" else []
    workup = draw(st.sampled_from([(), full_workup(AS_OF - timedelta(days=3))]))
    return Case(
        case_id="prop",
        sex=draw(st.sampled_from(list(Sex))),
        date_of_birth=dob,
        clinical_form=draw(st.sampled_from(list(ClinicalForm))),
        genetic_testing=GeneticTesting(status),
        genetics=tuple(genetics),
        findings=tuple(f for f in draw(st.lists(findings, max_size=8)) if f.date >= dob),
        workup=workup,
        lansky=draw(
            st.none() | st.builds(LanskyScore, st.sampled_from(range(0, 101, 10)), st.just(AS_OF))
        ),
        hct_ci=draw(
            st.none()
            | st.builds(
                HctCiRecord,
                st.just(AS_OF),
                st.lists(st.sampled_from(sorted(KB.hct_ci_items)), unique=True, max_size=4).map(
                    tuple
                ),
            )
        ),
    )


@settings(max_examples=60, deadline=None)
@given(cases(), st.sampled_from(CONTRAINDICATING))
def test_adding_a_contraindicating_genotype_never_makes_candidacy_more_favourable(case, gate):
    before = Candidacy(assess(case, AS_OF).candidacy.value)
    reported = GeneticTesting(GeneticTestingStatus.REPORTED)
    with_gate = replace(case, genetics=(*case.genetics, gate), genetic_testing=reported)
    after = Candidacy(assess(with_gate, AS_OF).candidacy.value)
    assert after.favourability <= before.favourability
    assert after in (Candidacy.CONTRAINDICATED, Candidacy.NOT_CURATIVE)


@settings(max_examples=60, deadline=None)
@given(cases())
def test_missing_data_never_yields_indicated_without_listing_what_is_missing(case):
    stripped = replace(case, workup=(), findings=())
    result = assess(stripped, AS_OF)
    if result.candidacy.value == Candidacy.INDICATED:
        assert "workup:brain_mri" in result.candidacy.missing
        assert "marker:primary_neurodegeneration" in result.candidacy.missing


@settings(max_examples=60, deadline=None)
@given(cases())
def test_pending_genetics_never_yields_indicated_without_listing_genetics(case):
    pending = replace(
        case, genetics=(), genetic_testing=GeneticTesting(GeneticTestingStatus.PENDING)
    )
    result = assess(pending, AS_OF)
    if result.candidacy.value == Candidacy.INDICATED:
        assert "genetics:pending" in result.candidacy.missing


@settings(max_examples=60, deadline=None)
@given(cases())
def test_every_conclusion_has_a_reason_and_every_reason_a_citation(case):
    result = assess(case, AS_OF)
    for conclusion in result.conclusions():
        assert conclusion.reasons, conclusion.topic
        for reason in conclusion.reasons:
            assert reason.citations, (conclusion.topic, reason.rule_id)
            assert all(c.reference for c in reason.citations)
    assert result.sign_off_required


@settings(max_examples=40, deadline=None)
@given(cases())
def test_risk_modifiers_never_change_candidacy(case):
    bare = replace(case, lansky=None, hct_ci=None)
    assert assess(case, AS_OF).candidacy == assess(bare, AS_OF).candidacy


@settings(max_examples=25, deadline=None)
@given(cases())
def test_to_dict_is_json_serialisable(case):
    import json

    assert json.loads(json.dumps(assess(case, AS_OF).to_dict()))["case_id"] == "prop"
