"""The audit trail as a hash chain: any changed, removed or reordered event shows.

Each event, once its transaction has committed, gets the next sequence number, the previous
event's hash and its own hash: SHA-256 over the previous hash and the event's fields. Linking
after the commit, in a short transaction of its own that locks the chain's head row, keeps
the chain in one line when requests commit in any order, and never holds the head lock
inside a service's transaction (where it could deadlock against the rows the service locks).
An event whose process died between the commit and the linking is linked by the next one.

``verify_chain`` walks the chain and names the first broken link. On PostgreSQL a trigger
(migration 0002) refuses any UPDATE of a linked event and every DELETE.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
_FIELDS = ("id", "at", "actor_id", "actor_name", "action", "object_type", "object_id",
           "summary", "ip_address")  # fmt: skip


def event_hash(seq: int, previous: str, event: AuditEvent) -> str:
    """The hash of one event at its place in the chain."""
    values = {name: getattr(event, name) for name in _FIELDS}
    values["at"] = event.at.isoformat()
    payload = json.dumps([seq, previous, values], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def link_pending() -> int:
    """Link every committed event not yet in the chain, in id order; how many were linked."""
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(pk=1)
        # The UPDATE takes the write lock (SQLite) or the row lock (PostgreSQL) before the
        # head is read, and writes the row's own value back (F), so two linkers never read
        # the same head nor write back one they read before the other committed.
        AuditChainHead.objects.filter(pk=1).update(seq=F("seq"))
        head = AuditChainHead.objects.get(pk=1)
        pending = list(AuditEvent._base_manager.filter(chain_seq__isnull=True).order_by("id"))
        seq, previous = head.seq, head.hash or GENESIS
        for event in pending:
            seq += 1
            digest = event_hash(seq, previous, event)
            AuditEvent._base_manager.filter(pk=event.pk, chain_seq__isnull=True).update(
                chain_seq=seq, previous_hash=previous, hash=digest
            )
            previous = digest
        if pending:
            AuditChainHead.objects.filter(pk=1).update(seq=seq, hash=previous)
    return len(pending)


def link_after_commit() -> None:
    """Link the events of the current transaction once it commits (now, if none is open).

    Once per transaction: the first linking links every event committed with it. Robust: a
    linking that fails leaves its events for the next one, never an error after the commit.
    """
    waiting = getattr(transaction.get_connection(), "run_on_commit", [])
    if any(entry[1] is link_pending for entry in waiting):
        return
    transaction.on_commit(link_pending, robust=True)


@dataclass(frozen=True)
class ChainReport:
    """What ``verify_chain`` found: how many links hold, and the first that does not."""

    checked: int
    unlinked: int
    broken_at: int | None = None  # the sequence number of the first broken link
    event_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    def __str__(self) -> str:
        tail = f"; {self.unlinked} event(s) not linked yet" if self.unlinked else ""
        if self.intact:
            return f"audit chain intact: {self.checked} event(s){tail}"
        return (
            f"audit chain BROKEN at link {self.broken_at} (event {self.event_id}): "
            f"{self.problem}; {self.checked} link(s) before it hold{tail}"
        )


def verify_chain(batch: int = 5000) -> ChainReport:
    """Recompute every link in sequence order; report the first that does not hold."""
    rows = AuditEvent._base_manager.filter(chain_seq__isnull=False).order_by("chain_seq")
    unlinked = AuditEvent._base_manager.filter(chain_seq__isnull=True).count()
    expected_seq, previous, checked = 1, GENESIS, 0
    for event in rows.iterator(chunk_size=batch):
        if event.chain_seq != expected_seq:
            return ChainReport(
                checked,
                unlinked,
                expected_seq,
                event.pk,
                f"link {expected_seq} is missing (next is {event.chain_seq})",
            )
        if event.previous_hash != previous:
            return ChainReport(
                checked,
                unlinked,
                event.chain_seq,
                event.pk,
                "it does not point to the previous link",
            )
        if event_hash(event.chain_seq, previous, event) != event.hash:
            return ChainReport(
                checked,
                unlinked,
                event.chain_seq,
                event.pk,
                "its content was changed after it was written",
            )
        previous, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.seq != checked:
        return ChainReport(
            checked,
            unlinked,
            checked + 1,
            None,
            f"the chain's head says {head.seq} link(s); the last ones are gone",
        )
    return ChainReport(checked, unlinked)
