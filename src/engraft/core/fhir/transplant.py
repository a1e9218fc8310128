"""Export one transplant episode as a FHIR R4 Bundle (collection), validated by fhir.resources.

Models come from ``fhir.resources.R4B`` (software.md 3.3: R4B is the closest to R4 the library
ships). The mapping follows software.md 3.1:

- ``EpisodeOfCare``: the transplant episode (one per graft), its number as an extension;
- ``Encounter``: the transplant admission, in the EpisodeOfCare (``Encounter.episodeOfCare``),
  so that the Procedure and the Observations sit in the episode through standard R4 fields;
- ``Procedure``: the haematopoietic stem cell transplant, SNOMED CT 234336002 (verified in
  software.md 3.2), ``performedDateTime`` = day 0, the conditioning regimen as an extension;
- ``BiologicallyDerivedProduct``: the graft: source as ``productCode``, manipulation, donor type
  and the cell totals (TNC, CD34+, CD3+) as extensions (R4B has no ``property`` element);
  the Procedure points to it by an extension, as R4 ``usedReference`` admits no product;
- ``MedicationAdministration``: each conditioning agent (dose, unit, days relative to day 0)
  and each growth-factor dose, in the EpisodeOfCare (``context``);
- ``Procedure`` per transfusion (SNOMED 116859006, to verify), with its product and volume;
- ``Observation`` per daily value (LOINC of the record's analyte catalogue, UCUM) and per
  chimerism result (local code per lineage: software.md 3.2 found no LOINC).

Only plain values come in: the core :class:`~engraft.core.transplant.episode.Episode` and an
:class:`EpisodeMetadata`. What is computed (engraftment days, graft failure, chimerism class)
is not exported: the importer recomputes it from the same values. ``transplant_import.py``
reads the Bundle back; export -> import -> export gives the same Bundle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fhir.resources.R4B import construct_fhir_element
from fhir.resources.R4B.bundle import Bundle

from engraft.core.fhir import codes as c
from engraft.core.record.analytes import get_analyte
from engraft.core.transplant.days import date_of_day
from engraft.core.transplant.episode import ANALYTE_UNITS, Episode

DEFAULT_BASE_URL = "https://engraft.example.org/fhir"
Json = dict[str, Any]

# The core's daily analytes -> the record's catalogue keys (whose LOINC codes we use).
RECORD_ANALYTE: dict[str, str] = {
    "anc": "anc",
    "wbc": "white_cells",
    "hb": "haemoglobin",
    "platelets": "platelets",
    "calcium": "calcium",
    "bilirubin": "bilirubin",
    "alt": "alt",
    "creatinine": "creatinine",
}
# The core's units (episode.ANALYTE_UNITS) -> UCUM codes.
UCUM_CODES: dict[str, str] = {
    "x10^9/L": "10*9/L",
    "g/L": "g/L",
    "mg/dL": "mg/dL",
    "U/L": "U/L",
    "kg": "kg",
}
CELL_COUNTS = ("tnc", "cd34", "cd3")
CELL_DISPLAY = {"tnc": "total nucleated cells", "cd34": "CD34+ cells", "cd3": "CD3+ cells"}
LINEAGE_DISPLAY = {
    "whole_blood": "Donor chimerism, whole blood",
    "cd3": "Donor chimerism, T cells (CD3)",
    "myeloid": "Donor chimerism, myeloid cells (CD15/CD33)",
}
GRAFT_SOURCE_DISPLAY = {
    "bone_marrow": "Bone marrow",
    "peripheral_blood": "Peripheral blood stem cells",
    "cord_blood": "Cord blood",
}
# Episode status (the app's planned / active / closed) -> EpisodeOfCare, Encounter, Procedure.
EPISODE_STATUS = {"planned": "planned", "active": "active", "closed": "finished"}
ENCOUNTER_STATUS = {"planned": "planned", "active": "in-progress", "closed": "finished"}
PROCEDURE_STATUS = {"planned": "preparation", "active": "completed", "closed": "completed"}


@dataclass(frozen=True)
class EpisodeMetadata:
    """What the Bundle says about the episode beyond the core's values.

    ``status`` is the app's episode status ("planned", "active" or "closed"); ``regimen``,
    ``donor_type`` and ``manipulation`` are the keys the app stores (transplant.json regimen
    ids, the donor types and manipulations of the episode form).
    """

    number: int
    patient_reference: str  # e.g. "Patient/<public id>", the record's FHIR Patient
    status: str = "active"
    admission: date | None = None
    closed_on: date | None = None
    regimen: str = ""
    donor_type: str = ""
    manipulation: str = "none"


@dataclass(frozen=True)
class ResourceIds:
    """The ids of the episode's resources, derived from the episode id (fixed, repeatable)."""

    episode: str

    @property
    def encounter(self) -> str:
        return f"{self.episode}-admission"

    @property
    def procedure(self) -> str:
        return f"{self.episode}-hsct"

    @property
    def product(self) -> str:
        return f"{self.episode}-graft"

    def item(self, kind: str, index: int) -> str:
        """An id for the ``index``-th item of a kind ("lab", "chim", "agent", "tx", "gf")."""
        return f"{self.episode}-{kind}-{index}"


