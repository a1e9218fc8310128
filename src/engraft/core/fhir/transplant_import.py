"""Read a transplant Bundle (as ``transplant.py`` writes it) back into the core's values.

Two layers, as for the record (software.md 3.3): each resource is validated by its
``fhir.resources.R4B`` model, then mapped with our own code checks. Every problem is a
:class:`~engraft.core.fhir.bundle_import.BundleError` naming the entry, the resource type and
the field; nothing is returned unless the whole Bundle is acceptable. Values must come in the
core's units (UCUM codes of ``transplant.UCUM_CODES``): a unit is refused, never converted.
A dated clinical fact after ``today`` is refused; day 0 and the admission may lie ahead only
while the episode is planned.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fhir.resources.R4B import construct_fhir_element

from engraft.core.fhir import codes as c
from engraft.core.fhir.bundle_import import (
    MAX_JSON_DEPTH,
    BundleError,
    BundleImportError,
    json_depth_exceeds,
    value_depth_exceeds,
)
from engraft.core.fhir.transplant import (
    CELL_COUNTS,
    EPISODE_STATUS,
    RECORD_ANALYTE,
    UCUM_CODES,
    EpisodeMetadata,
)
from engraft.core.record.analytes import get_analyte
from engraft.core.transplant.conditioning import RecordedAgent, RecordedConditioning
from engraft.core.transplant.episode import (
    ANALYTE_UNITS,
    ChimerismResult,
    Episode,
    GraftSource,
    GrowthFactor,
    LabValue,
    Lineage,
    Transfusion,
)

Json = dict[str, Any]
SUPPORTED_RESOURCES = (
    "EpisodeOfCare",
    "Encounter",
    "Procedure",
    "BiologicallyDerivedProduct",
    "MedicationAdministration",
    "Observation",
)
_ANALYTE_BY_LOINC = {get_analyte(key).loinc: name for name, key in RECORD_ANALYTE.items()}
_ANALYTE_BY_LOINC[c.LOINC_BODY_WEIGHT[0]] = "weight"
_STATUS_BY_FHIR = {fhir: ours for ours, fhir in EPISODE_STATUS.items()}


@dataclass(frozen=True)
class ImportedEpisode:
    """A transplant Bundle read back: the core's episode and its metadata."""

    episode: Episode
    metadata: EpisodeMetadata


def import_transplant_bundle(bundle: Mapping[str, Any] | str, *, today: date) -> ImportedEpisode:
    """Read a transplant Bundle (dict or JSON text) into the core's Episode and metadata.

    ``today`` is explicit for the check of dates in the future. Raises
    :class:`BundleImportError` listing every problem found.
    """
    reader = _Reader(today)
    result = reader.read(_load(bundle))
    if reader.errors or result is None:
        raise BundleImportError(reader.errors or [BundleError(None, "Bundle", "", "unreadable")])
    return result


def _load(bundle: Mapping[str, Any] | str) -> Json:
    too_deep = BundleError(None, "Bundle", "", f"the JSON nests deeper than {MAX_JSON_DEPTH}")
    if isinstance(bundle, str):
        if json_depth_exceeds(bundle, MAX_JSON_DEPTH):
            raise BundleImportError([too_deep])
        try:
            bundle = json.loads(bundle)
        except json.JSONDecodeError as error:
            raise BundleImportError(
                [BundleError(None, "Bundle", "", f"not valid JSON: {error}")]
            ) from None
    elif value_depth_exceeds(bundle, MAX_JSON_DEPTH):
        raise BundleImportError([too_deep])
    if not isinstance(bundle, Mapping):
        raise BundleImportError([BundleError(None, "Bundle", "", "expected a JSON object")])
    return dict(bundle)


def _codes(concept: Json | None) -> set[tuple[str | None, str | None]]:
    return {(cd.get("system"), cd.get("code")) for cd in (concept or {}).get("coding", [])}


def _code_in(concept: Json | None, system: str) -> str | None:
    return next((code for s, code in _codes(concept) if s == system), None)


def _extensions(resource: Json, url: str) -> list[Json]:
    return [e for e in resource.get("extension", []) if e.get("url") == url]


