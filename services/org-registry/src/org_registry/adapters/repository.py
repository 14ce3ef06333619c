from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from org_registry.adapters import orm
from org_registry.domain.model import Instansi, InstansiKind


def _to_instansi(row) -> Instansi:
    return Instansi(
        id=row.id,
        code=row.code,
        name=row.name,
        kind=InstansiKind(row.kind),
        regulation_profile=row.regulation_profile,
        version=row.version,
    )


class InstansiRepository:
    """Loads and adds :class:`Instansi`; remembers what it handed out so the unit of work can collect events."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.seen: list[Instansi] = []

    async def add(self, instansi: Instansi) -> None:
        await self._session.execute(
            insert(orm.instansi).values(
                id=instansi.id,
                code=instansi.code,
                name=instansi.name,
                kind=instansi.kind.value,
                regulation_profile=instansi.regulation_profile,
                version=instansi.version,
            )
        )
        self.seen.append(instansi)

    async def get(self, instansi_id: str) -> Instansi | None:
        row = (await self._session.execute(select(orm.instansi).where(orm.instansi.c.id == instansi_id))).first()
        return _to_instansi(row) if row else None

    async def get_by_code(self, code: str) -> Instansi | None:
        row = (await self._session.execute(select(orm.instansi).where(orm.instansi.c.code == code))).first()
        return _to_instansi(row) if row else None

    async def page(self, *, after_code: str | None, limit: int) -> list[Instansi]:
        query = select(orm.instansi).order_by(orm.instansi.c.code).limit(limit)
        if after_code is not None:
            query = query.where(orm.instansi.c.code > after_code)
        return [_to_instansi(row) for row in (await self._session.execute(query)).all()]