def _coding(system: str, code: str, display: str | None = None) -> Json:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return coding


def _concept(system: str, code: str, display: str | None = None) -> Json:
    return {"coding": [_coding(system, code, display)]}


def _ref(rtype: str, rid: str) -> Json:
    return {"reference": f"{rtype}/{rid}"}


def _cells(value: float) -> Json:
    return {"value": value, "unit": "cells", "system": c.UCUM, "code": "{cells}"}


def episode_of_care(episode: Episode, meta: EpisodeMetadata, ids: ResourceIds) -> Json:
    """The EpisodeOfCare: status, type, the patient and the period (admission to closing)."""
    period: Json = {"start": (meta.admission or episode.day0).isoformat()}
    if meta.closed_on:
        period["end"] = meta.closed_on.isoformat()
    return {
        "resourceType": "EpisodeOfCare",
        "id": ids.episode,
        "extension": [{"url": c.TRANSPLANT_NUMBER_URL, "valuePositiveInt": meta.number}],
        "status": EPISODE_STATUS[meta.status],
        "type": [
            {
                **_concept(c.EPISODE_TYPE_SYSTEM, "hsct", "Haematopoietic stem cell transplant"),
                "text": f"Transplant {meta.number}",
            }
        ],
        "patient": {"reference": meta.patient_reference},
        "period": period,
    }


def admission_encounter(episode: Episode, meta: EpisodeMetadata, ids: ResourceIds) -> Json:
    """The transplant admission, linking the Procedure and Observations to the episode."""
    resource: Json = {
        "resourceType": "Encounter",
        "id": ids.encounter,
        "status": ENCOUNTER_STATUS[meta.status],
        "class": _coding(c.ACT_CODE, *c.INPATIENT_ENCOUNTER),
        "subject": {"reference": meta.patient_reference},
        "episodeOfCare": [_ref("EpisodeOfCare", ids.episode)],
    }
    if meta.admission:
        resource["period"] = {"start": meta.admission.isoformat()}
    return resource


def transplant_procedure(episode: Episode, meta: EpisodeMetadata, ids: ResourceIds) -> Json:
    """The HSCT Procedure on day 0, with the regimen and the graft it used."""
    extensions = [
        {
            "url": c.TRANSPLANTED_PRODUCT_URL,
            "valueReference": _ref("BiologicallyDerivedProduct", ids.product),
        }
    ]
    if meta.regimen:
        extensions.append(
            {"url": c.REGIMEN_URL, "valueCoding": _coding(c.REGIMEN_SYSTEM, meta.regimen)}
        )
    return {
        "resourceType": "Procedure",
        "id": ids.procedure,
        "extension": extensions,
        "status": PROCEDURE_STATUS[meta.status],
        "code": {
            **_concept(c.SNOMED, *c.SNOMED_HSCT),
            "text": "Haematopoietic stem cell transplant",
        },
        "subject": {"reference": meta.patient_reference},
        "encounter": _ref("Encounter", ids.encounter),
        "performedDateTime": episode.day0.isoformat(),
    }


