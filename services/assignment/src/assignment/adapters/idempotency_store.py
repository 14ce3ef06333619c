"""The first answer to each (Idempotency-Key, caller), stored in the transaction that produced it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sikerja_database import write_behind
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from assignment.adapters import orm

_KEYS = orm.idempotency_keys
# Built once: each call only binds its values, so SQLAlchemy reuses the compiled statement.
_STORED_REPLY = select(_KEYS).where(_KEYS.c.key == bindparam("b_key"), _KEYS.c.actor_nip == bindparam("b_actor_nip"))


async def stored_reply(session: AsyncSession, key: str, actor_nip: str) -> dict[str, Any] | None:
    row = (await session.execute(_STORED_REPLY, {"b_key": key, "b_actor_nip": actor_nip})).mappings().first()
    return dict(row) if row else None


def store_reply(session: AsyncSession, key: str, actor_nip: str, fingerprint: str, status_code: int,
                response: str) -> None:
    """Written when the transaction commits, with its other write-behind rows; a racing retry that stored the same
    key first makes that commit fail with an IntegrityError."""
    write_behind(session).insert(_KEYS, [{"key": key, "actor_nip": actor_nip, "fingerprint": fingerprint,
                                         "status_code": status_code, "response": response,
                                         "created_at": datetime.now(UTC)}])
