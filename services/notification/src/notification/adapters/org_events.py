"""What notification reads from org-registry's events: only the fields it uses."""

from __future__ import annotations

from pydantic import BaseModel
from sikerja_events import CloudEvent
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from notification.adapters import orm
from notification.domain.model import Letterhead

ORG_INSTANSI_TOPIC = "sikerja.org.instansi"


class InstansiRegistered(BaseModel):
    instansi_id: str
    code: str
    name: str


async def add_letterhead(session: AsyncSession, event: CloudEvent) -> None:
    fact = InstansiRegistered.model_validate(event.data)
    await session.execute(insert(orm.letterheads).values(instansi_id=fact.instansi_id, code=fact.code, name=fact.name))


async def letterheads(session: AsyncSession) -> list[Letterhead]:
    rows = (await session.execute(select(orm.letterheads).order_by(orm.letterheads.c.code))).all()
    return [Letterhead(row.instansi_id, row.code, row.name) for row in rows]


HANDLERS = {"id.sikerja.org.instansi_registered.v1": add_letterhead}
