from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from prometheus_client import Counter, Gauge
from sqlalchemy import Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger("sikerja.outbox")

# publish(topic, key, payload, headers) must return only once the broker has acknowledged the record.
Publish = Callable[[str, bytes, bytes, dict[str, str]], Awaitable[object]]

PUBLISHED = Counter("sikerja_outbox_published_total", "Events relayed from the outbox to Kafka", ["topic"])
FAILURES = Counter("sikerja_outbox_publish_failures_total", "Failed attempts to relay an outbox event")
PENDING = Gauge("sikerja_outbox_pending", "Events staged but not yet published")


class OutboxRelay:
    """Publishes staged events in staging order, then marks them published.

    One relay per service process. With PostgreSQL, ``FOR UPDATE SKIP LOCKED`` lets several replicas relay
    without publishing the same row concurrently. While Kafka is unreachable rows stay staged and the relay
    backs off; nothing is dropped.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        outbox: Table,
        publish: Publish,
        *,
        batch_size: int = 200,
        poll_interval: float = 0.5,
        max_backoff: float = 5.0,
    ) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._publish = publish
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._max_backoff = max_backoff
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Ask the relay to look at the outbox now (called after a commit that staged events)."""
        self._wakeup.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self.run_forever(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def run_forever(self) -> None:
        backoff = self._poll_interval
        while True:
            try:
                relayed = await self.relay_once()
                backoff = self._poll_interval
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the relay must survive broker and database outages
                FAILURES.inc()
                log.warning("outbox relay failed; retrying in %.1fs", backoff, exc_info=True)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
                continue
            if relayed < self._batch_size:
                try:
                    await asyncio.wait_for(self._wakeup.wait(), timeout=self._poll_interval)
                except TimeoutError:
                    pass
                self._wakeup.clear()

    async def relay_once(self) -> int:
        """Publish one batch of staged events; return how many were published."""
        outbox = self._outbox
        async with self._sessions() as session, session.begin():
            query = (
                select(outbox.c.position, outbox.c.topic, outbox.c.message_key, outbox.c.payload, outbox.c.headers)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.position)
                .limit(self._batch_size)
            )
            if session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = (await session.execute(query)).all()
            published: list[int] = []
            failure: Exception | None = None
            for row in rows:
                try:
                    await self._publish(row.topic, row.message_key.encode(), row.payload, dict(row.headers))
                except Exception as exc:  # noqa: BLE001 - re-raised once what did make it is marked
                    failure = exc
                    break
                published.append(row.position)
                PUBLISHED.labels(row.topic).inc()
            # Mark what made it even when a later row failed, so it is not published again.
            if published:
                await session.execute(
                    update(outbox)
                    .where(outbox.c.position.in_(published))
                    .values(published_at=datetime.now(UTC), attempts=outbox.c.attempts + 1)
                )
        if failure is not None:
            raise failure
        return len(published)

    async def pending(self) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                select(func.count()).select_from(self._outbox).where(self._outbox.c.published_at.is_(None))
            )
        PENDING.set(count or 0)
        return count or 0