class _Reader:
    """Maps the resources, collecting errors instead of stopping at the first."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.errors: list[BundleError] = []

    def fail(self, index: int | None, rtype: str, field: str, message: str) -> None:
        self.errors.append(BundleError(index, rtype, field, message))

    def read(self, data: Json) -> ImportedEpisode | None:
        resources = self._resources(data)
        if self.errors:
            return None
        by_type: dict[str, list[tuple[int, Json]]] = {t: [] for t in SUPPORTED_RESOURCES}
        for index, resource in resources:
            by_type[resource["resourceType"]].append((index, resource))
        episodes = by_type["EpisodeOfCare"]
        if len(episodes) != 1:
            self.fail(None, "Bundle", "entry", f"expected one EpisodeOfCare, found {len(episodes)}")
            return None
        e_index, eoc = episodes[0]
        patient_ref = (eoc.get("patient") or {}).get("reference", "")
        status = _STATUS_BY_FHIR.get(eoc.get("status", ""))
        if status is None:
            self.fail(e_index, "EpisodeOfCare", "status", "must be planned, active or finished")
            return None
        for index, resource in resources:
            self._check_subject(index, resource, patient_ref)
        hsct, transfusions = self._procedures(by_type["Procedure"])
        if hsct is None:
            return None
        p_index, procedure = hsct
        day0 = self._date(p_index, "Procedure", "performedDateTime", procedure, future_ok=status)
        admission = self._admission(by_type["Encounter"], status)
        regimen = self._regimen(procedure)
        graft = self._graft(by_type["BiologicallyDerivedProduct"])
        agents, growth = self._administrations(by_type["MedicationAdministration"])
        values, chimerism = self._observations(by_type["Observation"])
        closed = (eoc.get("period") or {}).get("end")
        if self.errors or day0 is None or graft is None:
            return None
        source, donor_type, manipulation, cells = graft
        number = next(
            (e.get("valuePositiveInt") for e in _extensions(eoc, c.TRANSPLANT_NUMBER_URL)), 1
        )
        meta = EpisodeMetadata(
            number=number,
            patient_reference=patient_ref,
            status=status,
            admission=admission,
            closed_on=date.fromisoformat(closed[:10]) if closed else None,
            regimen=regimen,
            donor_type=donor_type,
            manipulation=manipulation,
        )
        episode = Episode(
            episode_id=eoc.get("id", ""),
            day0=day0,
            graft_source=source,
            values=tuple(values),
            transfusions=tuple(self._transfusion(i, p) for i, p in transfusions),
            growth_factors=tuple(growth),
            chimerism=tuple(chimerism),
            conditioning=RecordedConditioning(regimen, tuple(agents))
            if regimen or agents
            else None,
            graft_cells=cells,
        )
        if self.errors:
            return None
        return ImportedEpisode(episode, meta)

    def _resources(self, data: Json) -> list[tuple[int, Json]]:
        if data.get("resourceType") != "Bundle":
            self.fail(
                None,
                "Bundle",
                "resourceType",
                f"expected 'Bundle', got {data.get('resourceType')!r}",
            )
            return []
        entries = data.get("entry")
        if not isinstance(entries, list) or not entries:
            self.fail(None, "Bundle", "entry", "the Bundle has no entries")
            return []
        found = []
        for index, entry in enumerate(entries):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if not isinstance(resource, dict):
                self.fail(index, "?", "resource", "entry holds no resource")
                continue
            rtype = str(resource.get("resourceType", ""))
            if rtype not in SUPPORTED_RESOURCES:
                self.fail(
                    index,
                    rtype or "?",
                    "resourceType",
                    f"{rtype or 'missing'} is not part of a transplant Bundle",
                )
                continue
            try:
                construct_fhir_element(rtype, resource)
            except ValueError as error:  # pydantic's ValidationError is a ValueError
                details = (
                    error.errors() if hasattr(error, "errors") else [{"loc": (), "msg": str(error)}]
                )
                for d in details:
                    self.fail(index, rtype, ".".join(str(p) for p in d["loc"]), d["msg"])
                continue
            found.append((index, resource))
        return found

    def _check_subject(self, index: int, resource: Json, patient_ref: str) -> None:
        rtype = resource["resourceType"]
        if rtype in ("EpisodeOfCare", "BiologicallyDerivedProduct"):
            return
        ref = (resource.get("subject") or {}).get("reference", "")
        if ref != patient_ref:
            self.fail(
                index,
                rtype,
                "subject.reference",
                f"{ref!r} is not the episode's patient {patient_ref!r}",
            )

    def _date(
        self, index: int, rtype: str, field: str, resource: Json, *, future_ok: str = ""
    ) -> date | None:
        text = resource.get(field)
        if not text:
            self.fail(index, rtype, field, "is required")
            return None
        try:
            value = date.fromisoformat(str(text)[:10])
        except ValueError:
            self.fail(index, rtype, field, "needs a full date YYYY-MM-DD")
            return None
        if value > self.today and future_ok != "planned":
            self.fail(index, rtype, field, f"{value} is in the future")
        return value

    def _procedures(self, procedures: list[tuple[int, Json]]):
        hsct, transfusions = [], []
        for index, procedure in procedures:
            pairs = _codes(procedure.get("code"))
            if (c.SNOMED, c.SNOMED_HSCT[0]) in pairs:
                hsct.append((index, procedure))
            elif (c.SNOMED, c.SNOMED_TRANSFUSION[0]) in pairs:
                transfusions.append((index, procedure))
            else:
                self.fail(
                    index,
                    "Procedure",
                    "code",
                    f"needs SNOMED {c.SNOMED_HSCT[0]} (HSCT) "
                    f"or {c.SNOMED_TRANSFUSION[0]} (transfusion)",
                )
        if len(hsct) != 1:
            self.fail(
                None,
                "Bundle",
                "entry",
                f"expected one HSCT Procedure ({c.SNOMED_HSCT[0]}), found {len(hsct)}",
            )
            return None, transfusions
        return hsct[0], transfusions

    def _admission(self, encounters: list[tuple[int, Json]], status: str) -> date | None:
        for index, encounter in encounters:
            start = (encounter.get("period") or {}).get("start")
            if start:
                return self._date(
                    index, "Encounter", "period.start", {"period.start": start}, future_ok=status
                )
        return None

    @staticmethod
    def _regimen(procedure: Json) -> str:
        for ext in _extensions(procedure, c.REGIMEN_URL):
            return (ext.get("valueCoding") or {}).get("code", "")
        return ""

    def _graft(self, products: list[tuple[int, Json]]):
        if len(products) != 1:
            self.fail(
                None,
                "Bundle",
                "entry",
                f"expected one BiologicallyDerivedProduct (the graft), found {len(products)}",
            )
            return None
        index, product = products[0]
        code = _code_in(product.get("productCode"), c.GRAFT_SOURCE_SYSTEM)
        if code not in GraftSource.__members__.values():
            self.fail(
                index,
                "BiologicallyDerivedProduct",
                "productCode",
                f"{code!r} is not a graft source: " + ", ".join(GraftSource),
            )
            return None

        def coded(url: str, default: str) -> str:
            return next(
                (
                    (e.get("valueCoding") or {}).get("code", default)
                    for e in _extensions(product, url)
                ),
                default,
            )

        cells: dict[str, float] = {}
        for key in CELL_COUNTS:
            for ext in _extensions(product, f"{c.GRAFT_CELLS_URL}-{key}"):
                value = (ext.get("valueQuantity") or {}).get("value")
                if value is None or float(value) <= 0:
                    self.fail(
                        index,
                        "BiologicallyDerivedProduct",
                        f"extension[{key}]",
                        "a cell total must be a positive number",
                    )
                else:
                    cells[key] = float(value)
        return (
            GraftSource(code),
            coded(c.DONOR_TYPE_URL, ""),
            coded(c.MANIPULATION_URL, "none"),
            cells,
        )

    def _administrations(self, items: list[tuple[int, Json]]):
        agents, growth = [], []
        for index, item in items:
            category = _code_in(item.get("category"), c.AGENT_SYSTEM)
            if category == c.GROWTH_FACTOR_CATEGORY[0]:
                when = self._date(index, "MedicationAdministration", "effectiveDateTime", item)
                agent = (item.get("medicationCodeableConcept") or {}).get("text", "")
                if when and agent:
                    growth.append(GrowthFactor(when, agent))
                elif when:
                    self.fail(
                        index,
                        "MedicationAdministration",
                        "medicationCodeableConcept.text",
                        "the growth factor needs its name",
                    )
                continue
            if category != "conditioning":
                self.fail(
                    index,
                    "MedicationAdministration",
                    "category",
                    "must be conditioning or growth_factor",
                )
                continue
            agent = _code_in(item.get("medicationCodeableConcept"), c.AGENT_SYSTEM)
            dose = ((item.get("dosage") or {}).get("dose")) or {}
            if not agent or dose.get("value") is None or not dose.get("unit"):
                self.fail(
                    index,
                    "MedicationAdministration",
                    "dosage.dose",
                    "a conditioning agent needs its code, dose and unit",
                )
                continue
            days = tuple(e.get("valueInteger") for e in _extensions(item, c.AGENT_DAY_URL))
            if not all(isinstance(day, int) for day in days):
                self.fail(
                    index,
                    "MedicationAdministration",
                    "extension",
                    "each day of the agent needs valueInteger (relative to day 0)",
                )
                continue
            agents.append(RecordedAgent(agent, float(dose["value"]), dose["unit"], days))
        return agents, growth

    def _observations(self, observations: list[tuple[int, Json]]):
        values, chimerism = [], []
        for index, obs in observations:
            when = self._date(index, "Observation", "effectiveDateTime", obs)
            quantity = obs.get("valueQuantity") or {}
            if quantity.get("value") is None:
                self.fail(index, "Observation", "valueQuantity", "needs a value")
                continue
            value = float(quantity["value"])
            lineage = _code_in(obs.get("code"), c.CHIMERISM_SYSTEM)
            if lineage is not None:
                if lineage not in Lineage.__members__.values():
                    self.fail(
                        index,
                        "Observation",
                        "code",
                        f"{lineage!r} is not a lineage: " + ", ".join(Lineage),
                    )
                elif quantity.get("code") != "%" or not 0 <= value <= 100:
                    self.fail(
                        index,
                        "Observation",
                        "valueQuantity",
                        "chimerism is a % of donor cells, 0 to 100",
                    )
                elif when:
                    chimerism.append(ChimerismResult(when, Lineage(lineage), value))
                continue
            analyte = self._analyte(obs)
            if analyte is None:
                self.fail(
                    index,
                    "Observation",
                    "code",
                    "no supported code: a LOINC of the daily analytes or a chimerism lineage",
                )
                continue
            unit = UCUM_CODES[ANALYTE_UNITS[analyte]]
            if quantity.get("code") != unit:
                self.fail(
                    index,
                    "Observation",
                    "valueQuantity.code",
                    f"{analyte} must be in {unit}, got {quantity.get('code')!r}",
                )
            elif value < 0:
                self.fail(index, "Observation", "valueQuantity.value", "cannot be negative")
            elif when:
                values.append(LabValue(when, analyte, value))
        return values, chimerism

    @staticmethod
    def _analyte(obs: Json) -> str | None:
        pairs = _codes(obs.get("code"))
        for system, code in pairs:
            if system == c.LOINC and code in _ANALYTE_BY_LOINC:
                return _ANALYTE_BY_LOINC[code]
        return None

    def _transfusion(self, index: int, procedure: Json) -> Transfusion:
        when = self._date(index, "Procedure", "performedDateTime", procedure)
        product = _code_in(procedure.get("code"), c.BLOOD_PRODUCT_SYSTEM)
        if product not in ("platelets", "red_cells"):
            self.fail(
                index,
                "Procedure",
                "code",
                "the transfusion needs its product: platelets or red_cells",
            )
        volume = next(
            (
                (e.get("valueQuantity") or {}).get("value")
                for e in _extensions(procedure, c.TRANSFUSION_VOLUME_URL)
            ),
            None,
        )
        return Transfusion(
            when or date.min, product or "", float(volume) if volume is not None else None
        )