def graft_product(episode: Episode, meta: EpisodeMetadata, ids: ResourceIds) -> Json:
    """The graft: its source, manipulation, donor type and cell totals."""
    source = episode.graft_source.value
    extensions: list[Json] = []
    if meta.donor_type:
        extensions.append(
            {"url": c.DONOR_TYPE_URL, "valueCoding": _coding(c.DONOR_TYPE_SYSTEM, meta.donor_type)}
        )
    extensions.append(
        {
            "url": c.MANIPULATION_URL,
            "valueCoding": _coding(c.MANIPULATION_SYSTEM, meta.manipulation),
        }
    )
    for key in CELL_COUNTS:
        if key in episode.graft_cells:
            extensions.append(
                {
                    "url": f"{c.GRAFT_CELLS_URL}-{key}",
                    "valueQuantity": _cells(episode.graft_cells[key]),
                }
            )
    return {
        "resourceType": "BiologicallyDerivedProduct",
        "id": ids.product,
        "extension": extensions,
        "productCategory": "cells",
        "productCode": {
            **_concept(c.GRAFT_SOURCE_SYSTEM, source, GRAFT_SOURCE_DISPLAY[source]),
            "text": GRAFT_SOURCE_DISPLAY[source],
        },
        "manipulation": {"description": meta.manipulation.replace("_", " ")},
    }


def value_observation(
    value_date: date, analyte: str, value: float, rid: str, meta: EpisodeMetadata, ids: ResourceIds
) -> Json:
    """A daily value: LOINC of the record's catalogue (weight: vital signs), UCUM quantity."""
    if analyte == "weight":
        loinc, display, category = (*c.LOINC_BODY_WEIGHT, "vital-signs")
        local = ("weight", "Weight")
    else:
        catalogue = get_analyte(RECORD_ANALYTE[analyte])
        loinc, display, category = catalogue.loinc, catalogue.loinc_display, "laboratory"
        local = (catalogue.key, catalogue.display)
    unit = UCUM_CODES[ANALYTE_UNITS[analyte]]
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "category": [_concept(c.OBS_CATEGORY, category)],
        "code": {
            "coding": [_coding(c.LOINC, loinc, display), _coding(c.ANALYTE_SYSTEM, *local)],
            "text": local[1],
        },
        "subject": {"reference": meta.patient_reference},
        "encounter": _ref("Encounter", ids.encounter),
        "effectiveDateTime": value_date.isoformat(),
        "valueQuantity": {"value": value, "unit": unit, "system": c.UCUM, "code": unit},
    }


def chimerism_observation(
    sampled: date, lineage: str, percent: float, rid: str, meta: EpisodeMetadata, ids: ResourceIds
) -> Json:
    """Donor chimerism of one lineage as % donor cells (local code: no LOINC exists)."""
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "category": [_concept(c.OBS_CATEGORY, "laboratory")],
        "code": {
            **_concept(c.CHIMERISM_SYSTEM, lineage, LINEAGE_DISPLAY[lineage]),
            "text": LINEAGE_DISPLAY[lineage],
        },
        "subject": {"reference": meta.patient_reference},
        "encounter": _ref("Encounter", ids.encounter),
        "effectiveDateTime": sampled.isoformat(),
        "valueQuantity": {"value": percent, "unit": "%", "system": c.UCUM, "code": "%"},
    }


def agent_administration(
    episode: Episode, agent: Any, rid: str, meta: EpisodeMetadata, ids: ResourceIds
) -> Json:
    """One conditioning agent: total dose and unit, the days it was given (relative to day 0)."""
    days = sorted(agent.days)
    extensions = [{"url": c.AGENT_DAY_URL, "valueInteger": day} for day in agent.days]
    resource: Json = {
        "resourceType": "MedicationAdministration",
        "id": rid,
        "status": "unknown" if meta.status == "planned" else "completed",
        "category": _concept(c.AGENT_SYSTEM, "conditioning", "Conditioning"),
        "medicationCodeableConcept": {**_concept(c.AGENT_SYSTEM, agent.agent), "text": agent.agent},
        "subject": {"reference": meta.patient_reference},
        "context": _ref("EpisodeOfCare", ids.episode),
        "dosage": {"dose": {"value": agent.dose, "unit": agent.unit}},
    }
    if extensions:
        resource["extension"] = extensions
        resource["effectivePeriod"] = {
            "start": date_of_day(episode.day0, days[0]).isoformat(),
            "end": date_of_day(episode.day0, days[-1]).isoformat(),
        }
    else:  # no days recorded: the period is the conditioning up to day 0
        resource["effectivePeriod"] = {"end": episode.day0.isoformat()}
    return resource


