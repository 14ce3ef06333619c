"""subscribe() on a real Kafka broker: records applied once, invalid ones dead-lettered, offsets committed."""

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker
from sikerja_database import Database
from sikerja_events import CloudEvent, encode_event, event_type
from sikerja_inbox import EventConsumer, define_inbox_table, subscribe
from sqlalchemy import Column, MetaData, String, Table, func, insert, select

pytestmark = pytest.mark.integration

metadata = MetaData()
inbox = define_inbox_table(metadata)
seen = Table("seen", metadata, Column("event_id", String(64), primary_key=True))
PINGED = event_type("test", "pinged")


async def remember(session, event):
    await session.execute(insert(seen).values(event_id=event.id))


async def _wait_for(predicate, timeout=30.0):
    async with asyncio.timeout(timeout):
        while not await predicate():
            await asyncio.sleep(0.1)


async def test_subscription_applies_once_dead_letters_garbage_and_commits(database_url, kafka_bootstrap):
    db = Database(database_url)
    async with db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    topic, group = f"test.inbox.{uuid.uuid4().hex}", f"group-{uuid.uuid4().hex}"

    def build_broker() -> KafkaBroker:
        broker = KafkaBroker(kafka_bootstrap)

        async def dead_letter(t, key, payload, headers):
            await broker.publish(payload, t, key=key, headers=headers)

        subscribe(broker, EventConsumer("c", db.sessions, inbox, {PINGED: remember}, dead_letter), topic, group_id=group)
        return broker

    event = encode_event(CloudEvent(source="/test", type=PINGED, data={}))
    broker = build_broker()
    await broker.start()
    try:
        await broker.publish(event, topic, key=b"a")
        await broker.publish(b"\x00garbage", topic, key=b"a")
        await broker.publish(event, topic, key=b"a")  # the same event again, as after a producer retry

        async def applied_once() -> bool:
            async with db.sessions() as session:
                return await session.scalar(select(func.count()).select_from(seen)) == 1

        await _wait_for(applied_once)
        reader = AIOKafkaConsumer(f"{topic}.dlq", bootstrap_servers=kafka_bootstrap, auto_offset_reset="earliest",
                                  group_id=f"reader-{uuid.uuid4().hex}")
        await reader.start()
        try:
            record = await asyncio.wait_for(reader.getone(), timeout=30)
        finally:
            await reader.stop()
        assert record.value == b"\x00garbage"
        assert b"invalid event" in dict(record.headers)["dlq-error"]
        # all three records are settled: the group's committed offset is past them
        await _wait_for(lambda: _committed(kafka_bootstrap, topic, group, expected=3))
    finally:
        await broker.stop()

    # A restarted consumer in the same group starts after the committed offset: nothing is applied again.
    broker = build_broker()
    await broker.start()
    try:
        await asyncio.sleep(2)
        async with db.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(seen)) == 1
            assert await session.scalar(select(func.count()).select_from(inbox)) == 1
    finally:
        await broker.stop()
        await db.dispose()


async def _committed(bootstrap: str, topic: str, group: str, *, expected: int) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return sum(meta.offset for tp, meta in offsets.items() if tp.topic == topic) == expected
