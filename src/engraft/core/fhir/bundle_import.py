"""Import a FHIR R4 Bundle, as a referring hospital's EHR sends it, into a PatientRecord.

Two layers, as software.md 3.3 advises: each resource is first validated structurally by its
``fhir.resources.R4B`` model, then mapped with our own code checks. Every problem becomes a
:class:`BundleError` naming the entry index, the resource type and the field; nothing is
returned unless the whole Bundle is acceptable (no half-imported patient).

The same ids come back as were sent (resource ids become record item ids), so the Django app
can match the items of the importing patient by id: importing the same Bundle twice changes
nothing. :func:`read_bundle` also says which entry each item came from, so that a refusal
by the app (an id that belongs to another patient) can name the entry.

Input is bounded: the text is read only up to ``MAX_JSON_DEPTH`` levels of nesting (a FHIR
resource needs a dozen), so hostile JSON cannot exhaust the parser's recursion.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fhir.resources.R4B import construct_fhir_element

from engraft.core.fhir import codes as c
from engraft.core.fhir.observation_import import ObservationReader
from engraft.core.record.patient import (
    Demographics,
    Diagnosis,
    Document,
    PatientRecord,
    Relative,
)
from engraft.core.record.validation import validate_record
from engraft.core.vocabulary import ClinicalForm, Sex

# A FHIR R4 Bundle of our resources nests about 10 levels; 64 leaves room for extensions.
MAX_JSON_DEPTH = 64
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")
SUPPORTED_BUNDLE_TYPES = ("collection", "transaction", "batch", "searchset", "document")
SUPPORTED_RESOURCES = ("Patient", "RelatedPerson", "Condition", "Observation", "DocumentReference")
Json = dict[str, Any]


@dataclass(frozen=True)
class BundleError:
    """One problem in an incoming Bundle: which entry, which resource, which field, what."""

    index: int | None  # entry index (0-based); None for the Bundle itself
    resource_type: str
    field: str
    message: str

    def __str__(self) -> str:
        where = "Bundle" if self.index is None else f"entry[{self.index}] {self.resource_type}"
        return f"{where}.{self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class BundleImportError(ValueError):
    """The Bundle was refused; ``errors`` lists every problem found."""

    def __init__(self, errors: list[BundleError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class EntrySource:
    """Where an item of the record came from: the entry's index, resource type and id."""

    index: int
    resource_type: str
    resource_id: str


@dataclass(frozen=True)
class ReadBundle:
    """A Bundle read into a record, with the entry each item id came from."""

    record: PatientRecord
    sources: dict[str, EntrySource]

    def error(self, item_id: str, message: str) -> BundleError:
        """A refusal of the item ``item_id`` that names its entry."""
        source = self.sources.get(item_id)
        if source is None:
            return BundleError(None, "Bundle", "entry", f"{item_id}: {message}")
        return BundleError(source.index, source.resource_type, "id", f"{item_id!r} {message}")


def import_bundle(
    bundle: Mapping[str, Any] | str, *, today: date, ignore_unsupported: bool = False
) -> PatientRecord:
    """Read a FHIR R4 Bundle (dict or JSON text) holding one patient into a PatientRecord.

    ``today`` is explicit for the checks of dates in the future. Resource types other
    than Patient, RelatedPerson, Condition, Observation and DocumentReference are errors,
    unless ``ignore_unsupported`` is set. Raises :class:`BundleImportError`.
    """
    return read_bundle(bundle, today=today, ignore_unsupported=ignore_unsupported).record


def read_bundle(
    bundle: Mapping[str, Any] | str, *, today: date, ignore_unsupported: bool = False
) -> ReadBundle:
    """As :func:`import_bundle`, with the source entry of every item id of the record."""
    data = _load(bundle)
    errors: list[BundleError] = []
    entries = _entries(data, errors)
    if errors:
        raise BundleImportError(errors)
    resources: list[tuple[int, Json]] = []
    for index, resource in entries:
        rtype = str(resource.get("resourceType", ""))
        if rtype not in SUPPORTED_RESOURCES:
            if not ignore_unsupported:
                errors.append(
                    BundleError(
                        index,
                        rtype or "?",
                        "resourceType",
                        f"{rtype or 'missing'} is not supported; send "
                        + ", ".join(SUPPORTED_RESOURCES),
                    )
                )
            continue
        errors.extend(_structure_errors(index, rtype, resource))
        resources.append((index, resource))
    if errors:
        raise BundleImportError(errors)
    record = _map(resources, errors, today)
    if errors or record is None:
        raise BundleImportError(errors)
    return ReadBundle(record, _sources(record, resources))


