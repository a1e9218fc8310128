"""Candidacy rules, each tested on both sides of its boundary."""

from __future__ import annotations

from assessment_builders import AS_OF, finding, genotype
from assessment_builders import base_case as make_case

from engraft.core.assessment import Candidacy, assess
from engraft.core.assessment.case import GeneticTesting, GeneticTestingStatus
from engraft.core.vocabulary import ClinicalForm, Sex, VariantClassification, Zygosity


def test_ostm1_is_contraindicated() -> None:
    result = assess(make_case(genetics=(genotype("OSTM1"),)), AS_OF)
    assert result.candidacy.value == Candidacy.CONTRAINDICATED
    assert result.candidacy.reasons[0].rule_id == "R1-OSTM1"


def test_single_heterozygous_ostm1_is_not_a_contraindication() -> None:
    case = make_case(genetics=(genotype("OSTM1", Zygosity.HETEROZYGOUS),))
    assert assess(case, AS_OF).candidacy.value == Candidacy.EXPERT_REVIEW


def test_ostm1_vus_is_not_a_contraindication_but_needs_review() -> None:
    vus = genotype("OSTM1", classification=VariantClassification.UNCERTAIN_SIGNIFICANCE)
    assert assess(make_case(genetics=(vus,)), AS_OF).candidacy.value == Candidacy.EXPERT_REVIEW


def test_rankl_deficiency_is_not_curative() -> None:
    result = assess(make_case(genetics=(genotype("TNFSF11"),)), AS_OF)
    assert result.candidacy.value == Candidacy.NOT_CURATIVE
    assert "R1-RANKL" in result.fired_rules()


def test_rank_deficiency_is_indicated_with_a_hypercalcaemia_caution() -> None:
    result = assess(make_case(genetics=(genotype("TNFRSF11A"),)), AS_OF)
    assert result.candidacy.value == Candidacy.INDICATED
    assert any("hypercalcaemia" in r.label for r in result.recommendations)


def test_contraindication_wins_over_an_indicated_second_genotype() -> None:
    case = make_case(genetics=(genotype("TCIRG1"), genotype("OSTM1")))
    assert assess(case, AS_OF).candidacy.value == Candidacy.CONTRAINDICATED


def test_biallelic_clcn7_without_neurodegeneration_is_indicated() -> None:
    case = make_case(genetics=(genotype("CLCN7", Zygosity.COMPOUND_HETEROZYGOUS),))
    result = assess(case, AS_OF)
    assert result.subtype.value == "CLCN7-ARO"
    assert result.candidacy.value == Candidacy.INDICATED
    assert result.candidacy.missing == ()


def test_biallelic_clcn7_with_neurodegeneration_goes_to_expert_review() -> None:
    case = make_case(
        genetics=(genotype("CLCN7"),),
        findings=(finding("primary_neurodegeneration"), finding("erg_abnormal", "absent")),
    )
    result = assess(case, AS_OF)
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW
    assert "CLCN7" in result.candidacy.reasons[0].text


def test_abnormal_erg_alone_routes_to_expert_review() -> None:
    case = make_case(
        findings=(finding("erg_abnormal"), finding("primary_neurodegeneration", "absent"))
    )
    assert assess(case, AS_OF).candidacy.value == Candidacy.EXPERT_REVIEW


def test_heterozygous_clcn7_is_ado2_and_not_indicated() -> None:
    case = make_case(
        genetics=(genotype("CLCN7", Zygosity.HETEROZYGOUS),), clinical_form=ClinicalForm.ADO
    )
    result = assess(case, AS_OF)
    assert result.subtype.value == "CLCN7-ADO2"
    assert result.candidacy.value == Candidacy.NOT_INDICATED
    assert any(
        r.topic == "supportive_care" and "calcitriol" in r.label for r in result.recommendations
    )


def test_heterozygous_clcn7_with_severe_marrow_failure_goes_to_review() -> None:
    case = make_case(
        genetics=(genotype("CLCN7", Zygosity.HETEROZYGOUS),),
        findings=(*make_case().findings, finding("transfusion_dependence")),
    )
    result = assess(case, AS_OF)
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW
    assert "IH-DISCORDANCE" in result.fired_rules()


