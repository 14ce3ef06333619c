"""The first answer to each (Idempotency-Key, caller), stored in the transaction that produced it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from assignment.adapters import orm


async def stored_reply(session: AsyncSession, key: str, actor_nip: str) -> dict[str, Any] | None:
    row = (await session.execute(select(orm.idempotency_keys).where(
        orm.idempotency_keys.c.key == key, orm.idempotency_keys.c.actor_nip == actor_nip))).mappings().first()
    return dict(row) if row else None


async def store_reply(session: AsyncSession, key: str, actor_nip: str, fingerprint: str, status_code: int,
                      response: str) -> None:
    await session.execute(insert(orm.idempotency_keys).values(
        key=key, actor_nip=actor_nip, fingerprint=fingerprint, status_code=status_code, response=response,
        created_at=datetime.now(UTC)))