def _sources(record: PatientRecord, resources: list[tuple[int, Json]]) -> dict[str, EntrySource]:
    by_id = {str(r.get("id")): (i, str(r["resourceType"])) for i, r in resources if r.get("id")}
    sources: dict[str, EntrySource] = {}
    items: list[str] = [record.id, *(r.id for r in record.relatives)]
    items += [f.id for f in record.findings] + [lab.id for lab in record.labs]
    for result in record.genetic_results:
        items.append(result.id)
        items += [v.id for v in result.variants]
    for item in items:
        # Items without an id of their own are named "<kind>-<index>" (their entry's index).
        found = by_id.get(item) or by_id.get(item.removeprefix("report-"))
        if found is None and item.rsplit("-", 1)[-1].isdigit():
            index = int(item.rsplit("-", 1)[-1])
            found = next(((i, str(r["resourceType"])) for i, r in resources if i == index), None)
        if found is not None:
            sources[item] = EntrySource(found[0], found[1], item)
    return sources


def _load(bundle: Mapping[str, Any] | str) -> Json:
    if isinstance(bundle, str):
        if json_depth_exceeds(bundle, MAX_JSON_DEPTH):
            raise BundleImportError([_too_deep()])
        try:
            bundle = json.loads(bundle)
        except json.JSONDecodeError as error:
            raise BundleImportError(
                [BundleError(None, "Bundle", "", f"not valid JSON: {error}")]
            ) from None
    elif value_depth_exceeds(bundle, MAX_JSON_DEPTH):
        raise BundleImportError([_too_deep()])
    if not isinstance(bundle, Mapping):
        raise BundleImportError([BundleError(None, "Bundle", "", "expected a JSON object")])
    return dict(bundle)


