"""What assignment reads from org-registry's events: only the fields it uses.

Each handler runs in the transaction that records the event id in the inbox, so an event is applied once. Facts
that org-registry sends again when they change (a unit re-defined by a later import, a corrected pegawai record,
a placement re-imported) are upserts keyed as org-registry keys them. The three topics are not ordered against
each other (a placement may arrive before its unit); one topic's partition is, so a pegawai's events arrive in
the order org-registry wrote them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field
from sikerja_events import CloudEvent
from sikerja_inbox import PermanentEventError
from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from assignment.adapters import orm
from assignment.domain.model import InstansiRules

ORG_INSTANSI_TOPIC = "sikerja.org.instansi"
ORG_STRUCTURE_TOPIC = "sikerja.org.structure"
ORG_PEGAWAI_TOPIC = "sikerja.org.pegawai"
ORG_TOPICS = (ORG_INSTANSI_TOPIC, ORG_STRUCTURE_TOPIC, ORG_PEGAWAI_TOPIC)

INSTANSI_REGISTERED = "id.sikerja.org.instansi_registered.v1"
ORGANISATION_IMPORTED = "id.sikerja.org.organisation_imported.v1"
PERANGKAT_DAERAH_DEFINED = "id.sikerja.org.perangkat_daerah_defined.v1"
UNIT_DEFINED = "id.sikerja.org.unit_defined.v1"
PEGAWAI_PLACED = "id.sikerja.org.pegawai_placed.v1"
KEDUDUKAN_SET = "id.sikerja.org.kedudukan_set.v1"
DELEGATION_GRANTED = "id.sikerja.org.delegation_granted.v1"
ROLE_ASSIGNED = "id.sikerja.org.role_assigned.v1"
PEGAWAI_UPDATED = "id.sikerja.org.pegawai_updated.v1"
PLACEMENT_ENDED = "id.sikerja.org.placement_ended.v1"

INSTANSI_WIDE = "instansi"  # unit_key of a role that holds for the whole instansi


class InstansiRegistered(BaseModel):
    instansi_id: str
    code: str
    name: str
    regulation_profile: str


class OrganisationImported(BaseModel):
    instansi_id: str


class PerangkatDaerahDefined(BaseModel):
    pd_id: str
    instansi_id: str
    code: str
    name: str
    pd_type: str
    parent_pd_id: str | None = None
    kedudukan_pattern: str | None = None


class UnitDefined(BaseModel):
    unit_id: str
    instansi_id: str
    pd_id: str
    parent_id: str | None = None
    code: str
    name: str
    level: int


class PegawaiPlaced(BaseModel):
    nip: str
    instansi_id: str
    position_id: str
    position_title: str
    kind: str
    jenjang: str | None = None
    unit_id: str
    pd_id: str
    start: date
    tugas_tambahan: bool
    leads_unit: bool = False
    kelas_jabatan: int | None = None  # sent since org-registry's contract carries it; absent from older events


class KedudukanSet(BaseModel):
    nip: str
    instansi_id: str
    penilai_nip: str
    start: date
    decided_by: str
    basis_document: str | None = None


class DelegationGranted(BaseModel):
    from_nip: str
    to_nip: str
    instansi_id: str
    scope: str
    start: date
    end: date | None = None
    reason: str


class RoleAssigned(BaseModel):
    nip: str
    instansi_id: str
    role: str
    unit_id: str | None = None
    start: date
    end: date | None = None
    basis_document: str | None = None


class PegawaiUpdated(BaseModel):
    nip: str
    instansi_id: str
    version: int
    name: str
    status: str
    pendidikan: str | None = None
    pangkat_golongan: str | None = None
    talent_pool: bool = False
    competencies: list[str] = Field(default_factory=list)
    kinerja: dict[str, str] = Field(default_factory=dict)


class PlacementEnded(BaseModel):
    nip: str
    position_id: str
    end: date


async def _upsert(session: AsyncSession, table: Table, key: dict[str, Any], values: dict[str, Any]) -> None:
    """Write the row with this key as ``values`` say, whether or not it was there (portable: SQLite, PostgreSQL)."""
    changed = await session.execute(
        update(table).where(*(table.c[column] == value for column, value in key.items())).values(**values)
    )
    if changed.rowcount == 0:
        await session.execute(insert(table).values(**key, **values))


async def record_instansi_registered(session: AsyncSession, event: CloudEvent) -> None:
    # A plain insert, not an upsert: applying the same registration twice is a bug the inbox must prevent.
    fact = InstansiRegistered.model_validate(event.data)
    await session.execute(
        insert(orm.instansi_rules).values(
            instansi_id=fact.instansi_id,
            code=fact.code,
            name=fact.name,
            regulation_profile=fact.regulation_profile,
            registered_at=event.time,
        )
    )


async def record_organisation_imported(session: AsyncSession, event: CloudEvent) -> None:
    fact = OrganisationImported.model_validate(event.data)
    await session.execute(
        update(orm.instansi_rules)
        .where(orm.instansi_rules.c.instansi_id == fact.instansi_id)
        .values(organisation_imported_at=event.time)
    )


async def record_perangkat_daerah_defined(session: AsyncSession, event: CloudEvent) -> None:
    fact = PerangkatDaerahDefined.model_validate(event.data)
    await _upsert(session, orm.org_perangkat_daerah, {"pd_id": fact.pd_id}, fact.model_dump(exclude={"pd_id"}))


async def record_unit_defined(session: AsyncSession, event: CloudEvent) -> None:
    fact = UnitDefined.model_validate(event.data)
    await _upsert(session, orm.org_units, {"unit_id": fact.unit_id}, fact.model_dump(exclude={"unit_id"}))


async def record_pegawai_placed(session: AsyncSession, event: CloudEvent) -> None:
    fact = PegawaiPlaced.model_validate(event.data)
    await _upsert(
        session,
        orm.org_placements,
        {"nip": fact.nip, "position_id": fact.position_id, "start_date": fact.start},
        {"end_date": None, **fact.model_dump(exclude={"nip", "position_id", "start"})},
    )


async def record_placement_ended(session: AsyncSession, event: CloudEvent) -> None:
    fact = PlacementEnded.model_validate(event.data)
    table = orm.org_placements
    ended = await session.execute(
        update(table)
        .where(table.c.nip == fact.nip, table.c.position_id == fact.position_id, table.c.end_date.is_(None))
        .values(end_date=fact.end)
    )
    if ended.rowcount == 0:
        # The placement came before this on the same partition; without it the read model has lost a fact.
        raise PermanentEventError(f"pegawai {fact.nip} has no open placement in position {fact.position_id}")


async def record_kedudukan_set(session: AsyncSession, event: CloudEvent) -> None:
    fact = KedudukanSet.model_validate(event.data)
    await _upsert(
        session,
        orm.org_kedudukan,
        {"nip": fact.nip, "start_date": fact.start},
        fact.model_dump(include={"instansi_id", "penilai_nip", "decided_by", "basis_document"}),
    )


async def record_delegation_granted(session: AsyncSession, event: CloudEvent) -> None:
    fact = DelegationGranted.model_validate(event.data)
    await _upsert(
        session,
        orm.org_delegations,
        {"from_nip": fact.from_nip, "to_nip": fact.to_nip, "scope": fact.scope, "start_date": fact.start},
        {"instansi_id": fact.instansi_id, "end_date": fact.end, "reason": fact.reason},
    )


async def record_role_assigned(session: AsyncSession, event: CloudEvent) -> None:
    fact = RoleAssigned.model_validate(event.data)
    await _upsert(
        session,
        orm.org_role_appointments,
        {"nip": fact.nip, "role": fact.role, "unit_key": fact.unit_id or INSTANSI_WIDE, "start_date": fact.start},
        {"instansi_id": fact.instansi_id, "unit_id": fact.unit_id, "end_date": fact.end,
         "basis_document": fact.basis_document},
    )


async def record_pegawai_updated(session: AsyncSession, event: CloudEvent) -> None:
    fact = PegawaiUpdated.model_validate(event.data)
    table = orm.org_pegawai
    values = fact.model_dump(exclude={"nip"})
    newer = await session.execute(
        update(table).where(table.c.nip == fact.nip, table.c.version <= fact.version).values(**values)
    )
    if newer.rowcount == 0 and await session.scalar(select(table.c.nip).where(table.c.nip == fact.nip)) is None:
        await session.execute(insert(table).values(nip=fact.nip, **values))
    # else: the read model already holds a later version of the record


async def instansi_rules_of(session: AsyncSession, instansi_id: str) -> InstansiRules | None:
    row = (
        await session.execute(select(orm.instansi_rules).where(orm.instansi_rules.c.instansi_id == instansi_id))
    ).first()
    return InstansiRules(row.instansi_id, row.name, row.regulation_profile, row.code) if row else None


def _bumping_generation(handler):
    """Every fact applied moves the read model to a new generation, in the fact's own transaction."""
    async def apply(session: AsyncSession, event: CloudEvent) -> None:
        await handler(session, event)
        await session.execute(update(orm.org_read_model_generation).where(orm.org_read_model_generation.c.id == 1)
                              .values(generation=orm.org_read_model_generation.c.generation + 1))
    apply.__name__ = handler.__name__
    return apply


HANDLERS = {
    INSTANSI_REGISTERED: record_instansi_registered,
    ORGANISATION_IMPORTED: record_organisation_imported,
    PERANGKAT_DAERAH_DEFINED: record_perangkat_daerah_defined,
    UNIT_DEFINED: record_unit_defined,
    PEGAWAI_PLACED: record_pegawai_placed,
    PLACEMENT_ENDED: record_placement_ended,
    KEDUDUKAN_SET: record_kedudukan_set,
    DELEGATION_GRANTED: record_delegation_granted,
    ROLE_ASSIGNED: record_role_assigned,
    PEGAWAI_UPDATED: record_pegawai_updated,
}
HANDLERS = {event_type: _bumping_generation(handler) for event_type, handler in HANDLERS.items()}
