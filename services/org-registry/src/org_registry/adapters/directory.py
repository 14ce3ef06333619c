"""A read index of each instansi's organisation for the fast queries other services ask (PUO-of, penilai-of,
chain of command, scope between two pegawai). Loaded from the database on first use, dropped when this process
writes the organisation, and refreshed after ``ttl_seconds`` so that writes through other replicas show up."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from org_registry.adapters import orm
from org_registry.adapters.organisation_store import StoredOrganisation, load_organisation


class OrganisationDirectory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, ttl_seconds: float = 5.0) -> None:
        self._sessions = sessions
        self._ttl = ttl_seconds
        self._loaded: dict[str, tuple[float, StoredOrganisation]] = {}
        self._instansi_of_nip: dict[str, str] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def forget(self, instansi_id: str) -> None:
        self._loaded.pop(instansi_id, None)

    async def organisation(self, instansi_id: str) -> StoredOrganisation:
        cached = self._loaded.get(instansi_id)
        if cached and time.monotonic() - cached[0] < self._ttl:
            return cached[1]
        async with self._locks.setdefault(instansi_id, asyncio.Lock()):
            cached = self._loaded.get(instansi_id)
            if cached and time.monotonic() - cached[0] < self._ttl:
                return cached[1]
            async with self._sessions() as session:
                stored = await load_organisation(session, instansi_id)
            self._loaded[instansi_id] = (time.monotonic(), stored)
            for nip in stored.positions_of:
                self._instansi_of_nip[nip] = instansi_id
            return stored

    async def instansi_of(self, nip: str) -> str | None:
        if nip not in self._instansi_of_nip:
            async with self._sessions() as session:
                found = await session.scalar(select(orm.pegawai.c.instansi_id).where(orm.pegawai.c.nip == nip))
            if found is None:
                return None
            self._instansi_of_nip[nip] = found
        return self._instansi_of_nip[nip]
