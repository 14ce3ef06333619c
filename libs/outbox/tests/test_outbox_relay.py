"""The outbox relay against a real database (SQLite or PostgreSQL) and a real Kafka broker."""

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sikerja_database import Database
from sikerja_events import CloudEvent, decode_event, event_type
from sikerja_outbox import OutboxRelay, define_outbox_table, stage_event
from sqlalchemy import MetaData, func, select

pytestmark = pytest.mark.integration

metadata = MetaData()
outbox = define_outbox_table(metadata)


def _event(n: int) -> CloudEvent:
    return CloudEvent(source="/test", type=event_type("test", "thing_happened"), subject=f"thing/{n}", data={"n": n})


@pytest.fixture
async def database(database_url):
    db = Database(database_url)
    async with db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield db
    await db.dispose()


@pytest.fixture
async def producer(kafka_bootstrap):
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, enable_idempotence=True)
    await producer.start()
    yield producer
    await producer.stop()


async def _read(kafka_bootstrap: str, topic: str, expected: int, timeout: float = 20.0) -> list:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=kafka_bootstrap, auto_offset_reset="earliest",
                                group_id=f"reader-{uuid.uuid4().hex}")
    await consumer.start()
    records = []
    try:
        async with asyncio.timeout(timeout):
            while len(records) < expected:
                batch = await consumer.getmany(timeout_ms=500)
                for partition_records in batch.values():
                    records.extend(partition_records)
        # A short extra look proves there is nothing beyond what was expected.
        extra = await consumer.getmany(timeout_ms=1000)
        records.extend(r for rs in extra.values() for r in rs)
    finally:
        await consumer.stop()
    return records


async def _pending(db: Database) -> int:
    async with db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None)))


async def test_committed_events_are_published_once_in_staging_order(database, producer, kafka_bootstrap):
    topic = f"test.outbox.{uuid.uuid4().hex}"
    async with database.sessions() as session, session.begin():
        for n in range(5):
            await stage_event(session, outbox, topic=topic, key="same-aggregate", event=_event(n))

    async def publish(topic, key, payload, headers):
        await producer.send_and_wait(topic, payload, key=key, headers=[(k, v.encode()) for k, v in headers.items()])

    relay = OutboxRelay(database.sessions, outbox, publish)
    assert await relay.relay_once() == 5
    assert await relay.relay_once() == 0
    assert await _pending(database) == 0

    records = await _read(kafka_bootstrap, topic, 5)
    assert [decode_event(r.value).data["n"] for r in records] == [0, 1, 2, 3, 4]
    assert {dict(r.headers)["content-type"] for r in records} == {b"application/cloudevents+json; charset=utf-8"}


async def test_rolled_back_transaction_stages_nothing(database):
    calls = []

    async def publish(*args):
        calls.append(args)

    async with database.sessions() as session:
        async with session.begin():
            await stage_event(session, outbox, topic="t", key="k", event=_event(1))
            await session.rollback()
    assert await OutboxRelay(database.sessions, outbox, publish).relay_once() == 0
    assert calls == []


async def test_failure_mid_batch_keeps_unpublished_rows_and_marks_the_rest(database):
    async with database.sessions() as session, session.begin():
        for n in range(4):
            await stage_event(session, outbox, topic="t", key="k", event=_event(n))
    published = []
    broker_down = True

    async def flaky_publish(topic, key, payload, headers):
        if broker_down and len(published) == 2:
            raise ConnectionError("broker unreachable")
        published.append(decode_event(payload).data["n"])

    relay = OutboxRelay(database.sessions, outbox, flaky_publish)
    with pytest.raises(ConnectionError):
        await relay.relay_once()
    assert published == [0, 1]
    assert await _pending(database) == 2

    broker_down = False
    assert await relay.relay_once() == 2
    assert published == [0, 1, 2, 3]  # nothing published twice, nothing lost, order kept
    assert await _pending(database) == 0


async def test_running_relay_survives_outage_and_delivers_after_it(database):
    async with database.sessions() as session, session.begin():
        await stage_event(session, outbox, topic="t", key="k", event=_event(7))
    attempts = 0

    async def publish(topic, key, payload, headers):
        nonlocal attempts
        attempts += 1
        if attempts < 3:
            raise ConnectionError("broker unreachable")

    relay = OutboxRelay(database.sessions, outbox, publish, poll_interval=0.05, max_backoff=0.1)
    relay.start()
    try:
        async with asyncio.timeout(10):
            while await _pending(database):
                await asyncio.sleep(0.05)
    finally:
        await relay.stop()
    assert attempts == 3


async def test_batched_staging_keeps_order_and_relays_everything(database):
    from sikerja_outbox import stage_events

    async with database.sessions() as session, session.begin():
        await stage_events(session, outbox, [("t", f"k{n}", _event(n)) for n in range(50)])
    published = []

    async def publish(topic, key, payload, headers):
        published.append((key, decode_event(payload).data["n"]))

    relay = OutboxRelay(database.sessions, outbox, publish, batch_size=20)
    assert [await relay.relay_once() for _ in range(4)] == [20, 20, 10, 0]
    assert published == [(f"k{n}".encode(), n) for n in range(50)]
