"""Transactional outbox.

A service writes its state change and the events it causes in one database transaction
(:func:`stage_event`); the :class:`OutboxRelay` publishes staged events in order and marks them published.
Given an ``enqueue`` function it pipelines: a whole batch is handed to the producer, then all acknowledgements
are awaited, then the batch is marked in one UPDATE (see :mod:`sikerja_outbox.relay` for why per-key order holds).
A crash between publishing and marking republishes the same event id, so delivery is at-least-once on the wire
and exactly-once in effect for consumers that keep an inbox (``sikerja_inbox``).
"""

from sikerja_outbox.relay import Enqueue, OutboxRelay, Publish
from sikerja_outbox.table import (
    PENDING_INDEX,
    EncodedEvent,
    create_outbox_pending_index,
    create_outbox_table_v1,
    define_outbox_table,
    drop_outbox_pending_index,
    stage_encoded,
    stage_event,
    stage_events,
    stage_events_at_commit,
)

__all__ = [
    "PENDING_INDEX",
    "EncodedEvent",
    "Enqueue",
    "OutboxRelay",
    "Publish",
    "create_outbox_pending_index",
    "create_outbox_table_v1",
    "define_outbox_table",
    "drop_outbox_pending_index",
    "stage_encoded",
    "stage_event",
    "stage_events",
    "stage_events_at_commit",
]
