"""The outbox relay: staged rows → Kafka → marked published.

Two modes, chosen by what the caller hands in:

* **sequential** (only ``publish``): each record is published and its acknowledgement awaited before the next
  one is sent, so there is at most one record in flight (≈ 2,000 events/s on loopback).
* **pipelined** (``enqueue`` given as well): one round selects up to ``batch_size`` staged rows, hands every one
  of them to the producer in outbox order *without* waiting (``enqueue`` returns once the record sits in the
  producer's buffer), then awaits all acknowledgements, then marks what was acknowledged in one UPDATE and
  commits. The next round starts only after that, so rounds never overlap.

Ordering. ``enqueue`` is awaited record by record in outbox order, so the producer's per-partition queues hold
the records in outbox order, and records of one key go to one partition (same topic, same key → same partition
with the default partitioner). aiokafka (0.14) then keeps that order on the wire: its sender has at most one
produce request in flight per broker connection and mutes a partition while a batch of it is in flight
(``producer/sender.py``: ``drain_by_nodes(ignore_nodes=self._in_flight, muted_partitions=...)``), and a batch
that fails with a retriable error is put back at the *head* of its partition's queue
(``message_accumulator.reenqueue`` → ``appendleft``). With ``enable_idempotence=True`` (what ``ServiceRuntime``
configures: acks=all, sequence numbers per partition, batches never expire) those retries cannot duplicate or
reorder records. So within one producer, Kafka's in-flight limit is effectively 1 per connection — stricter than
the Java client's ``max.in.flight.requests.per.connection ≤ 5`` rule for idempotent producers.

Marking. A row is marked published only once its own acknowledgement arrived, and only if no earlier row of the
same message key (the aggregate) in this round failed or was not sent. So a failure never lets a later event of
that aggregate be marked ahead of an earlier one that must be retried. Rows of other aggregates that were
acknowledged are marked, so an error costs as few duplicates as possible. What is not marked stays staged and is
sent again next round, after the usual back-off.

Duplicates (at-least-once). A record is published twice when (a) it was acknowledged but an earlier record of
its aggregate failed in the same round (rare: acknowledgements fail only on non-retriable errors such as a
deleted topic or lost authorisation, since the idempotent producer retries everything else), (b) the process
dies or the relay is cancelled between the acknowledgements and the commit of the UPDATE, or (c) the UPDATE
itself fails. Consumers keep an inbox keyed by the event id (``sikerja_inbox``), so a duplicate has no effect.
``stop()`` lets a running round finish (up to ``stop_grace`` seconds) to keep (b) rare.

Yielding to large writes. The relay runs on the service's event loop, so its rounds take CPU (and on SQLite the
write lock) from requests. A large write such as an organisation import holds the relay (:meth:`OutboxRelay.held`)
for as long as its transaction runs: no new round starts meanwhile (a round under way finishes), and once the last
hold ends the relay goes on where it stopped. Holding only defers publication, it never drops or repeats an event:
the rows stay staged. A hold longer than ``max_hold`` seconds no longer defers rounds, so a stream of large writes
cannot starve the relay.

Lingering. A round costs about as much for one event as for dozens (a transaction, the claim, a produce request,
the UPDATE), and under a steady stream of commits each commit would wake its own round. So a round that a wake or
the poll starts first waits ``linger`` seconds, as Kafka's ``linger.ms`` does for a batch: the commits of those
milliseconds join it. A round that follows a full batch (a backlog) starts at once. ``linger=0`` turns this off.

Replicas. On PostgreSQL several replicas of a service (uvicorn workers, pods) each run a relay on the same outbox
table. A round runs under a transaction-level advisory lock keyed by the table, taken with ``pg_try_advisory_xact_lock``:
one replica relays at a time, in outbox order, and the others skip the round (they poll again). Splitting rows
between replicas (``SKIP LOCKED``) would let two replicas publish events of one aggregate at the same time, out of
order. On SQLite a database serves one process, and so one relay.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections import Counter as Tally
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from prometheus_client import Counter, Gauge
from sqlalchemy import Row, Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger("sikerja.outbox")

# publish(topic, key, payload, headers) must return only once the broker has acknowledged the record.
Publish = Callable[[str, bytes, bytes, dict[str, str]], Awaitable[object]]

# enqueue(topic, key, payload, headers) must return as soon as the record is queued in the producer (its place in
# its partition's send order is then fixed), giving back an awaitable that completes when the broker acknowledged
# the record and raises if it will not be. With FastStream: ``await broker.publish(..., no_confirm=True)``.
Enqueue = Callable[[str, bytes, bytes, dict[str, str]], Awaitable[Awaitable[object]]]

PUBLISHED = Counter("sikerja_outbox_published_total", "Events relayed from the outbox to Kafka", ["topic"])
FAILURES = Counter("sikerja_outbox_publish_failures_total", "Failed attempts to relay an outbox event")
PENDING = Gauge("sikerja_outbox_pending", "Events staged but not yet published")

# A row of the round that was not handed to the producer (after a failure of its aggregate, or in sequential
# mode after any failure).
_NOT_SENT = object()
# Keeps each UPDATE's IN (...) list well below the bind-parameter limits of SQLite and asyncpg.
_UPDATE_CHUNK = 5000


class OutboxRelay:
    """Publishes staged events in staging order, then marks them published.

    One relay per service process. Pass ``enqueue`` to pipeline a whole batch per round (see the module
    docstring for the ordering and delivery guarantees); without it records are published one at a time.
    With PostgreSQL, replicas take turns under an advisory lock of the outbox table, so events leave in outbox
    order whichever replica relays them. While Kafka is unreachable rows stay staged and the relay backs off;
    nothing is dropped.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        outbox: Table,
        publish: Publish,
        *,
        enqueue: Enqueue | None = None,
        batch_size: int = 500,
        poll_interval: float = 0.5,
        max_backoff: float = 5.0,
        stop_grace: float = 5.0,
        max_hold: float = 30.0,
        linger: float = 0.0,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if linger < 0:
            raise ValueError("linger must not be negative")
        self._sessions = sessions
        self._outbox = outbox
        self._publish = publish
        self._enqueue = enqueue
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._max_backoff = max_backoff
        self._stop_grace = stop_grace
        self._max_hold = max_hold
        self._linger = linger
        self._holds = 0
        self._held_since = 0.0
        self._wakeup = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._replica_lock = _advisory_lock_key(outbox.name)

    @property
    def pipelined(self) -> bool:
        """True when a round hands its whole batch to the producer before awaiting acknowledgements."""
        return self._enqueue is not None

    def wake(self) -> None:
        """Ask the relay to look at the outbox now (called after a commit that staged events)."""
        self._wakeup.set()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Start no new round while the ``with`` block runs (see "Yielding to large writes" above).

        Holds nest and may overlap; when the last one ends the relay is woken.
        """
        if self._holds == 0:
            self._held_since = time.monotonic()
        self._holds += 1
        try:
            yield
        finally:
            self._holds -= 1
            if self._holds == 0:
                self._wakeup.set()

    @property
    def is_held(self) -> bool:
        """True while a hold defers new rounds (false once the oldest hold outlasted ``max_hold``)."""
        return self._holds > 0 and time.monotonic() - self._held_since < self._max_hold

    async def _wait_until_released(self) -> None:
        while self.is_held and not self._stopping:
            remaining = self._max_hold - (time.monotonic() - self._held_since)
            self._wakeup.clear()
            try:
                await asyncio.wait_for(self._wakeup.wait(), timeout=max(0.0, min(remaining, 1.0)))
            except TimeoutError:
                pass

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self.run_forever(), name="outbox-relay")

    async def stop(self) -> None:
        """Stop the relay; a round under way may finish (and mark what was acknowledged) within ``stop_grace``."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wakeup.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=self._stop_grace)
        except TimeoutError:
            task.cancel()
        except Exception:  # noqa: BLE001 - run_forever does not raise; stopping must not fail either
            log.warning("outbox relay ended with an error", exc_info=True)
        if not task.done():
            try:
                await task
            except asyncio.CancelledError:
                pass

    async def run_forever(self) -> None:
        backoff = self._poll_interval
        while not self._stopping:
            await self._wait_until_released()
            if self._stopping:
                break
            # Cleared before the round looks at the table: a wake() from now on is for rows this round may miss.
            self._wakeup.clear()
            try:
                relayed = await self.relay_once()
                backoff = self._poll_interval
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the relay must survive broker and database outages
                FAILURES.inc()
                log.warning("outbox relay failed; retrying in %.1fs", backoff, exc_info=True)
                await self._pause(backoff, wake_early=False)
                backoff = min(backoff * 2, self._max_backoff)
                continue
            if relayed < self._batch_size:
                await self._pause(self._poll_interval, wake_early=True)
                if self._linger and not self._stopping:
                    await asyncio.sleep(self._linger)  # commits of the next few milliseconds join the round

    async def _pause(self, seconds: float, *, wake_early: bool) -> None:
        """Sleep ``seconds``; return early on stop(), and on wake() if ``wake_early``."""
        if self._stopping:
            return
        if wake_early:
            try:
                await asyncio.wait_for(self._wakeup.wait(), timeout=seconds)
            except TimeoutError:
                pass
            return
        deadline = asyncio.get_running_loop().time() + seconds
        while not self._stopping:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return
            self._wakeup.clear()
            try:
                await asyncio.wait_for(self._wakeup.wait(), timeout=remaining)
            except TimeoutError:
                return
        # A wake() during a back-off is not lost: the next round looks at the table anyway.

    async def relay_once(self) -> int:
        """Relay one batch of staged events; return how many were acknowledged and marked published.

        If some record could not be published, what may be marked is marked and committed first, then the first
        error (in outbox order) is raised.
        """
        async with self._sessions() as session:
            replicas_take_turns = session.bind.dialect.name == "postgresql"
        if replicas_take_turns:
            # PostgreSQL: the round holds the outbox's advisory lock until the rows are marked, so replicas relay
            # one at a time and in outbox order; the lock does not stop the services from staging new events.
            async with self._sessions() as session, session.begin():
                if not await session.scalar(select(func.pg_try_advisory_xact_lock(self._replica_lock))):
                    return 0  # another replica is relaying this outbox right now
                rows = await self._claim(session)
                if not rows:
                    return 0
                published, failed, first_error = _settle(rows, await self._send(rows))
                await self._mark(session, published, failed)
        else:
            # SQLite: any transaction holds the database's single write lock, so none is kept open while
            # waiting for Kafka (which may be down for minutes): claim, send outside a transaction, then mark.
            async with self._sessions() as session, session.begin():
                rows = await self._claim(session)
            if not rows:
                return 0
            published, failed, first_error = _settle(rows, await self._send(rows))
            async with self._sessions() as session, session.begin():
                await self._mark(session, published, failed)
        marked = set(published)
        for topic, count in Tally(row.topic for row in rows if row.position in marked).items():
            PUBLISHED.labels(topic).inc(count)
        if first_error is not None:
            if published:
                log.warning("outbox round: %d of %d records published, the rest will be retried",
                            len(published), len(rows))
            raise first_error
        return len(published)

    async def _claim(self, session: AsyncSession) -> Sequence[Row[Any]]:
        outbox = self._outbox
        query = (
            select(outbox.c.position, outbox.c.topic, outbox.c.message_key, outbox.c.payload, outbox.c.headers)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.position)
            .limit(self._batch_size)
        )
        return (await session.execute(query)).all()

    async def _send(self, rows: Sequence[Row[Any]]) -> list[object]:
        if self._enqueue is not None:
            return await self._send_pipelined(rows, self._enqueue)
        return await self._send_sequential(rows)

    async def _mark(self, session: AsyncSession, published: list[int], failed: dict[str, list[int]]) -> None:
        outbox = self._outbox
        now = datetime.now(UTC)
        for chunk in _chunks(published):
            await session.execute(
                update(outbox).where(outbox.c.position.in_(chunk)).values(published_at=now,
                                                                          attempts=outbox.c.attempts + 1))
        for error, positions in failed.items():
            for chunk in _chunks(positions):
                await session.execute(
                    update(outbox).where(outbox.c.position.in_(chunk))
                    .values(attempts=outbox.c.attempts + 1, last_error=error[:2000]))

    async def _send_sequential(self, rows: Sequence[Row[Any]]) -> list[object]:
        outcomes: list[object] = []
        for row in rows:
            try:
                await self._publish(row.topic, row.message_key.encode(), row.payload, dict(row.headers))
            except Exception as exc:  # noqa: BLE001 - reported through the outcome, raised after marking
                outcomes.append(exc)
                break
            outcomes.append(None)
        outcomes.extend(_NOT_SENT for _ in range(len(rows) - len(outcomes)))
        return outcomes

    async def _send_pipelined(self, rows: Sequence[Row[Any]], enqueue: Enqueue) -> list[object]:
        """Queue every row in outbox order, then collect the acknowledgements; one outcome per row.

        Outcome ``None`` = acknowledged, an exception = failed, ``_NOT_SENT`` = skipped because an earlier row of
        the same aggregate could not even be queued (sending it would put it ahead of that row).
        """
        pending: list[Awaitable[object] | object] = []
        refused: set[str] = set()
        for row in rows:
            if row.message_key in refused:
                pending.append(_NOT_SENT)
                continue
            try:
                ack = await enqueue(row.topic, row.message_key.encode(), row.payload, dict(row.headers))
                if ack is None:
                    raise TypeError("enqueue returned None instead of an awaitable acknowledgement")
            except Exception as exc:  # noqa: BLE001 - e.g. record too large, producer closed, buffer full too long
                refused.add(row.message_key)
                pending.append(exc)
                continue
            pending.append(ack)
        outcomes: list[object] = []
        for item in pending:
            if item is _NOT_SENT or isinstance(item, Exception):
                outcomes.append(item)
                continue
            try:
                await item  # type: ignore[misc]  # in flight since it was queued; awaiting in order costs nothing extra
            except Exception as exc:  # noqa: BLE001 - the broker refused it: not marked, retried next round
                outcomes.append(exc)
            else:
                outcomes.append(None)
        return outcomes

    async def pending(self) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                select(func.count()).select_from(self._outbox).where(self._outbox.c.published_at.is_(None))
            )
        PENDING.set(count or 0)
        return count or 0


