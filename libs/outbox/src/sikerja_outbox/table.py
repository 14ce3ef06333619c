from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from sikerja_database import write_behind
from sikerja_events import CONTENT_TYPE, CloudEvent, encode_event
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    insert,
    text,
)
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


PENDING_INDEX = "ix_outbox_events_pending"
_PENDING = "published_at IS NULL"


def define_outbox_table(metadata: MetaData) -> Table:
    """Declare the outbox table on a service's own metadata (so its migrations own it), with its partial index of
    the rows not yet published, in outbox order: the relay's claim (``WHERE published_at IS NULL ORDER BY position
    LIMIT n``) then reads the first pending rows directly; without it PostgreSQL walks the primary key past every
    published row on each round (90 ms per round at 100,000 published rows, growing with the table). Migrations
    create them with :func:`create_outbox_table_v1` and :func:`create_outbox_pending_index`."""
    outbox = Table(OUTBOX_TABLE, metadata, *_columns_v1())
    Index(PENDING_INDEX, outbox.c.position, sqlite_where=text(_PENDING), postgresql_where=text(_PENDING))
    return outbox


def _headers(event_type: str, event_id: str, correlation_id: str | None, traceparent: str | None) -> dict[str, str]:
    headers = {"content-type": CONTENT_TYPE, "ce_type": event_type, "ce_id": event_id}
    if correlation_id:
        headers["correlation-id"] = correlation_id
    if traceparent:
        headers["traceparent"] = traceparent
    return headers


def _row(topic: str, key: str, event: CloudEvent, now: datetime) -> dict:
    headers = _headers(event.type, event.id, event.correlationid, event.traceparent)
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


def stage_events_at_commit(session: AsyncSession, outbox: Table, events: list[tuple[str, str, CloudEvent]]) -> None:
    """Like :func:`stage_events`, but the rows are written with the transaction's other write-behind rows when it
    commits (``sikerja_database.write_behind``): no statement of its own."""
    if events:
        now = datetime.now(UTC)
        write_behind(session).insert(outbox, [_row(topic, key, event, now) for topic, key, event in events])


class EncodedEvent(NamedTuple):
    """An event already encoded as its envelope's bytes (see ``sikerja_events.encode_envelope``)."""

    topic: str
    key: str
    event_id: str
    event_type: str
    payload: bytes
    correlation_id: str | None = None
    traceparent: str | None = None

    def headers(self) -> dict[str, str]:
        return _headers(self.event_type, self.event_id, self.correlation_id, self.traceparent)


_ENCODED_COLUMNS = ("event_id", "topic", "message_key", "payload", "headers", "created_at", "attempts")


async def stage_encoded(session: AsyncSession, outbox: Table, events: Sequence[EncodedEvent]) -> None:
    """Stage many pre-encoded events in order inside the caller's transaction, in as few round trips as the
    database allows: PostgreSQL ``COPY`` (asyncpg), else one ``executemany`` on the driver. Rows are the same as
    :func:`stage_events` writes; for imports that stage hundreds of thousands of events."""
    if not events:
        return
    connection = await session.connection()  # begins the session's transaction if it has not begun yet
    now = datetime.now(UTC)
    driver = (await connection.get_raw_connection()).driver_connection
    if connection.dialect.name == "postgresql" and hasattr(driver, "copy_records_to_table"):
        if not driver.is_in_transaction():  # the asyncpg adapter begins lazily, at the first statement
            await connection.exec_driver_sql("SELECT 1")
        if not driver.is_in_transaction():
            raise RuntimeError("stage_encoded needs a transaction: rows copied outside it could not be rolled back")
        await driver.copy_records_to_table(
            outbox.name, schema_name=outbox.schema, columns=_ENCODED_COLUMNS,
            records=[(e.event_id, e.topic, e.key, e.payload, json.dumps(e.headers()), now, 0) for e in events])
        return
    # Values as SQLAlchemy's own column types would bind them on this dialect.
    dialect = connection.dialect
    created_at = _bound(outbox, "created_at", dialect, now)
    headers_of = outbox.c.headers.type.bind_processor(dialect) or (lambda value: value)
    payload_of = outbox.c.payload.type.bind_processor(dialect) or (lambda value: value)
    statement = insert(outbox).compile(dialect=dialect, column_keys=list(_ENCODED_COLUMNS))
    positional = statement.positiontup
    rows = []
    for e in events:
        values = {"event_id": e.event_id, "topic": e.topic, "message_key": e.key, "payload": payload_of(e.payload),
                  "headers": headers_of(e.headers()), "created_at": created_at, "attempts": 0}
        rows.append(tuple(values[name] for name in positional) if positional else values)
    await connection.exec_driver_sql(str(statement), rows)


def _bound(table: Table, column: str, dialect, value):
    processor = table.c[column].type.bind_processor(dialect)
    return processor(value) if processor else value


def create_outbox_pending_index() -> None:
    """Alembic operation creating the pending-rows index :func:`define_outbox_table` declares; call it from a
    service's migration."""
    from alembic import op

    op.create_index(PENDING_INDEX, OUTBOX_TABLE, ["position"], sqlite_where=text(_PENDING),
                    postgresql_where=text(_PENDING))


def drop_outbox_pending_index() -> None:
    """Alembic operation undoing :func:`create_outbox_pending_index`."""
    from alembic import op

    op.drop_index(PENDING_INDEX, table_name=OUTBOX_TABLE)


def create_outbox_table_v1() -> None:
    """Alembic operation creating version 1 of the outbox table; call it from a service's migration."""
    from alembic import op

    op.create_table(OUTBOX_TABLE, *_columns_v1())
