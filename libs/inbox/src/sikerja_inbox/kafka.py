"""Attach an :class:`EventConsumer` to a FastStream Kafka broker with manual offset commits."""

from __future__ import annotations

import logging

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage

from sikerja_inbox.consumer import EventConsumer

log = logging.getLogger("sikerja.inbox")


def subscribe(broker: KafkaBroker, consumer: EventConsumer, *topics: str, group_id: str, description: str = ""):
    """Subscribe ``consumer`` to ``topics`` in consumer group ``group_id``.

    The offset is committed only after the outcome is durable (applied with its inbox row, recognised as a
    duplicate, or dead-lettered). If even the dead-letter topic cannot be reached the record is not acknowledged
    but sought back, so it is delivered again rather than lost.
    """

    async def on_record(message: KafkaMessage) -> None:
        raw = message.raw_message
        headers = {k: v.decode(errors="replace") if isinstance(v, bytes) else str(v) for k, v in (raw.headers or ())}
        try:
            await consumer.consume(message.body, topic=raw.topic, key=raw.key, headers=headers)
        except Exception:
            log.exception("could not settle a record from %s offset %s; it will be redelivered", raw.topic, raw.offset)
            await message.nack()
            return
        await message.ack()

    on_record.__name__ = f"{consumer.name}_on_record"
    return broker.subscriber(
        *topics,
        group_id=group_id,
        ack_policy=AckPolicy.MANUAL,
        auto_offset_reset="earliest",
        title=f"{consumer.name}:{','.join(topics)}",
        description=description or f"Applies {', '.join(consumer.event_types)} once each.",
    )(on_record)