def _settle(
    rows: Sequence[Row[Any]], outcomes: Sequence[object]
) -> tuple[list[int], dict[str, list[int]], Exception | None]:
    """Which rows to mark published, which failed (grouped by error text), and the first error in outbox order.

    A row is marked only if it was acknowledged and no earlier row of its message key failed or was not sent.
    """
    published: list[int] = []
    failed: dict[str, list[int]] = {}
    blocked: set[str] = set()
    first_error: Exception | None = None
    for row, outcome in zip(rows, outcomes, strict=True):
        if outcome is None and row.message_key not in blocked:
            published.append(row.position)
            continue
        blocked.add(row.message_key)
        if isinstance(outcome, Exception):
            failed.setdefault(f"{type(outcome).__name__}: {outcome}", []).append(row.position)
            if first_error is None:
                first_error = outcome
    return published, failed, first_error


def _chunks(positions: list[int]) -> list[list[int]]:
    return [positions[i : i + _UPDATE_CHUNK] for i in range(0, len(positions), _UPDATE_CHUNK)]


def _advisory_lock_key(table_name: str) -> int:
    """The PostgreSQL advisory lock (a signed 64-bit key) that replicas relaying ``table_name`` take turns on."""
    digest = hashlib.blake2b(f"sikerja-outbox-relay:{table_name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
