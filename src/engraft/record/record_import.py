"""Importing a record (a FHIR Bundle read by the core) into one patient, never onto another.

Every id of the Bundle is resolved within the importing patient only: an item whose id is
already another patient's is refused with its entry named, and nothing is saved. An item
whose content changed since the last import is voided with a reason and replaced by a new
row (a clinical fact is never edited in place); unchanged items are left alone, so importing
the same Bundle twice changes nothing. Ids that are not UUIDs (an EHR's "obs-12") are mapped
to UUIDs within the patient, so two patients' "obs-12" never meet.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models as db
from django.db import transaction
from django.utils import timezone

from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event
from engraft.core.fhir.bundle_import import BundleError, BundleImportError, ReadBundle
from engraft.core.record import patient as core

from . import models
from .locking import save_and_advance
from .models import default_issuing_hospital

# Namespace of the UUIDs given to ids that are not UUIDs (fixed: the same id maps the same).
ID_NAMESPACE = uuid.UUID("8d8f3a51-6a9e-4c1f-9e55-1d3c0f9b6b21")
OTHER_PATIENT = (
    "belongs to another patient's record; ids are resolved within the importing patient "
    "only, so this entry is refused"
)


@dataclass
class ImportChanges:
    """What an import did to the patient's record, for the audit trail and the message."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    kept_voided: int = 0
    changed_fields: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"imported from a FHIR Bundle: {self.added} added, {self.replaced} replaced, "
            f"{self.unchanged} unchanged"
        )
        if self.kept_voided:
            text += f", {self.kept_voided} left voided"
        if self.changed_fields:
            text += "; changed " + ", ".join(self.changed_fields)
        return text


def item_uuid(item_id: str, scope: uuid.UUID, kind: str) -> uuid.UUID:
    """The UUID an item id stands for: itself when it is one, else one made within `scope`."""
    try:
        return uuid.UUID(item_id)
    except ValueError:
        return uuid.uuid5(scope, f"{kind}/{item_id}")


@transaction.atomic
def import_record(
    *, bundle: ReadBundle, actor: Any, ip: str | None
) -> tuple[models.Patient, bool, ImportChanges]:
    """Create or update the Bundle's patient, all or nothing; raises BundleImportError.

    Returns the patient, whether it was created, and what changed. Documents are
    references only: their files stay with the sender, so they are not imported.
    """
    importer = _Importer(bundle, actor)
    patient, created = importer.run()
    if not importer.errors:
        action = AuditAction.CREATE if created else AuditAction.CHANGE
        for summary in importer.voided:
            audit_event(
                actor=actor, ip=ip, action=AuditAction.CHANGE, target=patient, summary=summary
            )
        audit_event(
            actor=actor, ip=ip, action=action, target=patient, summary=importer.changes.summary()
        )
        return patient, created, importer.changes
    # Raised inside the transaction, so whatever was written before the problem is undone.
    raise BundleImportError(importer.errors)


def save_record(record: core.PatientRecord, *, recorded_by=None) -> tuple[models.Patient, bool]:
    """Store a trusted record (the synthetic demo) by the same rules, without an audit."""
    importer = _Importer(ReadBundle(record, {}), recorded_by)
    patient, created = importer.run()
    if importer.errors:
        raise BundleImportError(importer.errors)
    return patient, created


