"""The request form's per-address limit holds when many requests arrive at the same moment.

Measured before: 200 simultaneous posts with a limit of 5 stored 6 (the check and the insert
were separate). Runs in the PostgreSQL pass, where threads share the test database.
"""

import threading

import pytest
from django.db import connection, connections

from engraft.information import services
from engraft.information.forms import InformationRequestForm
from engraft.information.models import InformationRequest

from .factories import valid_request_data

SENDERS = 40
LIMIT = 5

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's test database is not shared between threads; this runs in the "
    "PostgreSQL pass (DATABASE_URL=postgres://...)",
)


@pytest.mark.django_db(transaction=True)
def test_forty_simultaneous_requests_from_one_address_store_exactly_the_limit(settings):
    settings.ENGRAFT_REQUEST_RATE_LIMIT = LIMIT
    form = InformationRequestForm(valid_request_data())
    assert form.is_valid(), form.errors
    barrier = threading.Barrier(SENDERS)
    stored, limited, failures = [], [], []

    def send() -> None:
        try:
            barrier.wait(timeout=30)
            services.submit_request(actor=None, ip="198.51.100.23", data=form.cleaned_data)
            stored.append(1)
        except services.RateLimited:
            limited.append(1)
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
    assert (len(stored), len(limited)) == (LIMIT, SENDERS - LIMIT)
    assert InformationRequest.objects.filter(submitted_from="198.51.100.23").count() == LIMIT