def test_ikbkg_in_a_boy_is_nemo_deficiency_and_indicated() -> None:
    case = make_case(genetics=(genotype("IKBKG", Zygosity.HEMIZYGOUS),), sex=Sex.MALE)
    result = assess(case, AS_OF)
    assert result.subtype.value == "IKBKG-OLEDAID"
    assert result.candidacy.value == Candidacy.INDICATED


def test_ikbkg_in_a_girl_is_not_called_nemo_deficiency() -> None:
    case = make_case(genetics=(genotype("IKBKG", Zygosity.HETEROZYGOUS),), sex=Sex.FEMALE)
    result = assess(case, AS_OF)
    assert result.subtype.value == "unresolved"
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW


def test_ca2_is_case_by_case_and_warns_that_rta_persists() -> None:
    result = assess(make_case(genetics=(genotype("CA2"),)), AS_OF)
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW
    assert any("tubular acidosis persists" in r.label for r in result.recommendations)


def test_unknown_gene_goes_to_expert_review() -> None:
    result = assess(make_case(genetics=(genotype("ZZZ9"),)), AS_OF)
    assert result.candidacy.value == Candidacy.EXPERT_REVIEW
    assert "IH-UNKNOWN-GENE" in result.fired_rules()


def test_pending_genotype_with_infantile_phenotype_is_provisionally_indicated() -> None:
    pending = GeneticTesting(GeneticTestingStatus.PENDING, requested_on=AS_OF)
    result = assess(make_case(genetics=(), genetic_testing=pending), AS_OF)
    assert result.candidacy.value == Candidacy.INDICATED
    assert "genetics:pending" in result.candidacy.missing
    assert "provisional" in result.candidacy.label


def test_pending_genotype_with_intermediate_phenotype_needs_review() -> None:
    pending = GeneticTesting(GeneticTestingStatus.PENDING)
    case = make_case(
        genetics=(), genetic_testing=pending, clinical_form=ClinicalForm.INTERMEDIATE_ARO
    )
    assert assess(case, AS_OF).candidacy.value == Candidacy.EXPERT_REVIEW


def test_indicated_case_lists_the_missing_neuro_screen() -> None:
    case = make_case(workup=(), findings=())
    result = assess(case, AS_OF)
    assert result.candidacy.value == Candidacy.INDICATED
    assert "workup:brain_mri" in result.candidacy.missing
    assert "marker:erg_abnormal" in result.candidacy.missing


def test_complete_screen_gives_indicated_without_missing_items() -> None:
    result = assess(make_case(), AS_OF)
    assert result.candidacy.value == Candidacy.INDICATED
    assert result.candidacy.missing == ()


def test_hla_typing_is_recommended_while_genetics_are_pending() -> None:
    pending = GeneticTesting(GeneticTestingStatus.PENDING)
    case = make_case(genetics=(), genetic_testing=pending, workup=())
    hla = assess(case, AS_OF).recommendations[0]
    assert (hla.topic, hla.value) == ("hla_typing", "recommended")
    assert hla.reasons[0].rule_id == "R5"


def test_hla_typing_is_not_recommended_when_hsct_is_contraindicated() -> None:
    case = make_case(genetics=(genotype("OSTM1"),), workup=())
    hla = assess(case, AS_OF).recommendations[0]
    assert hla.value == "not_recommended"


def test_hla_typing_reported_done_once_patient_and_family_are_typed() -> None:
    hla = assess(make_case(), AS_OF).recommendations[0]
    assert hla.value == "done"


def test_risk_modifiers_never_change_candidacy() -> None:
    from engraft.core.assessment.case import HctCiRecord, LanskyScore

    frail = make_case(
        lansky=LanskyScore(10, AS_OF),
        hct_ci=HctCiRecord(AS_OF, ("pulmonary_severe", "hepatic_moderate_severe", "cardiac")),
    )
    assert assess(frail, AS_OF).candidacy == assess(make_case(), AS_OF).candidacy
