"""The outbox relay against a real database (SQLite or PostgreSQL) and a real Kafka broker."""

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from sikerja_database import Database
from sikerja_events import CloudEvent, decode_event, encode_event, event_type
from sikerja_outbox import OutboxRelay, define_outbox_table, stage_event
from sqlalchemy import MetaData, func, select

pytestmark = pytest.mark.integration

metadata = MetaData()
outbox = define_outbox_table(metadata)


def _event(n: int) -> CloudEvent:
    return CloudEvent(source="/test", type=event_type("test", "thing_happened"), subject=f"thing/{n}", data={"n": n})


@pytest.fixture
async def database(database_with):
    return await database_with(metadata)


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


# --- pipelined mode -------------------------------------------------------------------------------------------


async def _new_topic(kafka_bootstrap: str, partitions: int) -> str:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    topic = f"test.outbox.{uuid.uuid4().hex}"
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)])
    finally:
        await admin.close()
    return topic


async def _rows(db: Database) -> dict[int, tuple]:
    """data.n → (published?, attempts, last_error) of every outbox row."""
    async with db.sessions() as session:
        rows = (await session.execute(select(outbox.c.payload, outbox.c.published_at, outbox.c.attempts,
                                             outbox.c.last_error))).all()
    return {decode_event(r.payload).data["n"]: (r.published_at is not None, r.attempts, r.last_error) for r in rows}


async def test_pipelined_large_batch_arrives_complete_and_in_order_per_key(database, kafka_bootstrap):
    """5,000 events over 12 aggregates and 4 partitions, relayed through FastStream's producer as ServiceRuntime
    does (idempotent, ``publish(no_confirm=True)``): all arrive, exactly once, each aggregate's in staging order."""
    from faststream.kafka import KafkaBroker
    from sikerja_outbox import stage_events

    total, keys = 5000, 12
    topic = await _new_topic(kafka_bootstrap, partitions=4)
    async with database.sessions() as session, session.begin():
        await stage_events(session, outbox, [(topic, f"agg-{n % keys}", _event(n)) for n in range(total)])

    broker = KafkaBroker(kafka_bootstrap, enable_idempotence=True)
    await broker.start()
    in_flight = peak = 0

    def acked(_future) -> None:
        nonlocal in_flight
        in_flight -= 1

    async def publish(topic, key, payload, headers):
        await broker.publish(payload, topic, key=key, headers=headers)

    async def enqueue(topic, key, payload, headers):
        nonlocal in_flight, peak
        ack = await broker.publish(payload, topic, key=key, headers=headers, no_confirm=True)
        in_flight += 1
        peak = max(peak, in_flight)
        ack.add_done_callback(acked)
        return ack

    try:
        relay = OutboxRelay(database.sessions, outbox, publish, enqueue=enqueue, batch_size=1000)
        assert relay.pipelined
        rounds = []
        while relayed := await relay.relay_once():
            rounds.append(relayed)
    finally:
        await broker.stop()
    assert rounds == [1000] * 5
    assert peak > 20  # records really were in flight together (the sequential mode never exceeds 1)
    assert await _pending(database) == 0

    records = await _read(kafka_bootstrap, topic, total, timeout=60)
    assert len(records) == total  # no duplicates
    by_key: dict[bytes, list[int]] = {}
    partitions: dict[bytes, set[int]] = {}
    for record in records:
        by_key.setdefault(record.key, []).append(decode_event(record.value).data["n"])
        partitions.setdefault(record.key, set()).add(record.partition)
    assert set(by_key) == {f"agg-{k}".encode() for k in range(keys)}
    for k in range(keys):
        assert by_key[f"agg-{k}".encode()] == list(range(k, total, keys))  # complete and in staging order
    assert all(len(p) == 1 for p in partitions.values())
    assert len(set().union(*partitions.values())) > 1  # the order held across several partitions at once


