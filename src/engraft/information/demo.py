"""Synthetic information requests for the demo queue (seeded, so the same every time)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from .models import InformationRequest, RequestStatus

DEMO_EMAIL_DOMAIN = "example.org"
FIRST = ["Maya", "Omar", "Lena", "Yusuf", "Sofia", "Arjun", "Elif", "Noah", "Zara", "Ivan"]
LAST = ["Sample", "Example", "Testfamily", "Demo", "Placeholder"]
COUNTRIES = ["United Kingdom", "Ireland", "Sweden", "Turkey", "Lebanon", "Costa Rica", "India"]
QUESTIONS = [
    "Our baby was diagnosed with osteopetrosis last week. Could a transplant help her?",
    "The eye doctor says his optic nerves are under pressure. How quickly can you see us?",
    "We were told the gene is TCIRG1. What happens next?",
    "My son has the dominant form. Does he need a transplant?",
    "Can we be tested as donors for our daughter?",
]


def load_demo_requests(count: int = 14, seed: int = 20261128) -> int:
    """Create the demo requests once; return how many exist."""
    existing = InformationRequest.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    if existing.exists():
        return existing.count()
    rng = random.Random(seed)
    now = timezone.now()
    statuses = [RequestStatus.NEW] * 6 + [RequestStatus.CONTACTED] * 4 + [RequestStatus.CLOSED]
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        diagnosed = rng.random() < 0.7
        info = InformationRequest.objects.create(
            guardian_name=f"{first} {last}",
            relationship=rng.choice(["mother", "father", "guardian"]),
            email=f"{first.lower()}.{last.lower()}{i}@{DEMO_EMAIL_DOMAIN}",
            phone=f"+44 7700 900{i:03d}",
            preferred_contact=rng.choice(["email", "phone"]),
            child_age_value=rng.randint(1, 11),
            child_age_unit=rng.choice(["weeks", "months"]),
            country=rng.choice(COUNTRIES),
            diagnosis_made="yes" if diagnosed else rng.choice(["no", "unsure"]),
            diagnosis="infantile osteopetrosis" if diagnosed else "",
            question=rng.choice(QUESTIONS),
            consent_to_contact=True,
            status=rng.choice(statuses),
        )
        # Spread the requests over the last three weeks so the queue shows overdue ones.
        submitted = now - timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 23))
        contacted = submitted + timedelta(days=1) if info.status != RequestStatus.NEW else None
        InformationRequest.objects.filter(pk=info.pk).update(
            submitted_at=submitted, first_contacted_at=contacted
        )
    return count