def _too_deep() -> BundleError:
    return BundleError(
        None, "Bundle", "", f"the JSON nests deeper than {MAX_JSON_DEPTH} levels; refused"
    )


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether JSON text nests objects and arrays more than ``limit`` deep (before parsing).

    Brackets inside strings are skipped. Parsing first would recurse once per level, so a
    hostile document could exhaust the interpreter's stack before any check ran.
    """
    depth = 0
    for match in _BRACKETS.finditer(_STRINGS.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def value_depth_exceeds(value: object, limit: int) -> bool:
    """Whether an already parsed JSON value nests more than ``limit`` deep (no recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth + 1 > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _entries(data: Json, errors: list[BundleError]) -> list[tuple[int, Json]]:
    if data.get("resourceType") != "Bundle":
        errors.append(
            BundleError(
                None,
                "Bundle",
                "resourceType",
                f"expected 'Bundle', got {data.get('resourceType')!r}",
            )
        )
        return []
    if data.get("type") not in SUPPORTED_BUNDLE_TYPES:
        errors.append(
            BundleError(
                None,
                "Bundle",
                "type",
                f"{data.get('type')!r} is not one of " + ", ".join(SUPPORTED_BUNDLE_TYPES),
            )
        )
    entries = data.get("entry")
    if not isinstance(entries, list) or not entries:
        errors.append(BundleError(None, "Bundle", "entry", "the Bundle has no entries"))
        return []
    found = []
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            errors.append(BundleError(index, "?", "resource", "entry holds no resource"))
            continue
        found.append((index, resource))
    return found


def _structure_errors(index: int, rtype: str, resource: Json) -> list[BundleError]:
    try:
        construct_fhir_element(rtype, resource)
    except ValueError as error:  # pydantic ValidationError is a ValueError
        details = error.errors() if hasattr(error, "errors") else [{"loc": (), "msg": str(error)}]
        return [
            BundleError(index, rtype, ".".join(str(p) for p in d["loc"]) or "", d["msg"])
            for d in details
        ]
    return []


def _map(resources: list[tuple[int, Json]], errors: list[BundleError], today: date):
    patients = [(i, r) for i, r in resources if r["resourceType"] == "Patient"]
    if len(patients) != 1:
        errors.append(
            BundleError(
                None, "Bundle", "entry", f"expected exactly one Patient, found {len(patients)}"
            )
        )
        return None
    p_index, patient = patients[0]
    demographics = _demographics(p_index, patient, errors, today)
    patient_id = patient.get("id") or ""
    refs = {f"Patient/{patient_id}", f"urn:uuid:{patient_id}"}
    relatives, documents, conditions = [], [], []
    observations = []
    for index, resource in resources:
        rtype = resource["resourceType"]
        if rtype == "Patient":
            continue
        ref_field = "patient" if rtype == "RelatedPerson" else "subject"
        ref = (resource.get(ref_field) or {}).get("reference", "")
        if not any(ref == r or ref.endswith("/" + r) for r in refs):
            errors.append(
                BundleError(
                    index,
                    rtype,
                    f"{ref_field}.reference",
                    f"{ref!r} does not point at the Bundle's Patient",
                )
            )
            continue
        if rtype == "RelatedPerson":
            relatives.append(_relative(index, resource, errors))
        elif rtype == "DocumentReference":
            documents.append(_document(index, resource, errors))
        elif rtype == "Condition":
            conditions.append((index, resource))
        else:
            observations.append((index, resource))
    diagnosis = _diagnosis(conditions, errors)
    birth = demographics.birth_date if demographics else None
    reader = ObservationReader(birth, errors_sink=errors, error_type=BundleError)
    genetic, findings, labs, placed = reader.read(observations)
    if errors or demographics is None or diagnosis is None:
        return None
    record = PatientRecord(
        id=patient_id,
        demographics=demographics,
        diagnosis=diagnosis,
        relatives=tuple(r for r in relatives if r),
        genetic_results=genetic,
        findings=findings,
        labs=labs,
        documents=tuple(d for d in documents if d),
    )
    for problem in validate_record(record, today=today):
        section = problem.field.split(".", 1)[0]
        index, rtype = placed.get(section, (p_index, "Patient"))
        errors.append(BundleError(index, rtype, problem.field, problem.message))
    return record


def _demographics(index: int, patient: Json, errors: list[BundleError], today: date):
    identifiers = patient.get("identifier") or []
    if not identifiers or not identifiers[0].get("value"):
        errors.append(
            BundleError(index, "Patient", "identifier", "the patient needs an identifier")
        )
        return None
    if not patient.get("birthDate"):
        errors.append(BundleError(index, "Patient", "birthDate", "is required"))
        return None
    try:
        birth = date.fromisoformat(patient["birthDate"])
    except ValueError:
        errors.append(BundleError(index, "Patient", "birthDate", "needs a full date YYYY-MM-DD"))
        return None
    if birth > today:
        errors.append(BundleError(index, "Patient", "birthDate", f"{birth} is in the future"))
    name = (patient.get("name") or [{}])[0]
    return Demographics(
        identifier=identifiers[0]["value"],
        identifier_system=identifiers[0].get("system") or "",
        family_name=name.get("family", ""),
        given_names=tuple(name.get("given", [])),
        birth_date=birth,
        sex=Sex(patient.get("gender", "unknown")),
    )


def _relative(index: int, resource: Json, errors: list[BundleError]) -> Relative | None:
    codes = [
        cd.get("code") for rel in resource.get("relationship", []) for cd in rel.get("coding", [])
    ]
    known = c.reverse(c.RELATIONSHIP_CODES)
    relationship = next((known[x] for x in codes if x in known), None)
    if relationship is None:
        errors.append(
            BundleError(
                index, "RelatedPerson", "relationship", f"no supported v3 RoleCode among {codes}"
            )
        )
        return None
    name = (resource.get("name") or [{}])[0]
    phones = [t["value"] for t in resource.get("telecom", []) if t.get("system") == "phone"]
    birth = resource.get("birthDate")
    return Relative(
        id=resource.get("id") or f"relatedperson-{index}",
        relationship=relationship,  # type: ignore[arg-type]
        family_name=name.get("family", ""),
        given_names=tuple(name.get("given", [])),
        sex=Sex(resource.get("gender", "unknown")),
        birth_date=date.fromisoformat(birth) if birth else None,
        phone=phones[0] if phones else None,
    )


def _diagnosis(conditions: list[tuple[int, Json]], errors: list[BundleError]) -> Diagnosis | None:
    ours = []
    for index, resource in conditions:
        codings = resource.get("code", {}).get("coding", [])
        pairs = {(cd.get("system"), cd.get("code")) for cd in codings}
        if (c.ICD10CM, c.ICD10_OSTEOPETROSIS[0]) in pairs or (
            c.SNOMED,
            c.SNOMED_OSTEOPETROSIS[0],
        ) in pairs:
            ours.append((index, resource, codings))
        else:
            errors.append(
                BundleError(
                    index, "Condition", "code", "only osteopetrosis (ICD-10 Q78.2) is supported"
                )
            )
    if not ours:
        return Diagnosis(clinical_form=ClinicalForm.UNKNOWN, genotype_pending=True)
    index, resource, codings = ours[0]
    forms = [cd["code"] for cd in codings if cd.get("system") == c.CLINICAL_FORM_SYSTEM]
    try:
        form = ClinicalForm(forms[0]) if forms else ClinicalForm.UNKNOWN
    except ValueError:
        errors.append(BundleError(index, "Condition", "code.coding", f"unknown form {forms[0]!r}"))
        return None
    pending = [
        x.get("valueBoolean")
        for x in resource.get("extension", [])
        if x.get("url") == c.GENOTYPE_PENDING_URL
    ]
    recorded = resource.get("recordedDate")
    return Diagnosis(
        id=resource.get("id") or f"condition-{index}",
        clinical_form=form,
        diagnosed_on=date.fromisoformat(recorded[:10]) if recorded else None,
        genotype_pending=bool(pending[0]) if pending else False,
    )


def _document(index: int, resource: Json, errors: list[BundleError]) -> Document | None:
    attachment = ((resource.get("content") or [{}])[0]).get("attachment", {})
    if not attachment.get("url"):
        errors.append(
            BundleError(
                index,
                "DocumentReference",
                "content.attachment.url",
                "a document must point at its file",
            )
        )
        return None
    if not resource.get("date"):
        errors.append(BundleError(index, "DocumentReference", "date", "is required"))
        return None
    return Document(
        id=resource.get("id") or f"document-{index}",
        title=resource.get("description") or attachment.get("title", ""),
        kind=(resource.get("type") or {}).get("text", ""),
        created_at=datetime.fromisoformat(resource["date"]),
        url=attachment["url"],
        content_type=attachment.get("contentType", "application/octet-stream"),
    )