async def test_pipelined_partial_failure_marks_only_acknowledged_records_and_retries_the_rest(
    database, producer, kafka_bootstrap
):
    """One record's acknowledgement fails, another record cannot even be queued: only records that were
    acknowledged and follow no failure of their own aggregate are marked; everything else is sent again, in order."""
    topic = await _new_topic(kafka_bootstrap, partitions=3)
    keys = "abc"
    async with database.sessions() as session, session.begin():
        for n in range(30):
            await stage_event(session, outbox, topic=topic, key=keys[n % 3], event=_event(n))

    ack_fails, refused = 7, 11  # n=7 belongs to aggregate b, n=11 to aggregate c
    broken = True
    sent_per_round: list[list[int]] = [[], []]
    acknowledged: set[int] = set()

    async def publish(*args):
        raise AssertionError("the pipelined relay must not use the sequential path")

    async def enqueue(topic, key, payload, headers):
        n = decode_event(payload).data["n"]
        round_sent = sent_per_round[0 if broken else 1]
        if broken and n == refused:
            raise ConnectionError("producer buffer full")
        round_sent.append(n)
        if broken and n == ack_fails:
            failed = asyncio.get_running_loop().create_future()
            failed.set_exception(RuntimeError("broker refused the batch"))
            return failed
        ack = await producer.send(topic, payload, key=key, headers=[(k, v.encode()) for k, v in headers.items()])
        ack.add_done_callback(lambda f: f.exception() is None and acknowledged.add(n))
        return ack

    relay = OutboxRelay(database.sessions, outbox, publish, enqueue=enqueue)
    with pytest.raises(RuntimeError, match="refused"):
        await relay.relay_once()  # the first failure in outbox order is raised after marking

    a, b, c = ([n for n in range(30) if n % 3 == k] for k in range(3))
    expected_marked = set(a) | {n for n in b if n < ack_fails} | {n for n in c if n < refused}
    state = await _rows(database)
    marked = {n for n, (published, _, _) in state.items() if published}
    assert marked == expected_marked
    assert marked <= acknowledged  # nothing marked that was not acknowledged
    assert state[ack_fails][1:] == (1, "RuntimeError: broker refused the batch")
    assert state[refused][1:] == (1, "ConnectionError: producer buffer full")
    # Later records of the refused aggregate were not even sent (they would have overtaken n=11);
    # later records of aggregate b were sent and acknowledged, but stay staged behind n=7.
    assert not {n for n in c if n > refused} & set(sent_per_round[0])
    assert {n for n in b if n > ack_fails} <= acknowledged - marked

    broken = False
    assert await relay.relay_once() == 30 - len(expected_marked)
    assert sent_per_round[1] == sorted(set(range(30)) - expected_marked)  # the rest, retried in outbox order
    assert await _pending(database) == 0

    records = await _read(kafka_bootstrap, topic, len(sent_per_round[0]) - 1 + len(sent_per_round[1]))
    delivered = [decode_event(r.value).data["n"] for r in records]
    assert set(delivered) == set(range(30))  # nothing lost
    duplicates = sorted(n for n in set(delivered) if delivered.count(n) > 1)
    assert duplicates == [n for n in b if n > ack_fails]  # the documented at-least-once cost, deduped by inboxes
    for k, key in enumerate(keys):  # per aggregate (one partition): round 1 as sent, then the retry in staging order
        on_partition = [decode_event(r.value).data["n"] for r in records if r.key == key.encode()]
        first = [n for n in sent_per_round[0] if n % 3 == k and n != ack_fails]
        retry = [n for n in sent_per_round[1] if n % 3 == k]
        assert on_partition == first + retry


async def test_pipelined_relay_publishes_a_single_staged_event_promptly_after_wake(database, producer,
                                                                                kafka_bootstrap):
    topic = await _new_topic(kafka_bootstrap, partitions=1)

    async def publish(*args):
        raise AssertionError("unused")

    async def enqueue(topic, key, payload, headers):
        return await producer.send(topic, payload, key=key)

    # A poll interval far longer than the test: only wake() can explain a prompt publication.
    relay = OutboxRelay(database.sessions, outbox, publish, enqueue=enqueue, poll_interval=60)
    relay.start()
    try:
        await asyncio.sleep(0.2)  # the relay found nothing and now sleeps
        latencies = []
        for n in range(5):
            started = asyncio.get_running_loop().time()
            async with database.sessions() as session, session.begin():
                await stage_event(session, outbox, topic=topic, key="k", event=_event(n))
            relay.wake()
            while await _pending(database):
                await asyncio.sleep(0.005)
            latencies.append(asyncio.get_running_loop().time() - started)
    finally:
        await relay.stop()
    assert max(latencies) < 1.0, latencies
    records = await _read(kafka_bootstrap, topic, 5)
    assert [decode_event(r.value).data["n"] for r in records] == [0, 1, 2, 3, 4]


