from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sikerja_observability import current_correlation_id
from sikerja_outbox import stage_event
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from org_registry.adapters import orm
from org_registry.adapters.event_contracts import to_cloudevent
from org_registry.adapters.repository import InstansiRepository


class UnitOfWork:
    """One database transaction: state changes, their audit entries and their outbox events commit together."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], on_commit=None) -> None:
        self._sessions = sessions
        self._on_commit = on_commit

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.instansi = InstansiRepository(self.session)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.session.rollback()
        await self.session.close()

    async def record_audit(self, *, action: str, subject: str, actor: dict[str, Any], decision: dict[str, Any]) -> None:
        await self.session.execute(
            insert(orm.audit_entries).values(
                at=datetime.now(UTC),
                action=action,
                subject=subject,
                actor=actor["nip"],
                actor_instansi=actor.get("instansi"),
                decision_id=decision.get("decision_id"),
                decision=decision,
                correlation_id=current_correlation_id(),
            )
        )

    async def commit(self) -> None:
        correlation_id = current_correlation_id()
        for aggregate in self.instansi.seen:
            while aggregate.pending_events:
                topic, key, event = to_cloudevent(aggregate.pending_events.pop(0), correlation_id=correlation_id)
                await stage_event(self.session, orm.outbox, topic=topic, key=key, event=event)
        await self.session.commit()
        if self._on_commit is not None:
            self._on_commit()
