"""The demo: one account per role and each app's synthetic data, loaded idempotently."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction

from engraft.access.roles import Role
from engraft.donors.demo import load_demo_donors
from engraft.followup.demo import load_demo_followup
from engraft.information.demo import load_demo_requests
from engraft.outcomes.demo import load_demo_outcomes
from engraft.record.demo import load_demo_cohort
from engraft.record.models import Patient
from engraft.transplant.demo import load_demo_transplants
from engraft.transplant.demo_surveillance import load_demo_surveillance
from engraft.trials.demo import load_demo_trials
from engraft.workup.demo import load_demo_workup

DEMO_NUMBER_PREFIX = "SYN-"
DEMO_PASSWORD = "engraft-demo"  # noqa: S105 - demo accounts on synthetic data only

DEMO_PEOPLE = {
    Role.PHYSICIAN: ("Ada", "Physician"),
    Role.COORDINATOR: ("Cora", "Coordinator"),
    Role.SPECIALIST: ("Sami", "Specialist"),
    Role.DATA_MANAGER: ("Dana", "Datamanager"),
    Role.ADMINISTRATOR: ("Avery", "Administrator"),
    Role.NURSE: ("Nell", "Nurse"),  # the ward nurse of the transplant demo
}


class DemoRefused(Exception):
    """The demo would write synthetic data and known passwords where real data lives."""


def refuse_real_data() -> None:
    """Refuse production settings, and a database holding a child who is not synthetic.

    The demo creates accounts with a published password: it must never touch a real site.
    Every demo child has a hospital number starting "SYN-" (core/cohort/generator.py).
    """
    module = settings.SETTINGS_MODULE or ""
    if module.endswith("production"):
        raise DemoRefused(f"refused with the settings {module}: the demo is for a test machine")
    try:
        real = Patient.objects.exclude(hospital_number__startswith=DEMO_NUMBER_PREFIX).count()
    except DatabaseError:  # not migrated yet: nothing in it
        return
    if real:
        raise DemoRefused(
            f"refused: the database holds {real} patient(s) who are not synthetic demo "
            "children; the demo never runs against real data"
        )


def ensure_demo_accounts() -> list[tuple[str, str]]:
    """One account per role, username = role name; an existing account is left as it is."""
    users = get_user_model()
    accounts = []
    for role, (first, last) in DEMO_PEOPLE.items():
        user, created = users.objects.get_or_create(
            username=role.value,
            defaults={
                "role": role.value,
                "first_name": first,
                "last_name": last,
                "email": f"{role.value}@engraft.invalid",
                # Administrators manage content and accounts in Django's admin.
                "is_staff": role is Role.ADMINISTRATOR,
                # The demo specialist is an ophthalmologist, so "My work" has VEP tasks.
                "discipline": "ophthalmology" if role is Role.SPECIALIST else "",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        accounts.append((user.username, role.label))
    return accounts


@transaction.atomic
def prepare_demo() -> list[tuple[str, str]]:
    """Create the demo accounts and load every app's demo data; safe to run again."""
    accounts = ensure_demo_accounts()
    load_demo_requests()
    load_demo_cohort()
    load_demo_donors()
    load_demo_workup()
    load_demo_transplants()
    load_demo_surveillance()
    load_demo_followup()
    load_demo_trials()
    load_demo_outcomes()
    return accounts