class RoundsRecorder:
    """A publish function that records which events each relay round published."""

    def __init__(self) -> None:
        self.rounds: list[list[int]] = []

    async def publish(self, topic, key, payload, headers):
        self.rounds[-1].append(decode_event(payload).data["n"])

    def watch(self, relay: OutboxRelay) -> None:
        relay_once = relay.relay_once

        async def recorded_round():
            self.rounds.append([])
            return await relay_once()
        relay.relay_once = recorded_round

    @property
    def published(self) -> list[list[int]]:
        return [r for r in self.rounds if r]


async def test_commits_during_the_linger_after_a_wake_join_one_round(database):
    recorder = RoundsRecorder()
    relay = OutboxRelay(database.sessions, outbox, recorder.publish, poll_interval=60, linger=0.5)
    recorder.watch(relay)
    relay.start()
    try:
        await asyncio.sleep(0.2)  # the first round found nothing; the relay now waits for a wake
        for n in range(3):
            async with database.sessions() as session, session.begin():
                await stage_event(session, outbox, topic="t", key=f"k{n}", event=_event(n))
            relay.wake()
            await asyncio.sleep(0.05)  # time enough for a round, were it not lingering
        async with asyncio.timeout(10):
            while await _pending(database):
                await asyncio.sleep(0.02)
    finally:
        await relay.stop()
    assert recorder.published == [[0, 1, 2]]


async def test_a_backlog_is_relayed_in_full_batches_back_to_back_without_lingering(database):
    async with database.sessions() as session, session.begin():
        for n in range(5):
            await stage_event(session, outbox, topic="t", key=f"k{n}", event=_event(n))
    recorder = RoundsRecorder()
    relay = OutboxRelay(database.sessions, outbox, recorder.publish, batch_size=2, poll_interval=60, linger=30)
    recorder.watch(relay)
    relay.start()
    try:
        async with asyncio.timeout(10):  # a linger between the full batches would outlast this
            while await _pending(database):
                await asyncio.sleep(0.02)
    finally:
        await relay.stop()
    assert recorder.published == [[0, 1], [2, 3], [4]]


def test_linger_must_not_be_negative(database):
    with pytest.raises(ValueError, match="linger"):
        OutboxRelay(database.sessions, outbox, lambda *args: None, linger=-0.1)


async def test_stop_lets_the_round_under_way_finish_and_mark_what_was_acknowledged(database):
    async with database.sessions() as session, session.begin():
        for n in range(3):
            await stage_event(session, outbox, topic="t", key="k", event=_event(n))
    queued = asyncio.Event()

    async def publish(*args):
        raise AssertionError("unused")

    async def enqueue(topic, key, payload, headers):
        queued.set()
        return asyncio.create_task(asyncio.sleep(0.3))  # an acknowledgement that takes a while

    relay = OutboxRelay(database.sessions, outbox, publish, enqueue=enqueue, stop_grace=5)
    relay.start()
    await asyncio.wait_for(queued.wait(), 5)
    await relay.stop()  # while the acknowledgements are outstanding
    assert await _pending(database) == 0  # marked, so not published a second time after a restart