def growth_factor_administration(
    given: date, agent: str, rid: str, meta: EpisodeMetadata, ids: ResourceIds
) -> Json:
    """A growth-factor dose (e.g. G-CSF): support that counts for secondary graft failure."""
    return {
        "resourceType": "MedicationAdministration",
        "id": rid,
        "status": "completed",
        "category": _concept(c.AGENT_SYSTEM, *c.GROWTH_FACTOR_CATEGORY),
        "medicationCodeableConcept": {"text": agent},
        "subject": {"reference": meta.patient_reference},
        "context": _ref("EpisodeOfCare", ids.episode),
        "effectiveDateTime": given.isoformat(),
    }


def transfusion_procedure(
    given: date,
    product: str,
    volume_ml: float | None,
    rid: str,
    meta: EpisodeMetadata,
    ids: ResourceIds,
) -> Json:
    """A platelet or red-cell transfusion (platelet ones matter for platelet engraftment)."""
    resource: Json = {
        "resourceType": "Procedure",
        "id": rid,
        "status": "completed",
        "code": {
            "coding": [
                _coding(c.SNOMED, *c.SNOMED_TRANSFUSION),
                _coding(c.BLOOD_PRODUCT_SYSTEM, product, product.replace("_", " ")),
            ],
            "text": f"Transfusion of {product.replace('_', ' ')}",
        },
        "subject": {"reference": meta.patient_reference},
        "encounter": _ref("Encounter", ids.encounter),
        "performedDateTime": given.isoformat(),
    }
    if volume_ml is not None:
        resource["extension"] = [
            {
                "url": c.TRANSFUSION_VOLUME_URL,
                "valueQuantity": {"value": volume_ml, "unit": "mL", "system": c.UCUM, "code": "mL"},
            }
        ]
    return resource


def episode_resources(episode: Episode, meta: EpisodeMetadata) -> list[Json]:
    """All resources of one episode, in a fixed order (the EpisodeOfCare first)."""
    if meta.status not in EPISODE_STATUS:
        raise ValueError(f"status: {meta.status!r} is not planned, active or closed")
    ids = ResourceIds(episode.episode_id)
    resources = [
        episode_of_care(episode, meta, ids),
        admission_encounter(episode, meta, ids),
        transplant_procedure(episode, meta, ids),
        graft_product(episode, meta, ids),
    ]
    if episode.conditioning is not None:
        resources += [
            agent_administration(episode, agent, ids.item("agent", i), meta, ids)
            for i, agent in enumerate(episode.conditioning.agents)
        ]
    resources += [
        value_observation(v.date, v.analyte, v.value, ids.item("lab", i), meta, ids)
        for i, v in enumerate(episode.values)
    ]
    resources += [
        chimerism_observation(
            r.date, r.lineage.value, r.donor_percent, ids.item("chim", i), meta, ids
        )
        for i, r in enumerate(episode.chimerism)
    ]
    resources += [
        transfusion_procedure(t.date, t.product, t.volume_ml, ids.item("tx", i), meta, ids)
        for i, t in enumerate(episode.transfusions)
    ]
    resources += [
        growth_factor_administration(g.date, g.agent, ids.item("gf", i), meta, ids)
        for i, g in enumerate(episode.growth_factors)
    ]
    return resources


def export_transplant_bundle(
    episode: Episode,
    meta: EpisodeMetadata,
    *,
    generated_at: datetime,
    base_url: str = DEFAULT_BASE_URL,
) -> Json:
    """One episode as a FHIR R4 ``collection`` Bundle (JSON-ready dict), validated.

    ``generated_at`` (timezone-aware) becomes ``Bundle.timestamp``: explicit so that two
    exports of the same episode are identical. Every resource is validated by its R4B model;
    raises ``ValueError`` if one does not (a bug in the mapping) or the status is unknown.
    """
    if generated_at.tzinfo is None:
        raise ValueError("generated_at needs a time zone")
    entries = []
    for resource in episode_resources(episode, meta):
        construct_fhir_element(resource["resourceType"], resource)  # validates, raises
        url = f"{base_url}/{resource['resourceType']}/{resource['id']}"
        entries.append({"fullUrl": url, "resource": resource})
    bundle = {
        "resourceType": "Bundle",
        "id": f"{episode.episode_id}-bundle",
        "type": "collection",
        "timestamp": generated_at.isoformat(),
        "entry": entries,
    }
    Bundle.parse_obj(bundle)
    return bundle


def export_transplant_bundle_json(
    episode: Episode, meta: EpisodeMetadata, *, generated_at: datetime
) -> str:
    """The exported Bundle as indented JSON text."""
    return json.dumps(export_transplant_bundle(episode, meta, generated_at=generated_at), indent=2)
