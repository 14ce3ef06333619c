"""Persistence of pelaksanaan: the ledger of each piece of work (its version), its records and their history, and
the actions waiting for someone. Idempotency keys are shared with penugasan (``penugasan_store``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sikerja_database import write_behind
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from assignment.adapters import orm
from assignment.adapters.penugasan_store import ConcurrentChange
from assignment.domain.pelaksanaan import (
    Entry,
    Record,
    RecordKind,
    Status,
    WorkKind,
    WorkRef,
)

__all__ = ["ConcurrentChange"]


# ---------------------------------------------------------------------------------------------------- the ledger

async def ledger(session: AsyncSession, ref: WorkRef) -> dict[str, Any] | None:
    table = orm.pelaksanaan_works
    row = (await session.execute(select(table).where(
        table.c.work_kind == ref.kind.value, table.c.work_id == ref.id))).mappings().first()
    return dict(row) if row else None


async def open_ledger(session: AsyncSession, ref: WorkRef, instansi_id: str,
                      team: dict[str, Any] | None = None) -> None:
    """Create the work's ledger at version 0 (IntegrityError if it exists: run it in a transaction of its own)."""
    now = datetime.now(UTC)
    await session.execute(insert(orm.pelaksanaan_works).values(
        work_kind=ref.kind.value, work_id=ref.id, instansi_id=instansi_id, team=team, version=0,
        created_at=now, updated_at=now))


async def bump_version(session: AsyncSession, ref: WorkRef, *, read_version: int) -> int:
    """Move the ledger on by one, only if it is still at the version it was read at."""
    table = orm.pelaksanaan_works
    result = await session.execute(
        update(table).where(table.c.work_kind == ref.kind.value, table.c.work_id == ref.id,
                            table.c.version == read_version)
        .values(version=read_version + 1, updated_at=datetime.now(UTC)))
    if result.rowcount != 1:
        raise ConcurrentChange(ref.key)
    return read_version + 1


# ---------------------------------------------------------------------------------------------------- records

def _record_row(record: Record) -> dict[str, Any]:
    return {"id": record.id, "work_kind": record.work.kind.value, "work_id": record.work.id,
            "kind": record.kind.value, "status": record.status.value, "opened_by": record.opened_by,
            "opened_at": record.opened_at, "data": record.data}


async def insert_record(session: AsyncSession, record: Record) -> None:
    await session.execute(insert(orm.pelaksanaan_records).values(**_record_row(record)))


async def save_record(session: AsyncSession, record: Record) -> None:
    table = orm.pelaksanaan_records
    await session.execute(update(table).where(table.c.id == record.id)
                          .values(status=record.status.value, data=record.data))


def insert_entry(session: AsyncSession, record_id: str, entry: Entry) -> None:
    """Written when the transaction commits (write-behind): nothing reads it back before."""
    write_behind(session).insert(orm.pelaksanaan_history, [{
        "record_id": record_id, "seq": entry.seq, "action": entry.action, "actor_nip": entry.actor_nip,
        "at": entry.at, "to_nips": list(entry.to_nips), "level": entry.level, "status": entry.status.value,
        "decision_id": entry.decision_id, "reasons": list(entry.reasons), "obligations": entry.obligations,
        "payload": entry.payload}])


def _entry(row: Any) -> Entry:
    return Entry(row["seq"], row["action"], row["actor_nip"], row["at"], tuple(row["to_nips"]), row["level"],
                 Status(row["status"]), row["decision_id"], tuple(row["reasons"]), row["obligations"], row["payload"])


def _record(row: Any, history: list[Entry]) -> Record:
    return Record(id=row["id"], work=WorkRef(WorkKind(row["work_kind"]), row["work_id"]), kind=RecordKind(row["kind"]),
                  status=Status(row["status"]), opened_by=row["opened_by"], opened_at=row["opened_at"],
                  data=dict(row["data"]), history=history)


async def load_record(session: AsyncSession, record_id: str) -> Record | None:
    row = (await session.execute(
        select(orm.pelaksanaan_records).where(orm.pelaksanaan_records.c.id == record_id))).mappings().first()
    if row is None:
        return None
    history = orm.pelaksanaan_history
    entries = (await session.execute(select(history).where(history.c.record_id == record_id)
                                     .order_by(history.c.seq))).mappings().all()
    return _record(row, [_entry(e) for e in entries])


async def records_of(session: AsyncSession, ref: WorkRef) -> list[Record]:
    table, history = orm.pelaksanaan_records, orm.pelaksanaan_history
    rows = (await session.execute(select(table).where(table.c.work_kind == ref.kind.value, table.c.work_id == ref.id)
                                  .order_by(table.c.opened_at, table.c.id))).mappings().all()
    if not rows:
        return []
    by_record: dict[str, list[Entry]] = {}
    for e in (await session.execute(select(history).where(history.c.record_id.in_([r["id"] for r in rows]))
                                    .order_by(history.c.record_id, history.c.seq))).mappings():
        by_record.setdefault(e["record_id"], []).append(_entry(e))
    return [_record(r, by_record.get(r["id"], [])) for r in rows]


# ---------------------------------------------------------------------------------------------------- pending

async def replace_pending(session: AsyncSession, record: Record) -> list[dict[str, str]]:
    """Rebuild who must act on the record now; returns the rows written."""
    table = orm.pelaksanaan_pending_actions
    key = f"{record.kind.value}:{record.id}"
    await session.execute(delete(table).where(table.c.request_id == key))
    pending = record.pending()
    if pending:
        await session.execute(insert(table), [
            {**p, "work_kind": record.work.kind.value, "work_id": record.work.id} for p in pending])
    return pending


async def pending_for(session: AsyncSession, nip: str) -> list[dict[str, Any]]:
    table = orm.pelaksanaan_pending_actions
    rows = await session.execute(select(table).where(table.c.nip == nip)
                                 .order_by(table.c.request_id, table.c.step_id))
    return [dict(r) for r in rows.mappings()]


# ---------------------------------------------------------------------------------------------------- the org

async def unit_row(session: AsyncSession, unit_id: str) -> dict[str, Any] | None:
    table = orm.org_units
    row = (await session.execute(select(table.c.unit_id, table.c.instansi_id, table.c.pd_id, table.c.parent_id)
                                 .where(table.c.unit_id == unit_id))).mappings().first()
    return dict(row) if row else None


async def units_upward(session: AsyncSession, unit_id: str) -> list[str]:
    """The unit and the units above it inside its Perangkat Daerah, nearest first."""
    chain: list[str] = []
    current: str | None = unit_id
    while current is not None and current not in chain:
        row = await unit_row(session, current)
        if row is None:
            break
        chain.append(current)
        current = row["parent_id"]
    return chain