async def test_stop_gives_up_on_a_round_that_outlasts_the_grace_period(database):
    async with database.sessions() as session, session.begin():
        await stage_event(session, outbox, topic="t", key="k", event=_event(1))
    queued = asyncio.Event()

    async def enqueue(topic, key, payload, headers):
        queued.set()
        return asyncio.get_running_loop().create_future()  # never acknowledged (e.g. Kafka down)

    relay = OutboxRelay(database.sessions, outbox, enqueue, enqueue=enqueue, stop_grace=0.2)
    relay.start()
    await asyncio.wait_for(queued.wait(), 5)
    async with asyncio.timeout(3):
        await relay.stop()
    assert await _pending(database) == 1  # not acknowledged, so still staged


async def test_enqueue_must_return_an_acknowledgement(database):
    async with database.sessions() as session, session.begin():
        await stage_event(session, outbox, topic="t", key="k", event=_event(1))

    async def enqueue(topic, key, payload, headers):
        return None  # e.g. forgot to return the producer's future: must not count as acknowledged

    relay = OutboxRelay(database.sessions, outbox, enqueue, enqueue=enqueue)
    with pytest.raises(TypeError):
        await relay.relay_once()
    assert await _pending(database) == 1


# --- pre-encoded staging and holds ----------------------------------------------------------------------------


async def test_pre_encoded_staging_writes_the_rows_stage_events_writes_and_relays_them_in_order(database):
    from sikerja_events import encode_envelope
    from sikerja_outbox import EncodedEvent, stage_encoded, stage_events

    events = [_event(n).model_copy(update={"correlationid": "corr-1" if n % 2 else None}) for n in range(30)]
    async with database.sessions() as session, session.begin():
        await stage_events(session, outbox, [("t", f"k{n % 3}", e) for n, e in enumerate(events)])
    async with database.sessions() as session, session.begin():
        await stage_encoded(session, outbox, [
            EncodedEvent("t", f"k{n % 3}", f"copy-{e.id}", e.type,
                         encode_envelope(id=f"copy-{e.id}", source=e.source, type=e.type, time=e.time, data=e.data,
                                         subject=e.subject, correlationid=e.correlationid), e.correlationid)
            for n, e in enumerate(events)])
    async with database.sessions() as session:
        rows = (await session.execute(select(outbox).order_by(outbox.c.position))).mappings().all()
    assert len(rows) == 60
    for batched, encoded in zip(rows[:30], rows[30:], strict=True):
        assert encoded["event_id"] == f"copy-{batched['event_id']}"
        assert encoded["payload"] == batched["payload"].replace(batched["event_id"].encode(),
                                                                encoded["event_id"].encode())
        assert encoded["headers"] == {**batched["headers"], "ce_id": encoded["event_id"]}
        assert (encoded["topic"], encoded["message_key"], encoded["attempts"], encoded["published_at"]) == (
            batched["topic"], batched["message_key"], 0, None)
        assert encoded["created_at"] is not None
    published = []

    async def publish(topic, key, payload, headers):
        published.append((key, decode_event(payload).id, headers["ce_id"]))

    relay = OutboxRelay(database.sessions, outbox, publish, batch_size=100)
    assert await relay.relay_once() == 60
    assert [event_id for _, event_id, _ in published] == [r["event_id"] for r in rows]
    assert all(event_id == header_id for _, event_id, header_id in published)


async def test_pre_encoded_staging_is_rolled_back_with_its_transaction(database):
    from sikerja_outbox import EncodedEvent, stage_encoded

    event = _event(1)
    async with database.sessions() as session:
        async with session.begin():
            await stage_encoded(session, outbox, [EncodedEvent("t", "k", event.id, event.type, encode_event(event))])
            await session.rollback()
    assert await _pending(database) == 0


async def test_a_held_relay_starts_no_round_until_the_hold_ends_then_publishes_everything_once(database):
    async with database.sessions() as session, session.begin():
        await stage_event(session, outbox, topic="t", key="k", event=_event(0))
    published = []

    async def publish(topic, key, payload, headers):
        published.append(decode_event(payload).data["n"])

    relay = OutboxRelay(database.sessions, outbox, publish, poll_interval=0.05)
    with relay.held():
        relay.start()
        try:
            async with database.sessions() as session, session.begin():
                for n in range(1, 4):
                    await stage_event(session, outbox, topic="t", key="k", event=_event(n))
            relay.wake()
            await asyncio.sleep(0.5)
            assert published == []  # held: nothing relayed while the large write runs
            assert relay.is_held
        except BaseException:
            await relay.stop()
            raise
    try:
        async with asyncio.timeout(10):
            while await _pending(database):
                await asyncio.sleep(0.05)
    finally:
        await relay.stop()
    assert published == [0, 1, 2, 3]


