"""EventConsumer against a real database: once-only application, bounded retries, dead-lettering."""

import pytest
from sikerja_events import CloudEvent, encode_event, event_type
from sikerja_inbox import EventConsumer, Outcome, PermanentEventError, define_inbox_table
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

pytestmark = pytest.mark.integration

metadata = MetaData()
inbox = define_inbox_table(metadata)
applied = Table("applied", metadata, Column("id", Integer, primary_key=True), Column("event_id", String(64)))
THING_HAPPENED = event_type("test", "thing_happened")


class DeadLetters:
    def __init__(self):
        self.records = []

    async def __call__(self, topic, key, payload, headers):
        self.records.append((topic, key, payload, headers))


@pytest.fixture
async def database(database_with):
    return await database_with(metadata)


async def _count(db, table):
    async with db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(table))


def _payload(**data):
    return encode_event(CloudEvent(source="/test", type=THING_HAPPENED, data=data or {"n": 1}))


async def record(session, event):
    await session.execute(insert(applied).values(event_id=event.id))


async def test_an_event_delivered_twice_is_applied_once(database):
    consumer = EventConsumer("c", database.sessions, inbox, {THING_HAPPENED: record}, DeadLetters())
    payload = _payload()
    assert await consumer.consume(payload, topic="t") is Outcome.APPLIED
    assert await consumer.consume(payload, topic="t") is Outcome.DUPLICATE
    assert await _count(database, applied) == 1


async def test_two_consumers_each_apply_the_same_event(database):
    payload = _payload()
    for name in ("first", "second"):
        consumer = EventConsumer(name, database.sessions, inbox, {THING_HAPPENED: record}, DeadLetters())
        assert await consumer.consume(payload, topic="t") is Outcome.APPLIED
    assert await _count(database, applied) == 2


async def test_invalid_bytes_go_to_the_dead_letter_topic_with_the_error(database):
    dead = DeadLetters()
    consumer = EventConsumer("c", database.sessions, inbox, {THING_HAPPENED: record}, dead)
    outcome = await consumer.consume(b'{"not": "an event"}', topic="sikerja.org.instansi", key=b"k",
                                     headers={"correlation-id": "abc"})
    assert outcome is Outcome.DEAD_LETTERED
    [(topic, key, payload, headers)] = dead.records
    assert topic == "sikerja.org.instansi.dlq"
    assert key == b"k" and payload == b'{"not": "an event"}'
    assert headers["dlq-error"].startswith("invalid event:") and "source" in headers["dlq-error"]
    assert headers["dlq-original-topic"] == "sikerja.org.instansi"
    assert headers["correlation-id"] == "abc"
    assert await _count(database, inbox) == 0


async def test_unknown_event_types_are_ignored_not_dead_lettered(database):
    dead = DeadLetters()
    consumer = EventConsumer("c", database.sessions, inbox, {}, dead)
    assert await consumer.consume(_payload(), topic="t") is Outcome.IGNORED
    assert dead.records == []


async def test_transient_failures_are_retried_and_roll_back_partial_writes(database):
    attempts = 0

    async def flaky(session, event):
        nonlocal attempts
        attempts += 1
        await session.execute(insert(applied).values(event_id=f"partial-{attempts}"))
        if attempts < 3:
            raise ConnectionError("database hiccup")

    consumer = EventConsumer("c", database.sessions, inbox, {THING_HAPPENED: flaky}, DeadLetters(), retry_delay=0)
    assert await consumer.consume(_payload(), topic="t") is Outcome.APPLIED
    assert attempts == 3
    async with database.sessions() as session:
        assert (await session.scalars(select(applied.c.event_id))).all() == ["partial-3"]


async def test_a_handler_that_keeps_failing_is_dead_lettered_after_bounded_attempts(database):
    dead = DeadLetters()

    async def broken(session, event):
        raise ConnectionError("still down")

    consumer = EventConsumer("c", database.sessions, inbox, {THING_HAPPENED: broken}, dead, max_attempts=3,
                             retry_delay=0)
    assert await consumer.consume(_payload(), topic="t") is Outcome.DEAD_LETTERED
    assert dead.records[0][3]["dlq-attempts"] == "3"
    assert "still down" in dead.records[0][3]["dlq-error"]
    assert await _count(database, inbox) == 0  # not marked applied: a replay from the DLQ can still apply it


async def test_permanent_errors_are_not_retried(database):
    attempts = 0

    async def contradicts(session, event):
        nonlocal attempts
        attempts += 1
        raise PermanentEventError("unknown instansi")

    dead = DeadLetters()
    consumer = EventConsumer("c", database.sessions, inbox, {THING_HAPPENED: contradicts}, dead, retry_delay=0)
    assert await consumer.consume(_payload(), topic="t") is Outcome.DEAD_LETTERED
    assert attempts == 1


async def test_dead_letter_failure_propagates_so_the_record_is_not_acknowledged(database):
    async def unreachable(*args):
        raise ConnectionError("kafka down")

    consumer = EventConsumer("c", database.sessions, inbox, {}, unreachable)
    with pytest.raises(ConnectionError):
        await consumer.consume(b"garbage", topic="t")


async def test_handlers_run_under_the_correlation_id_of_the_causing_request(database):
    from sikerja_observability import current_correlation_id

    seen = []

    async def remember_correlation(session, event):
        seen.append(current_correlation_id())

    consumer = EventConsumer("c", database.sessions, inbox, {THING_HAPPENED: remember_correlation}, DeadLetters())
    event = CloudEvent(source="/test", type=THING_HAPPENED, correlationid="spbe-req-7", data={})
    await consumer.consume(encode_event(event), topic="t")
    assert seen == ["spbe-req-7"]
