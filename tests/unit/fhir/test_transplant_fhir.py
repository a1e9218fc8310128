"""The transplant Bundle: resources validate, codes are there, and the round trip is exact."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from fhir.resources.R4B import construct_fhir_element

from engraft.core.fhir.bundle_import import BundleImportError
from engraft.core.fhir.transplant import (
    EpisodeMetadata,
    export_transplant_bundle,
    export_transplant_bundle_json,
)
from engraft.core.fhir.transplant_import import import_transplant_bundle
from engraft.core.transplant.conditioning import RecordedAgent, RecordedConditioning
from engraft.core.transplant.episode import (
    ChimerismResult,
    Episode,
    GraftSource,
    GrowthFactor,
    LabValue,
    Lineage,
    Transfusion,
)

EPISODE_ID = "22222222-2222-4222-8222-222222222222"
PATIENT = "Patient/11111111-1111-4111-8111-111111111111"
TODAY = date(2025, 7, 1)
GENERATED_AT = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def episode() -> Episode:
    return Episode(
        episode_id=EPISODE_ID,
        day0=date(2025, 6, 1),
        graft_source=GraftSource.BONE_MARROW,
        values=(
            LabValue(date(2025, 5, 31), "weight", 7.4),
            LabValue(date(2025, 6, 10), "anc", 0.1),
            LabValue(date(2025, 6, 18), "anc", 0.6),
            LabValue(date(2025, 6, 18), "platelets", 15.0),
            LabValue(date(2025, 6, 18), "hb", 92.0),
            LabValue(date(2025, 6, 19), "calcium", 9.1),
        ),
        transfusions=(
            Transfusion(date(2025, 6, 12), "platelets", 50.0),
            Transfusion(date(2025, 6, 14), "red_cells"),
        ),
        growth_factors=(GrowthFactor(date(2025, 6, 8), "G-CSF"),),
        chimerism=(
            ChimerismResult(date(2025, 6, 29), Lineage.WHOLE_BLOOD, 98.0),
            ChimerismResult(date(2025, 6, 29), Lineage.CD3, 84.5),
        ),
        conditioning=RecordedConditioning(
            "bu_flu",
            (
                RecordedAgent("busulfan", 90.0, "target AUC mg*h/L", (-5, -4, -3, -2)),
                RecordedAgent("fludarabine", 160.0, "mg/m2", (-6, -5, -4, -3)),
            ),
        ),
        graft_cells={"tnc": 3.2e9, "cd34": 2.1e7, "cd3": 1.5e8},
    )


@pytest.fixture
def meta() -> EpisodeMetadata:
    return EpisodeMetadata(
        number=1,
        patient_reference=PATIENT,
        status="active",
        admission=date(2025, 5, 24),
        regimen="bu_flu",
        donor_type="matched_sibling",
        manipulation="none",
    )


def resources(bundle: dict, rtype: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype]


def codings(resource: dict) -> set[tuple[str, str]]:
    return {(cd["system"], cd["code"]) for cd in resource["code"]["coding"]}


def test_every_resource_of_the_transplant_bundle_validates_with_fhir_resources_r4b(episode, meta):
    bundle = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert (
            construct_fhir_element(resource["resourceType"], resource).resource_type
            == (resource["resourceType"])
        )
    assert construct_fhir_element("Bundle", bundle).type == "collection"


def test_the_transplant_is_a_snomed_hsct_procedure_on_day_0_within_the_episode_of_care(
    episode, meta
):
    bundle = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    (eoc,) = resources(bundle, "EpisodeOfCare")
    (encounter,) = resources(bundle, "Encounter")
    hsct = [p for p in resources(bundle, "Procedure") if p["performedDateTime"] == "2025-06-01"]
    assert len(hsct) == 1
    assert ("http://snomed.info/sct", "234336002") in codings(hsct[0])
    assert hsct[0]["encounter"]["reference"] == f"Encounter/{encounter['id']}"
    assert encounter["episodeOfCare"] == [{"reference": f"EpisodeOfCare/{EPISODE_ID}"}]
    assert eoc["patient"]["reference"] == PATIENT
    assert eoc["period"]["start"] == "2025-05-24"


def test_the_graft_is_a_product_with_its_source_manipulation_and_cell_totals(episode, meta):
    bundle = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    (product,) = resources(bundle, "BiologicallyDerivedProduct")
    assert product["productCategory"] == "cells"
    assert product["productCode"]["text"] == "Bone marrow"
    totals = {
        e["url"].rsplit("-", 1)[-1]: e["valueQuantity"]["value"]
        for e in product["extension"]
        if "graft-cells-total" in e["url"]
    }
    assert totals == {"tnc": 3.2e9, "cd34": 2.1e7, "cd3": 1.5e8}
    assert product["manipulation"]["description"] == "none"


def test_daily_counts_carry_their_loinc_codes_and_ucum_units(episode, meta):
    bundle = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    by_loinc = {}
    for obs in resources(bundle, "Observation"):
        for system, code in codings(obs):
            if system == "http://loinc.org":
                by_loinc.setdefault(code, obs["valueQuantity"]["code"])
    # Written from software.md 3.2: ANC 751-8, platelets 777-3, Hb 718-7, calcium 17861-6.
    assert by_loinc == {
        "751-8": "10*9/L",
        "777-3": "10*9/L",
        "718-7": "g/L",
        "17861-6": "mg/dL",
        "29463-7": "kg",
    }


def test_chimerism_is_an_observation_per_lineage_in_percent_donor(episode, meta):
    bundle = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    chimerism = [
        (obs["code"]["coding"][0]["code"], obs["valueQuantity"]["value"])
        for obs in resources(bundle, "Observation")
        if obs["code"]["coding"][0]["system"].endswith("/CodeSystem/chimerism")
    ]
    assert chimerism == [("whole_blood", 98.0), ("cd3", 84.5)]


def test_import_of_a_transplant_export_gives_back_the_same_episode_and_metadata(episode, meta):
    bundle = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    imported = import_transplant_bundle(bundle, today=TODAY)
    assert imported.episode == episode
    assert imported.metadata == meta


def test_transplant_export_import_export_gives_an_identical_bundle(episode, meta):
    first = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    back = import_transplant_bundle(
        export_transplant_bundle_json(episode, meta, generated_at=GENERATED_AT), today=TODAY
    )
    second = export_transplant_bundle(back.episode, back.metadata, generated_at=GENERATED_AT)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_a_planned_episode_may_have_its_day_0_ahead_but_not_its_counts(meta):
    planned = Episode(EPISODE_ID, date(2025, 8, 1), GraftSource.CORD_BLOOD)
    plan = EpisodeMetadata(1, PATIENT, status="planned", admission=date(2025, 7, 20))
    bundle = export_transplant_bundle(planned, plan, generated_at=GENERATED_AT)
    assert import_transplant_bundle(bundle, today=TODAY).episode.day0 == date(2025, 8, 1)

    future_count = Episode(
        EPISODE_ID,
        date(2025, 6, 1),
        GraftSource.CORD_BLOOD,
        values=(LabValue(date(2025, 7, 2), "anc", 0.4),),
    )
    bundle = export_transplant_bundle(future_count, meta, generated_at=GENERATED_AT)
    with pytest.raises(BundleImportError) as refused:
        import_transplant_bundle(bundle, today=TODAY)
    assert "Observation.effectiveDateTime: 2025-07-02 is in the future" in str(refused.value)


def test_import_refuses_a_count_in_another_unit_naming_the_entry_and_field(episode, meta):
    bundle = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    index = next(
        i
        for i, e in enumerate(bundle["entry"])
        if e["resource"]["id"] == f"{EPISODE_ID}-lab-1"  # the ANC of day +9
    )
    bundle["entry"][index]["resource"]["valueQuantity"]["code"] = "/uL"
    with pytest.raises(BundleImportError) as refused:
        import_transplant_bundle(bundle, today=TODAY)
    (error,) = refused.value.errors
    assert (error.index, error.resource_type, error.field) == (
        index,
        "Observation",
        "valueQuantity.code",
    )
    assert "10*9/L" in error.message


def test_import_refuses_a_bundle_without_the_hsct_procedure(episode, meta):
    bundle = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    bundle["entry"] = [e for e in bundle["entry"] if not e["resource"]["id"].endswith("-hsct")]
    with pytest.raises(BundleImportError, match="expected one HSCT Procedure"):
        import_transplant_bundle(bundle, today=TODAY)


def test_import_refuses_a_count_about_another_patient(episode, meta):
    bundle = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    bundle["entry"][-1]["resource"]["subject"] = {"reference": "Patient/someone-else"}
    with pytest.raises(BundleImportError) as refused:
        import_transplant_bundle(bundle, today=TODAY)
    (error,) = refused.value.errors
    assert (error.index, error.field) == (len(bundle["entry"]) - 1, "subject.reference")


def test_import_refuses_a_conditioning_day_that_is_not_a_whole_number(episode, meta):
    bundle = export_transplant_bundle(episode, meta, generated_at=GENERATED_AT)
    agent = next(e["resource"] for e in bundle["entry"] if e["resource"]["id"].endswith("-agent-0"))
    agent["extension"][0] = {"url": agent["extension"][0]["url"], "valueString": "minus five"}
    with pytest.raises(BundleImportError, match="valueInteger"):
        import_transplant_bundle(bundle, today=TODAY)
