"""Small builders for test data: a cast of staff and families' requests."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from engraft.access.roles import Role
from engraft.information.models import InformationRequest

PASSWORD = "correct-horse-battery"


def make_staff(role: Role | None, username: str | None = None):
    name = username or (role.value if role else "outsider")
    return get_user_model().objects.create_user(
        username=name,
        password=PASSWORD,
        role=role.value if role else "",
        first_name=name.capitalize(),
        is_staff=role is Role.ADMINISTRATOR,
    )


def valid_request_data(**overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "guardian_name": "Maya Sample",
        "relationship": "mother",
        "email": "maya.sample@example.org",
        "phone": "+44 7700 900123",
        "preferred_contact": "email",
        "child_age_value": 7,
        "child_age_unit": "weeks",
        "country": "United Kingdom",
        "diagnosis_made": "yes",
        "diagnosis": "infantile osteopetrosis",
        "question": "Could a transplant help our daughter?",
        "consent_to_contact": "on",
    }
    data.update(overrides)
    return data


def make_request(**overrides) -> InformationRequest:
    data = valid_request_data(**overrides)
    data["consent_to_contact"] = True
    return InformationRequest.objects.create(**data)


def make_patient(**overrides):
    from datetime import date

    from engraft.record.models import Patient

    fields = {
        "family_name": "Testchild",
        "given_names": "Alva",
        "birth_date": date(2026, 9, 1),
        "sex": "female",
        "clinical_form": "infantile_aro",
        "hospital_number": "",
    }
    fields.update(overrides)
    return Patient.objects.create(**fields)


def make_lab(patient, **overrides):
    from datetime import UTC, datetime

    from engraft.record.models import LabResult

    fields = {
        "analyte": "haemoglobin",
        "collected_at": datetime(2026, 10, 1, 8, 30, tzinfo=UTC),
        "value": 8.5,
        "unit": "g/dL",
    }
    fields.update(overrides)
    return LabResult.objects.create(patient=patient, **fields)


def make_finding(patient, **overrides):
    from datetime import date

    from engraft.record.models import Finding

    fields = {
        "kind": "vep",
        "observed_on": date(2026, 10, 2),
        "source": "ophthalmology clinic",
        "category": "delayed",
        "quantity": 140.0,
    }
    fields.update(overrides)
    return Finding.objects.create(patient=patient, **fields)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_document(patient):
    from django.core.files.base import ContentFile

    from engraft.record.models import Document

    document = Document(
        patient=patient,
        title="Referral letter",
        kind="referral letter",
        content_type="application/pdf",
        original_name="letter.pdf",
        size=len(PDF_BYTES),
    )
    document.file.save("letter.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    return document