class _Importer:
    def __init__(self, bundle: ReadBundle, actor: Any) -> None:
        self.bundle = bundle
        self.record = bundle.record
        self.actor = actor
        self.errors: list[BundleError] = []
        self.voided: list[str] = []
        self.changes = ImportChanges()

    def run(self) -> tuple[models.Patient, bool]:
        patient, created = self._patient()
        if patient is None:
            return models.Patient(), False
        self._relatives(patient)
        self._facts(patient, models.Finding, "Observation", self.record.findings, _finding_values)
        self._facts(patient, models.LabResult, "Observation", self.record.labs, _lab_values)
        self._facts(
            patient,
            models.GeneticResult,
            "Observation",
            self.record.genetic_results,
            _genetic_values,
            after_create=self._variants,
            children_changed=_variants_changed,
        )
        return patient, created

    # The patient -----------------------------------------------------------------------

    def _patient(self) -> tuple[models.Patient | None, bool]:
        record = self.record
        demo = record.demographics
        issuing = demo.identifier_system or default_issuing_hospital()
        number = "" if demo.identifier == record.id else demo.identifier
        public_id = item_uuid(record.id, uuid.uuid5(ID_NAMESPACE, issuing), "Patient")
        values = {
            "hospital_number": number,
            "issuing_hospital": issuing,
            "family_name": demo.family_name,
            "given_names": " ".join(demo.given_names),
            "birth_date": demo.birth_date,
            "sex": demo.sex.value,
            "clinical_form": record.diagnosis.clinical_form.value,
            "diagnosed_on": record.diagnosis.diagnosed_on,
            "genotype_pending": record.diagnosis.genotype_pending,
        }
        if not self._fits(models.Patient, values, record.id):
            return None, False
        patient = models.Patient.objects.select_for_update().filter(public_id=public_id).first()
        holder = (
            models.Patient.objects.filter(issuing_hospital=issuing, hospital_number=number).first()
            if number
            else None
        )
        if holder is not None and (patient is None or holder.pk != patient.pk):
            self.errors.append(
                self._error(
                    record.id,
                    f"hospital number {number!r} of {issuing} is another patient's; the "
                    "Bundle's Patient id does not match that record, so it is refused",
                    field_name="identifier",
                )
            )
            return None, False
        if patient is None:
            return models.Patient.objects.create(public_id=public_id, **values), True
        mismatch = self._identity_mismatch(patient, values)
        if mismatch:
            self.errors.append(self._error(record.id, mismatch))
            return None, False
        changed = [name for name, value in values.items() if getattr(patient, name) != value]
        if changed:
            # Advances the record's version: a diagnosis form opened before cannot undo it.
            save_and_advance(patient, actor=self.actor, **{n: values[n] for n in changed})
            self.changes.changed_fields += changed
        return patient, False

    @staticmethod
    def _identity_mismatch(patient: models.Patient, values: dict[str, Any]) -> str:
        """Why the Bundle's Patient cannot be this stored patient, or "" when it can.

        A name may be corrected by an import; another hospital number or date of birth means
        the Bundle is about another child, so nothing of it may land on this one.
        """
        if patient.birth_date != values["birth_date"]:
            return (
                "is the id of a patient with another date of birth; correct the record in "
                "Engraft first if the date was wrong"
            )
        if patient.hospital_number and values["hospital_number"] not in (
            "",
            patient.hospital_number,
        ):
            return "is the id of a patient with another hospital number"
        return ""

    # Relatives (people, not clinical facts: updated within the patient) -------------------

    def _relatives(self, patient: models.Patient) -> None:
        for relative in self.record.relatives:
            public_id = item_uuid(relative.id, patient.public_id, "RelatedPerson")
            values = {
                "relationship": relative.relationship.value,
                "family_name": relative.family_name,
                "given_names": " ".join(relative.given_names),
                "sex": relative.sex.value,
                "birth_date": relative.birth_date,
                "phone": relative.phone or "",
            }
            if not self._fits(models.Relative, values, relative.id):
                continue
            stored = models.Relative.objects.filter(public_id=public_id).first()
            if stored is None:
                models.Relative.objects.create(patient=patient, public_id=public_id, **values)
                self.changes.added += 1
            elif stored.patient_id != patient.pk:
                self.errors.append(self._error(relative.id, OTHER_PATIENT))
            elif any(getattr(stored, name) != value for name, value in values.items()):
                models.Relative.objects.filter(pk=stored.pk).update(**values)
                self.changes.changed_fields.append(f"relative {relative.id}")
            else:
                self.changes.unchanged += 1

    # Clinical facts: voided and replaced when changed ---------------------------------------

    def _facts(
        self,
        patient: models.Patient,
        model: type[models.Voidable],
        kind: str,
        items: Sequence[Any],
        values_of: Callable[[Any], dict[str, Any]],
        after_create: Callable[[Any, Any, models.Patient], None] | None = None,
        children_changed: Callable[[Any, Any], bool] | None = None,
    ) -> None:
        rows = list(model.objects.filter(patient=patient))
        for item in items:
            public_id = item_uuid(item.id, patient.public_id, kind)
            values = values_of(item)
            if not self._fits(model, values, item.id):
                continue
            mine = [row for row in rows if row.public_id == public_id or row.source_id == item.id]
            current = next((row for row in mine if row.voided_at is None), None)
            if current is None and mine:
                # Voided by a clinician: a Bundle sent again does not bring it back.
                self.changes.kept_voided += 1
                continue
            if current is None:
                if model.objects.filter(public_id=public_id).exists():
                    self.errors.append(self._error(item.id, OTHER_PATIENT))
                    if after_create is not None:
                        self._check_variants(item, patient)  # name every entry refused
                    continue
                created = model.objects.create(
                    patient=patient, public_id=public_id, source_id=item.id,
                    recorded_by=self.actor, **values,
                )  # fmt: skip
                if after_create:
                    after_create(created, item, patient)
                self.changes.added += 1
                continue
            changed = [name for name, value in values.items() if getattr(current, name) != value]
            if not changed and children_changed is not None and children_changed(current, item):
                changed = ["variants"]
            if not changed:
                self.changes.unchanged += 1
                continue
            reason = "replaced by a FHIR import: " + ", ".join(changed) + " changed"
            current.voided_at = timezone.now()
            current.voided_by = self.actor
            current.void_reason = reason[:300]
            current.save(update_fields=["voided_at", "voided_by", "void_reason"])
            self.voided.append(f"voided {model._meta.model_name} {current.public_id}: {reason}")
            replacement = model.objects.create(
                patient=patient, source_id=item.id, recorded_by=self.actor, **values
            )
            if after_create:
                after_create(replacement, item, patient)
            self.changes.replaced += 1

    def _variant_owner(self, variant: core.Variant, patient: models.Patient):
        """The stored variant with this id, or None; refuses one of another patient."""
        public_id = item_uuid(variant.id, patient.public_id, "Variant")
        found = models.Variant.objects.filter(public_id=public_id).select_related("result").first()
        if found is not None and found.result.patient_id != patient.pk:
            self.errors.append(self._error(variant.id, OTHER_PATIENT))
            return public_id, found, False
        return public_id, found, True

    def _check_variants(self, item: Any, patient: models.Patient) -> None:
        for variant in item.variants:
            self._variant_owner(variant, patient)

    def _variants(self, result: models.GeneticResult, item: Any, patient: models.Patient) -> None:
        for variant in item.variants:
            public_id, found, ok = self._variant_owner(variant, patient)
            if not ok:
                continue
            models.Variant.objects.create(
                result=result,
                # A replaced report's variants keep their ids; the new report's get new ones.
                public_id=public_id if found is None else uuid.uuid4(),
                hgvs=variant.hgvs,
                protein_hgvs=variant.protein_hgvs or "",
                classification=variant.classification.value,
            )

    # Checks ------------------------------------------------------------------------------

    def _fits(self, model: type[db.Model], values: dict[str, Any], item_id: str) -> bool:
        """Whether every text fits its column; a NUL or an overlong text is refused here."""
        ok = True
        for name, value in values.items():
            if not isinstance(value, str):
                continue
            limit = model._meta.get_field(name).max_length
            if "\x00" in value:
                self.errors.append(self._error(item_id, f"{name} holds a NUL character", name))
                ok = False
            elif limit is not None and len(value) > limit:
                message = f"{name} is {len(value)} characters long; at most {limit}"
                self.errors.append(self._error(item_id, message, name))
                ok = False
        return ok

    def _error(self, item_id: str, message: str, field_name: str = "id") -> BundleError:
        error = self.bundle.error(item_id, message)
        if field_name != "id" and error.index is not None:
            return BundleError(error.index, error.resource_type, field_name, message)
        return error


def _finding_values(finding: core.Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind.value,
        "observed_on": finding.observed_on,
        "source": finding.source,
        "present": finding.present,
        "quantity": finding.quantity,
        "category": finding.category or "",
        "trend": finding.trend.value if finding.trend else "",
        "note": finding.note,
    }


def _lab_values(lab: core.LabResult) -> dict[str, Any]:
    return {
        "analyte": lab.analyte,
        "collected_at": lab.collected_at,
        "value": lab.value,
        "unit": lab.unit,
        "lab": lab.lab,
    }


def _genetic_values(result: core.GeneticResult) -> dict[str, Any]:
    return {
        "gene": result.gene,
        "zygosity": result.zygosity.value,
        "testing_lab": result.testing_lab,
        "reported_on": result.reported_on,
    }


def _variants_changed(stored: models.GeneticResult, result: core.GeneticResult) -> bool:
    before = sorted((v.hgvs, v.protein_hgvs, v.classification) for v in stored.variants.all())
    now = sorted((v.hgvs, v.protein_hgvs or "", v.classification.value) for v in result.variants)
    return before != now
