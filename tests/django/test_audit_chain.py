"""The audit trail is a hash chain: a changed, removed or reordered event is found and named.

On PostgreSQL a trigger also refuses, below Django, any UPDATE of a linked event and any
DELETE; on SQLite the chain alone shows the tampering.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from engraft.audit.chain import event_hash, link_pending, verify_chain
from engraft.audit.models import AuditAction, AuditChainHead, AuditEvent
from engraft.audit.services import audit_event
from engraft.commands.audit import run as audit_command

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = connection.vendor == "postgresql"


def _write(n: int) -> list[AuditEvent]:
    """n events, each committed on its own: the linking after each commit is run by hand (the
    test's transaction never commits; the next test checks the hook itself)."""
    events = []
    for i in range(n):
        events.append(
            audit_event(actor=None, ip="127.0.0.1", action=AuditAction.VIEW,
                        target="record.Patient", summary=f"event {i}")
        )  # fmt: skip
        link_pending()
    return [AuditEvent.objects.get(pk=e.pk) for e in events]


def test_each_committed_event_is_linked_to_the_one_before():
    first, second, third = _write(3)
    assert [e.chain_seq for e in (first, second, third)] == [1, 2, 3]
    assert first.previous_hash == "0" * 64
    assert second.previous_hash == first.hash and third.previous_hash == second.hash
    assert third.hash == event_hash(3, second.hash, third)
    assert AuditChainHead.objects.get(pk=1).hash == third.hash
    report = verify_chain()
    assert report.intact and report.checked == 3


def test_events_of_one_transaction_are_linked_once_it_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for i in range(4):
            audit_event(actor=None, ip=None, action=AuditAction.VIEW, target="x", summary=str(i))
        assert AuditEvent.objects.filter(chain_seq__isnull=True).count() == 4
    assert len(callbacks) == 1  # one linking per transaction, not one per event
    assert sorted(AuditEvent.objects.values_list("chain_seq", flat=True)) == [1, 2, 3, 4]


def test_an_event_left_unlinked_by_a_crash_is_linked_by_the_next_one():
    audit_event(actor=None, ip=None, action=AuditAction.VIEW, target="x", summary="orphan")
    assert verify_chain().unlinked == 1  # as if its process died before the linking ran
    _write(1)
    report = verify_chain()
    assert report.intact and report.checked == 2 and report.unlinked == 0


@pytest.mark.skipif(ON_POSTGRESQL, reason="PostgreSQL refuses the change itself (next test)")
def test_a_summary_rewritten_below_django_is_named_with_its_link():
    events = _write(3)
    AuditEvent._base_manager.filter(pk=events[1].pk).update(summary="nothing to see")
    report = verify_chain()
    assert not report.intact
    assert (report.broken_at, report.event_id) == (2, events[1].pk)
    assert "content was changed" in report.problem
    assert audit_command(["verify"]) == 1


@pytest.mark.skipif(ON_POSTGRESQL, reason="PostgreSQL refuses the delete itself (next test)")
def test_a_deleted_event_is_a_missing_link():
    events = _write(3)
    AuditEvent._base_manager.filter(pk=events[1].pk)._raw_delete(using="default")
    report = verify_chain()
    assert report.broken_at == 2 and "missing" in report.problem


@pytest.mark.skipif(ON_POSTGRESQL, reason="on PostgreSQL the trigger refuses it")
def test_the_last_events_removed_show_against_the_head():
    events = _write(3)
    AuditEvent._base_manager.filter(pk=events[2].pk)._raw_delete(using="default")
    report = verify_chain()
    assert not report.intact and "head says 3" in report.problem


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_to_change_or_delete_a_linked_event():
    (event,) = _write(1)
    for tamper in (
        lambda: AuditEvent._base_manager.filter(pk=event.pk).update(summary="changed"),
        lambda: AuditEvent._base_manager.filter(pk=event.pk)._raw_delete(using="default"),
        lambda: connection.cursor().execute(
            "UPDATE audit_auditevent SET actor_name = 'someone else' WHERE id = %s", [event.pk]
        ),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            tamper()
    assert verify_chain().intact


def test_the_command_reports_an_intact_chain_and_audits_its_own_reading(capsys):
    _write(2)
    assert audit_command(["verify"]) == 0
    assert "audit chain intact: 2 event(s)" in capsys.readouterr().out
    assert AuditEvent.objects.filter(summary__startswith="engraft audit verify").exists()


def test_linking_again_changes_nothing():
    events = _write(2)
    assert link_pending() == 0
    assert [AuditEvent.objects.get(pk=e.pk).hash for e in events] == [e.hash for e in events]
