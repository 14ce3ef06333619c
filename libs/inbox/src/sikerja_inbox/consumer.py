from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime

from prometheus_client import Counter
from pydantic import ValidationError
from sikerja_events import CloudEvent, InvalidEvent, decode_event
from sikerja_observability import correlation_scope
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger("sikerja.inbox")

Handler = Callable[[AsyncSession, CloudEvent], Awaitable[None]]
# dead_letter(topic, key, payload, headers) must return only once the broker has acknowledged the record.
DeadLetter = Callable[[str, bytes | None, bytes, dict[str, str]], Awaitable[object]]

OUTCOMES = Counter("sikerja_inbox_events_total", "Consumed events by outcome", ["consumer", "outcome"])


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    DEAD_LETTERED = "dead_lettered"


class PermanentEventError(Exception):
    """Raised by a handler when retrying cannot help (the event contradicts the read model, for example)."""


def dead_letter_topic(topic: str) -> str:
    return f"{topic}.dlq"


class EventConsumer:
    """Applies events once each through the inbox table, retrying transient failures a bounded number of times."""

    def __init__(
        self,
        name: str,
        sessions: async_sessionmaker[AsyncSession],
        inbox: Table,
        handlers: Mapping[str, Handler],
        dead_letter: DeadLetter,
        *,
        max_attempts: int = 5,
        retry_delay: float = 0.1,
    ) -> None:
        self.name = name
        self._sessions = sessions
        self._inbox = inbox
        self._handlers = dict(handlers)
        self._dead_letter = dead_letter
        self._max_attempts = max_attempts
        self._retry_delay = retry_delay

    @property
    def event_types(self) -> list[str]:
        return sorted(self._handlers)

    async def consume(
        self, payload: bytes, *, topic: str, key: bytes | None = None, headers: Mapping[str, str] | None = None
    ) -> Outcome:
        """Process one record. Returns once the outcome is durable; raises only when even dead-lettering failed."""
        try:
            event = decode_event(payload)
        except InvalidEvent as exc:
            return await self._send_to_dead_letter(topic, key, payload, headers, f"invalid event: {exc}", attempts=0)

        handler = self._handlers.get(event.type)
        if handler is None:
            OUTCOMES.labels(self.name, Outcome.IGNORED).inc()
            return Outcome.IGNORED
        # Logs written while applying the event carry the correlation id of the request that caused it.
        with correlation_scope(event.correlationid):
            return await self._apply_with_retries(handler, event, topic, key, payload, headers)

    async def _apply_with_retries(
        self,
        handler: Handler,
        event: CloudEvent,
        topic: str,
        key: bytes | None,
        payload: bytes,
        headers: Mapping[str, str] | None,
    ) -> Outcome:
        last_error = ""
        for attempt in range(1, self._max_attempts + 1):
            try:
                outcome = await self._apply_once(handler, event, topic)
            except (PermanentEventError, ValidationError, KeyError, TypeError) as exc:
                return await self._send_to_dead_letter(
                    topic, key, payload, headers, f"{type(exc).__name__}: {exc}", attempts=attempt
                )
            except Exception as exc:  # noqa: BLE001 - transient until proven otherwise
                last_error = f"{type(exc).__name__}: {exc}"
                log.warning("event %s failed (attempt %d/%d): %s", event.id, attempt, self._max_attempts, last_error)
                await asyncio.sleep(self._retry_delay * attempt)
                continue
            OUTCOMES.labels(self.name, outcome).inc()
            return outcome
        return await self._send_to_dead_letter(topic, key, payload, headers, last_error, attempts=self._max_attempts)

    async def _apply_once(self, handler: Handler, event: CloudEvent, topic: str) -> Outcome:
        inbox = self._inbox
        try:
            async with self._sessions() as session, session.begin():
                seen = await session.scalar(
                    select(inbox.c.event_id).where(inbox.c.event_id == event.id, inbox.c.consumer == self.name)
                )
                if seen is not None:
                    return Outcome.DUPLICATE
                await session.execute(
                    insert(inbox).values(
                        event_id=event.id,
                        consumer=self.name,
                        event_type=event.type,
                        topic=topic,
                        applied_at=datetime.now(UTC),
                    )
                )
                await handler(session, event)
        except IntegrityError:
            # A concurrent delivery of the same event committed first; a fresh look decides.
            async with self._sessions() as session:
                seen = await session.scalar(
                    select(inbox.c.event_id).where(inbox.c.event_id == event.id, inbox.c.consumer == self.name)
                )
            if seen is not None:
                return Outcome.DUPLICATE
            raise
        return Outcome.APPLIED

    async def _send_to_dead_letter(
        self,
        topic: str,
        key: bytes | None,
        payload: bytes,
        headers: Mapping[str, str] | None,
        error: str,
        *,
        attempts: int,
    ) -> Outcome:
        dlq_headers = dict(headers or {})
        dlq_headers.update(
            {
                "dlq-error": error[:2000],
                "dlq-original-topic": topic,
                "dlq-consumer": self.name,
                "dlq-attempts": str(attempts),
                "dlq-failed-at": datetime.now(UTC).isoformat(),
            }
        )
        log.error("dead-lettering a record from %s: %s", topic, error)
        await self._dead_letter(dead_letter_topic(topic), key, payload, dlq_headers)
        OUTCOMES.labels(self.name, Outcome.DEAD_LETTERED).inc()
        return Outcome.DEAD_LETTERED
