"""Transactional outbox.

A service writes its state change and the events it causes in one database transaction
(:func:`stage_event`); the :class:`OutboxRelay` publishes staged events in order and marks them published.
A crash between publishing and marking republishes the same event id, so delivery is at-least-once on the wire
and exactly-once in effect for consumers that keep an inbox (``sikerja_inbox``).
"""

from sikerja_outbox.relay import OutboxRelay, Publish
from sikerja_outbox.table import create_outbox_table_v1, define_outbox_table, stage_event, stage_events

__all__ = ["OutboxRelay", "Publish", "create_outbox_table_v1", "define_outbox_table", "stage_event", "stage_events"]
