"""Read incoming Observations into lab results, findings and genetic results.

Split from ``bundle_import.py`` because Observations carry three different record sections,
told apart by their code: a catalogued LOINC (lab), a finding code (finding), or the
Genomics Reporting panel and variant codes (genetics).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from engraft.core.fhir import codes as c
from engraft.core.fhir.export import finding_result_system, primary_value_of
from engraft.core.record.analytes import ANALYTES
from engraft.core.record.findings import FINDING_SPECS, FindingKind, Trend
from engraft.core.record.lab_value import LabValueError, normalise_lab_value
from engraft.core.record.patient import Finding, GeneticResult, LabResult, Variant
from engraft.core.vocabulary import VariantClassification, Zygosity

Json = dict[str, Any]
DEFAULT_SOURCE = "referring hospital (FHIR import)"
_LAB_FIELD = {
    "value": "valueQuantity.value",
    "unit": "valueQuantity.code",
    "collected_at": "effectiveDateTime",
    "analyte": "code",
}
_ANALYTE_BY_LOINC = {a.loinc: a.key for a in ANALYTES}
_FINDING_BY_LOINC = {s.loinc: k for k, s in FINDING_SPECS.items() if s.loinc}


def _codes(concept: Json | None) -> set[tuple[str | None, str | None]]:
    return {(cd.get("system"), cd.get("code")) for cd in (concept or {}).get("coding", [])}


def _first_code(concept: Json | None, system: str) -> str | None:
    return next((code for s, code in _codes(concept) if s == system), None)


class ObservationReader:
    """Maps Observations, collecting errors instead of stopping at the first."""

    def __init__(self, birth: date | None, *, errors_sink: list, error_type: Callable) -> None:
        self.birth = birth
        self.errors = errors_sink
        self.error = error_type
        self.placed: dict[str, tuple[int, str]] = {}

    def fail(self, index: int, field: str, message: str) -> None:
        self.errors.append(self.error(index, "Observation", field, message))

    def read(self, observations: list[tuple[int, Json]]):
        """(genetic results, findings, labs, where each record item came from)."""
        groupers, variants, findings, labs = [], {}, [], []
        for index, obs in observations:
            code = obs.get("code")
            pairs = _codes(code)
            if (c.LOINC, c.GENETIC_PANEL[0]) in pairs:
                groupers.append((index, obs))
            elif (c.LOINC, c.VARIANT_ASSESSMENT[0]) in pairs:
                variants[obs.get("id") or f"variant-{index}"] = (index, obs)
            elif kind := self._finding_kind(pairs):
                finding = self._finding(index, obs, kind)
                if finding:
                    self.placed[f"findings[{len(findings)}]"] = (index, "Observation")
                    findings.append(finding)
            elif key := self._analyte_key(pairs):
                lab = self._lab(index, obs, key)
                if lab:
                    self.placed[f"labs[{len(labs)}]"] = (index, "Observation")
                    labs.append(lab)
            else:
                self.fail(
                    index,
                    "code",
                    "no supported code: use a LOINC code of the analyte "
                    "catalogue, a finding code or the Genomics Reporting variant codes",
                )
        genetic = self._genetics(groupers, variants)
        return tuple(genetic), tuple(findings), tuple(labs), self.placed

    @staticmethod
    def _finding_kind(pairs: set) -> FindingKind | None:
        for system, code in pairs:
            if system == c.FINDING_SYSTEM and code in FindingKind.__members__.values():
                return FindingKind(code)
            if system == c.LOINC and code in _FINDING_BY_LOINC:
                return _FINDING_BY_LOINC[code]
        return None

    @staticmethod
    def _analyte_key(pairs: set) -> str | None:
        for system, code in sorted(pairs, key=lambda p: p[0] != c.ANALYTE_SYSTEM):
            if system == c.ANALYTE_SYSTEM:
                return code
            if system == c.LOINC and code in _ANALYTE_BY_LOINC:
                return _ANALYTE_BY_LOINC[code]
        return None

    def _lab(self, index: int, obs: Json, key: str) -> LabResult | None:
        quantity = obs.get("valueQuantity")
        if not quantity or quantity.get("value") is None:
            self.fail(index, "valueQuantity", "a lab result needs a value with a UCUM unit")
            return None
        when = obs.get("effectiveDateTime", "")
        try:
            collected_at = datetime.fromisoformat(when)
        except ValueError:
            self.fail(index, "effectiveDateTime", "needs a date, time and zone")
            return None
        try:
            normal = normalise_lab_value(
                key,
                float(quantity["value"]),
                quantity.get("code") or quantity.get("unit") or "",
                collected_at=collected_at,
                birth_date=self.birth,
            )
        except LabValueError as error:
            self.fail(index, _LAB_FIELD.get(error.field, error.field), error.message)
            return None
        performers = [p.get("display", "") for p in obs.get("performer", [])]
        return LabResult(
            id=obs.get("id") or f"lab-{index}",
            analyte=normal.analyte.key,
            collected_at=collected_at,
            value=normal.value,
            unit=normal.unit,
            lab=performers[0] if performers else "",
        )

    def _finding(self, index: int, obs: Json, kind: FindingKind) -> Finding | None:
        when = obs.get("effectiveDateTime")
        if not when:
            self.fail(index, "effectiveDateTime", "a finding needs its date")
            return None
        values: dict[str, Any] = {"present": None, "category": None, "quantity": None}
        trend = None
        primary = primary_value_of(kind)
        elements = [(primary, obs)]
        for comp in obs.get("component", []):
            elements.append((_first_code(comp.get("code"), c.FINDING_PART_SYSTEM), comp))
        for part, element in elements:
            if part == "trend":
                code = _first_code(
                    element.get("valueCodeableConcept"), c.FINDING_PART_SYSTEM + "-trend"
                )
                trend = Trend(code) if code in Trend.__members__.values() else None
            elif part == "present" and "valueBoolean" in element:
                values["present"] = element["valueBoolean"]
            elif part == "category" and "valueCodeableConcept" in element:
                concept = element["valueCodeableConcept"]
                values["category"] = _first_code(concept, finding_result_system(kind))
            elif part == "quantity" and "valueQuantity" in element:
                values["quantity"] = float(element["valueQuantity"]["value"])
        performers = [p.get("display", "") for p in obs.get("performer", [])]
        notes = [n.get("text", "") for n in obs.get("note", [])]
        return Finding(
            id=obs.get("id") or f"finding-{index}",
            kind=kind,
            observed_on=date.fromisoformat(when[:10]),
            source=performers[0] if performers else DEFAULT_SOURCE,
            trend=trend,
            note="\n".join(notes),
            **values,
        )

    def _variant(self, index: int, obs: Json) -> tuple[str, Variant, Zygosity | None] | None:
        parts: dict[str, Json] = {}
        for comp in obs.get("component", []):
            code = _first_code(comp.get("code"), c.LOINC)
            if code:
                parts[code] = comp.get("valueCodeableConcept") or {}
        gene_concept = parts.get(c.GENE_STUDIED[0], {})
        gene = gene_concept.get("text") or next(
            (cd.get("display") for cd in gene_concept.get("coding", [])), None
        )
        hgvs = _first_code(parts.get(c.DNA_CHANGE[0]), c.HGVS)
        significance = _first_code(parts.get(c.CLINICAL_SIGNIFICANCE[0]), c.LOINC)
        classification = c.reverse(c.CLASSIFICATION_CODES).get(significance or "")
        zygosity = c.reverse(c.ZYGOSITY_CODES).get(
            _first_code(parts.get(c.ALLELIC_STATE[0]), c.LOINC) or ""
        )
        for missing, field in (
            (gene, "gene studied (48018-6)"),
            (hgvs, "DNA change (48004-6)"),
            (classification, "clinical significance (53037-8)"),
        ):
            if not missing:
                self.fail(index, "component", f"the variant needs its {field}")
                return None
        variant = Variant(
            id=obs.get("id") or f"variant-{index}",
            hgvs=hgvs,  # type: ignore[arg-type]
            classification=VariantClassification(classification),
            protein_hgvs=_first_code(parts.get(c.AMINO_ACID_CHANGE[0]), c.HGVS),
        )
        return gene, variant, zygosity  # type: ignore[return-value]

    def _genetics(self, groupers: list, variants: dict) -> list[GeneticResult]:
        results: list[GeneticResult] = []
        used: set[str] = set()
        for index, grouper in groupers:
            members = [
                m.get("reference", "").rsplit("/", 1)[-1] for m in grouper.get("hasMember", [])
            ]
            missing = [m for m in members if m not in variants]
            if missing or not members:
                self.fail(index, "hasMember", f"variant Observations not in the Bundle: {missing}")
                continue
            used.update(members)
            self._add_result(results, index, grouper, [variants[m] for m in members])
        for vid, (index, obs) in variants.items():
            if vid not in used:  # a variant sent without a report panel: a report of its own
                self._add_result(results, index, obs, [(index, obs)], result_id=f"report-{vid}")
        return results

    def _add_result(
        self, results: list, index: int, head: Json, members: list, result_id: str | None = None
    ) -> None:
        read = [self._variant(i, obs) for i, obs in members]
        if any(r is None for r in read):
            return
        genes = {r[0] for r in read}  # type: ignore[index]
        zygosities = {r[2] for r in read if r[2]}  # type: ignore[index]
        if len(genes) != 1 or len(zygosities) != 1:
            self.fail(index, "component", "a report must be about one gene with one allelic state")
            return
        when = head.get("effectiveDateTime")
        if not when:
            self.fail(index, "effectiveDateTime", "a genetic report needs its date")
            return
        performers = [p.get("display", "") for p in head.get("performer", [])]
        self.placed[f"genetic_results[{len(results)}]"] = (index, "Observation")
        results.append(
            GeneticResult(
                id=result_id or head.get("id") or f"report-{index}",
                gene=genes.pop(),
                variants=tuple(r[1] for r in read),  # type: ignore[index]
                zygosity=zygosities.pop(),
                testing_lab=performers[0] if performers else "",
                reported_on=date.fromisoformat(when[:10]),
            )
        )
