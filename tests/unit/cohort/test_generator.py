"""The synthetic cohort is deterministic, plausible, valid and exportable."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from engraft.core.cohort.generator import generate_cohort
from engraft.core.cohort.shares import PathwayStage
from engraft.core.fhir.bundle_import import import_bundle
from engraft.core.fhir.export import export_bundle
from engraft.core.record.patient import Relationship
from engraft.core.record.validation import validate_record

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def cohort():
    return generate_cohort(2025, today=TODAY)


def test_same_seed_gives_the_same_cohort(cohort):
    assert generate_cohort(2025, today=TODAY) == cohort


def test_another_seed_gives_another_cohort(cohort):
    assert generate_cohort(2026, today=TODAY) != cohort


def test_cohort_has_sixty_patients_spread_over_every_pathway_stage(cohort):
    assert len(cohort) == 60
    assert set(Counter(p.pathway_stage for p in cohort)) == set(PathwayStage)


def test_every_record_is_valid(cohort):
    assert [e for p in cohort for e in validate_record(p.record, today=TODAY)] == []


def test_tcirg1_is_the_most_common_gene(cohort):
    genes = Counter(r.gene for p in cohort for r in p.record.genetic_results)
    assert genes.most_common(1)[0][0] == "TCIRG1"
    assert 0.4 < genes["TCIRG1"] / sum(genes.values()) < 0.9


def test_no_transplanted_child_has_a_pending_genotype(cohort):
    for patient in cohort:
        if patient.pathway_stage.after_transplant:
            assert not patient.record.diagnosis.genotype_pending
            assert patient.record.genetic_results


def test_names_are_obviously_synthetic_and_parents_are_recorded(cohort):
    for patient in cohort:
        assert patient.record.demographics.family_name.startswith("Synthetic-")
        relations = {r.relationship for r in patient.record.relatives}
        assert {Relationship.MOTHER, Relationship.FATHER} <= relations
    assert any(r.relationship.is_sibling for p in cohort for r in p.record.relatives)


def test_labs_show_anaemia_before_transplant(cohort):
    early = [
        lab.value
        for p in cohort
        if not p.pathway_stage.after_transplant
        for lab in p.record.labs
        if lab.analyte == "haemoglobin"
    ]
    assert sum(early) / len(early) < 9.5


def test_a_sample_of_the_cohort_round_trips_through_fhir(cohort):
    stamp = datetime(2025, 6, 1, tzinfo=UTC)
    for patient in cohort[::6]:
        bundle = export_bundle(patient.record, generated_at=stamp)
        assert import_bundle(bundle, today=TODAY) == patient.record