async def test_a_hold_longer_than_max_hold_no_longer_defers_the_relay(database):
    async with database.sessions() as session, session.begin():
        await stage_event(session, outbox, topic="t", key="k", event=_event(0))
    published = []

    async def publish(topic, key, payload, headers):
        published.append(decode_event(payload).data["n"])

    relay = OutboxRelay(database.sessions, outbox, publish, poll_interval=0.05, max_hold=0.3)
    with relay.held():
        relay.start()
        try:
            async with asyncio.timeout(5):
                while not published:
                    await asyncio.sleep(0.05)
            assert not relay.is_held
        finally:
            await relay.stop()
    assert published == [0]


async def test_stop_ends_a_held_relay_promptly(database):
    async def publish(*args):
        raise AssertionError("unused")

    relay = OutboxRelay(database.sessions, outbox, publish, max_hold=60)
    with relay.held():
        relay.start()
        await asyncio.sleep(0.1)
        async with asyncio.timeout(2):
            await relay.stop()


async def test_the_relays_claim_reads_the_pending_index_instead_of_skipping_published_rows(database):
    from sikerja_outbox import PENDING_INDEX
    from sqlalchemy import Table, text

    indexed_metadata = MetaData()
    indexed = define_outbox_table(indexed_metadata)
    async with database.engine.begin() as connection:
        await connection.run_sync(lambda sync: indexed.drop(sync, checkfirst=True))
        await connection.run_sync(indexed_metadata.create_all)
    relay = OutboxRelay(database.sessions, indexed, lambda *args: None)
    async with database.sessions() as session:
        dialect = session.bind.dialect
        claim = (select(indexed.c.position).where(indexed.c.published_at.is_(None)).order_by(indexed.c.position)
                 .limit(500))
        sql = str(claim.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        if dialect.name == "postgresql":
            await session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(r[0] for r in (await session.execute(text("EXPLAIN " + sql))).all())
        else:
            plan = "\n".join(str(r[-1]) for r in (await session.execute(text("EXPLAIN QUERY PLAN " + sql))).all())
    if dialect.name == "postgresql":
        assert PENDING_INDEX in plan, plan
    else:  # SQLite keeps equal keys of an index in rowid order, so either index yields the rows in order, unsorted
        assert "USING" in plan and "INDEX" in plan and "TEMP B-TREE" not in plan and "SCAN" not in plan, plan
    assert isinstance(relay, OutboxRelay) and isinstance(indexed, Table)
    async with database.engine.begin() as connection:
        await connection.run_sync(lambda sync: indexed.drop(sync))


async def test_replicas_on_postgresql_relay_one_at_a_time_in_outbox_order_and_once(postgresql_url):
    # Two replicas of a service: each its own engine and relay on the same outbox table. Each round publishes
    # slowly, so that replicas splitting the rows between them would interleave one aggregate's events.
    replicas = [Database(postgresql_url), Database(postgresql_url)]
    async with replicas[0].engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    async with replicas[0].sessions() as session, session.begin():
        for n in range(300):
            await stage_event(session, outbox, topic="t", key="one-aggregate", event=_event(n))
    published = []

    async def publish(topic, key, payload, headers):
        await asyncio.sleep(0.001)
        published.append(decode_event(payload).data["n"])

    relays = [OutboxRelay(db.sessions, outbox, publish, batch_size=20, poll_interval=0.01) for db in replicas]
    try:
        for relay in relays:
            relay.start()
        async with asyncio.timeout(30):
            while await _pending(replicas[0]):
                await asyncio.sleep(0.05)
    finally:
        for relay in relays:
            await relay.stop()
        for db in replicas:
            await db.dispose()
    assert published == list(range(300))
