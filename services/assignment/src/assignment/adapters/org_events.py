"""What assignment reads from org-registry's events: only the fields it uses."""

from __future__ import annotations

from pydantic import BaseModel
from sikerja_events import CloudEvent
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from assignment.adapters import orm
from assignment.domain.model import InstansiRules

ORG_INSTANSI_TOPIC = "sikerja.org.instansi"
INSTANSI_REGISTERED = "id.sikerja.org.instansi_registered.v1"


class InstansiRegistered(BaseModel):
    instansi_id: str
    name: str
    regulation_profile: str


async def record_instansi_registered(session: AsyncSession, event: CloudEvent) -> None:
    # A plain insert, not an upsert: applying the same registration twice is a bug the inbox must prevent.
    fact = InstansiRegistered.model_validate(event.data)
    await session.execute(
        insert(orm.instansi_rules).values(
            instansi_id=fact.instansi_id,
            name=fact.name,
            regulation_profile=fact.regulation_profile,
            registered_at=event.time,
        )
    )


async def instansi_rules_of(session: AsyncSession, instansi_id: str) -> InstansiRules | None:
    row = (
        await session.execute(select(orm.instansi_rules).where(orm.instansi_rules.c.instansi_id == instansi_id))
    ).first()
    return InstansiRules(row.instansi_id, row.name, row.regulation_profile) if row else None


HANDLERS = {INSTANSI_REGISTERED: record_instansi_registered}
