"""Apply each event once, commit the offset only after the service's own transaction, dead-letter what keeps failing.

:class:`EventConsumer` holds the rules; :func:`subscribe` attaches it to a FastStream Kafka broker with manual
acknowledgement. Handlers are ``async def handler(session, event)`` and run inside the transaction that also
records the event id in the inbox table, so a redelivered event (after a crash before the offset commit) is
recognised and skipped.
"""

from sikerja_inbox.consumer import EventConsumer, Outcome, PermanentEventError, dead_letter_topic
from sikerja_inbox.kafka import subscribe
from sikerja_inbox.table import create_inbox_table_v1, define_inbox_table

__all__ = [
    "EventConsumer",
    "create_inbox_table_v1",
    "Outcome",
    "PermanentEventError",
    "dead_letter_topic",
    "define_inbox_table",
    "subscribe",
]
