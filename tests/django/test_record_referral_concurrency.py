"""The same referral submitted eight times at the same moment creates one patient."""

import threading

import pytest
from django.db import connection, connections

from engraft.access.roles import Role
from engraft.record import services
from engraft.record.models import Patient, Referral

from .factories import make_request, make_staff

SENDERS = 8

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has no row locks and its test database is not shared between threads; "
    "this runs in the PostgreSQL pass (DATABASE_URL=postgres://...)",
)


def _child() -> dict:
    from datetime import date

    return {
        "family_name": "Testchild",
        "given_names": "Alva",
        "birth_date": date(2026, 9, 1),
        "sex": "female",
        "hospital_number": "",
        "consanguinity": "unknown",
    }


def _referral(info) -> dict:
    from datetime import date

    return {
        "received_on": date(2026, 11, 20),
        "referring_clinician": "Dr Referrer",
        "referring_institution": "Example General Hospital",
        "diagnosis_status": "confirmed",
        "reason": "Infantile osteopetrosis",
        "stated_urgency": "urgent",
        "information_request": info,
    }


@pytest.mark.django_db(transaction=True)
def test_eight_identical_referrals_at_once_create_one_patient_and_one_referral():
    coordinator = make_staff(Role.COORDINATOR)
    info = make_request()
    barrier = threading.Barrier(SENDERS)
    referrals, failures = [], []

    def send() -> None:
        try:
            barrier.wait(timeout=30)
            referral = services.register_referral(
                actor=coordinator,
                ip="127.0.0.1",
                patient_fields=_child(),
                referral_fields=_referral(info),
            )
            referrals.append(referral.pk)
        except Exception as error:  # reported by the assertion below
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert Patient.objects.count() == 1
    assert Referral.objects.count() == 1
    assert set(referrals) == {Referral.objects.get().pk}  # every sender sees the one referral
    info.refresh_from_db()
    assert info.status == "referred"
