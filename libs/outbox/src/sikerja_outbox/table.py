from __future__ import annotations

from datetime import UTC, datetime

from sikerja_events import CONTENT_TYPE, CloudEvent, encode_event
from sqlalchemy import JSON, BigInteger, Column, DateTime, Integer, LargeBinary, MetaData, String, Table, Text, insert
from sqlalchemy.ext.asyncio import AsyncSession

OUTBOX_TABLE = "outbox_events"


def _columns_v1() -> list[Column]:
    return [
        Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("message_key", String(200), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("headers", JSON, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("published_at", DateTime(timezone=True), nullable=True, index=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
    ]


def define_outbox_table(metadata: MetaData) -> Table:
    """Declare the outbox table on a service's own metadata (so its migrations own it)."""
    return Table(OUTBOX_TABLE, metadata, *_columns_v1())


def _row(topic: str, key: str, event: CloudEvent, now: datetime) -> dict:
    headers = {"content-type": CONTENT_TYPE, "ce_type": event.type, "ce_id": event.id}
    if event.correlationid:
        headers["correlation-id"] = event.correlationid
    if event.traceparent:
        headers["traceparent"] = event.traceparent
    return {
        "event_id": event.id,
        "topic": topic,
        "message_key": key,
        "payload": encode_event(event),
        "headers": headers,
        "created_at": now,
        "attempts": 0,
    }


async def stage_event(session: AsyncSession, outbox: Table, *, topic: str, key: str, event: CloudEvent) -> None:
    """Add ``event`` to the outbox inside the caller's transaction; it is published only if that commits."""
    await session.execute(insert(outbox).values(**_row(topic, key, event, datetime.now(UTC))))


async def stage_events(session: AsyncSession, outbox: Table, events: list[tuple[str, str, CloudEvent]]) -> None:
    """Stage many ``(topic, key, event)`` at once (one batched statement), in order."""
    if events:
        now = datetime.now(UTC)
        await session.execute(insert(outbox), [_row(topic, key, event, now) for topic, key, event in events])


def create_outbox_table_v1() -> None:
    """Alembic operation creating version 1 of the outbox table; call it from a service's migration."""
    from alembic import op

    op.create_table(OUTBOX_TABLE, *_columns_v1())
