"""Many requests committing audit events at once still make one unbroken chain.

Found by the staff-pages load test: linkers that read the chain's head before taking its
lock wrote a stale head back and two events got the same link. Runs in the PostgreSQL pass.
"""

import threading

import pytest
from django.db import connection, connections

from engraft.audit.chain import verify_chain
from engraft.audit.models import AuditAction, AuditEvent
from engraft.audit.services import audit_event

WRITERS = 16
EACH = 10

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's test database is not shared between threads; PostgreSQL pass only",
)


@pytest.mark.django_db(transaction=True)
def test_sixteen_writers_at_once_leave_an_intact_chain_of_every_event():
    barrier = threading.Barrier(WRITERS)
    failures = []

    def write(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            for i in range(EACH):
                audit_event(actor=None, ip=None, action=AuditAction.VIEW, target="x",
                            summary=f"writer {n} event {i}")  # fmt: skip
        except Exception as error:  # reported below
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    report = verify_chain()
    assert report.intact, str(report)
    assert report.checked == WRITERS * EACH == AuditEvent.objects.count()
    assert report.unlinked == 0
