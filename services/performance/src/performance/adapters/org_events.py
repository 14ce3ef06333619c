"""What performance reads from org-registry's events: only the fields it uses."""

from __future__ import annotations

from pydantic import BaseModel
from sikerja_events import CloudEvent
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from performance.adapters import orm

ORG_INSTANSI_TOPIC = "sikerja.org.instansi"


class InstansiRegistered(BaseModel):
    instansi_id: str
    regulation_profile: str


async def start_assessing_organisation(session: AsyncSession, event: CloudEvent) -> None:
    fact = InstansiRegistered.model_validate(event.data)
    await session.execute(
        insert(orm.assessed_organisations).values(
            instansi_id=fact.instansi_id, regulation_profile=fact.regulation_profile, known_since=event.time
        )
    )


HANDLERS = {"id.sikerja.org.instansi_registered.v1": start_assessing_organisation}
