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
        is_superuser=role is Role.ADMINISTRATOR,
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
