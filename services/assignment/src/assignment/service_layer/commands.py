"""What every command of the assignment service shares: who calls, why a command is refused, and running it once
per Idempotency-Key with its answer stored in the same transaction as its effects."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sikerja_policy_client import Decision
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from assignment.adapters import idempotency_store


class Refused(Exception):
    """The policy (or a rule of the request itself) refused; ``reasons`` say why and on which source."""

    def __init__(self, reasons: list[dict[str, Any]], *, decision_id: str | None = None) -> None:
        super().__init__("; ".join(r["message"] for r in reasons))
        self.reasons = reasons
        self.decision_id = decision_id

    @classmethod
    def of(cls, decision: Decision) -> Refused:
        return cls([{"code": r.code, "message": r.message, "source": r.source} for r in decision.reasons]
                   or [{"code": "policy.denied", "message": "ditolak oleh kebijakan", "source": None}],
                   decision_id=decision.decision_id)


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before for a different request."""


class VersionMismatch(Exception):
    def __init__(self, current: int) -> None:
        super().__init__(f"versi sekarang {current}")
        self.current = current


@dataclass(frozen=True)
class Caller:
    nip: str
    instansi: str | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Idempotency:
    key: str
    fingerprint: str

    @classmethod
    def of(cls, key: str, what: str, body: Any) -> Idempotency:
        canonical = json.dumps(body, sort_keys=True, default=str, separators=(",", ":"))
        return cls(key, hashlib.sha256(f"{what}\n{canonical}".encode()).hexdigest())


def replay(stored: dict[str, Any], idempotency: Idempotency) -> tuple[int, dict[str, Any]]:
    """The stored first answer; the same key for a different request is refused."""
    if stored["fingerprint"] != idempotency.fingerprint:
        raise IdempotencyConflict(idempotency.key)
    return stored["status_code"], json.loads(stored["response"])


async def run_once(sessions: async_sessionmaker[AsyncSession], caller: Caller, idempotency: Idempotency,
                   status_code: int, run: Callable[[AsyncSession], Awaitable[dict[str, Any]]],
                   ) -> tuple[int, dict[str, Any]]:
    """Run ``run`` in one transaction and store its answer under (key, caller) in that same transaction, so a
    crash between the effects and the answer cannot leave one without the other.

    Optimistic: stored answers are not looked up first, since a retry is rare and the lookup would cost every
    command a round trip. A retry of a key that already has an answer cannot take effect twice: writing the
    answer's row fails at commit (its key is unique), or the command fails earlier because it cannot be taken
    again (a step already taken, a version moved on). Either way the transaction rolls back and the stored first
    answer is returned, as it is to the loser of two racing retries."""
    try:
        async with sessions() as session, session.begin():
            result = await run(session)
            idempotency_store.store_reply(session, idempotency.key, caller.nip, idempotency.fingerprint,
                                          status_code, json.dumps(result, default=str))
    except Exception:
        if (answered := await answered_before(sessions, caller, idempotency)) is None:
            raise
        return answered
    return status_code, result


async def answered_before(sessions: async_sessionmaker[AsyncSession], caller: Caller,
                          idempotency: Idempotency) -> tuple[int, dict[str, Any]] | None:
    """The stored first answer to this (key, caller), None if there is none; the same key for a different request
    is refused (IdempotencyConflict)."""
    async with sessions() as session:
        stored = await idempotency_store.stored_reply(session, idempotency.key, caller.nip)
    return replay(stored, idempotency) if stored else None
