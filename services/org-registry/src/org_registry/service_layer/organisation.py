"""Use cases on an instansi's organisation: bulk import, kedudukan validation, penilai look-up."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from org_registry.adapters import orm
from org_registry.adapters.organisation_store import ImportReport, apply_plan, load_organisation
from org_registry.adapters.profiles import ProfileCatalogue
from org_registry.domain.kedudukan import Discrepancy, validate
from org_registry.domain.model import Instansi
from org_registry.service_layer.bulk_import import ImportDocument, plan_import
from org_registry.service_layer.services import Actor, Authorize
from org_registry.service_layer.unit_of_work import UnitOfWork


class InstansiNotFound(LookupError):
    pass


async def _instansi(uow: UnitOfWork, instansi_id: str) -> Instansi:
    instansi = await uow.instansi.get(instansi_id)
    if instansi is None:
        raise InstansiNotFound(instansi_id)
    return instansi


async def import_organisation(
    instansi_id: str,
    document: ImportDocument,
    *,
    actor: Actor,
    authorize: Authorize,
    uow: UnitOfWork,
    profiles: ProfileCatalogue,
    dry_run: bool,
    correlation_id: str | None,
) -> ImportReport:
    async with uow:
        instansi = await _instansi(uow, instansi_id)
        resource = {"instansi_id": instansi.id, "regulation_profile": instansi.regulation_profile}
        decisions = [await authorize("organisation.import", resource)]
        if document.kedudukan:
            decisions.append(await authorize("kedudukan.set", resource))
        rules = await profiles.kedudukan_rules(instansi.regulation_profile)
        role_rules = await profiles.role_rules(instansi.regulation_profile)
        plan = await asyncio.to_thread(plan_import, instansi.id, rules, document, role_rules)
        report = await apply_plan(uow.session, plan, rules, dry_run=dry_run, correlation_id=correlation_id)
        if dry_run or not report.changed:
            return report
        for decision in decisions:
            await uow.record_audit(action="organisation.import", subject=f"instansi/{instansi.id}",
                                   actor=actor.as_dict(), decision=decision)
        await uow.commit()
    return report


@dataclass(frozen=True)
class PegawaiDiscrepancy:
    nip: str
    penilai_nip: str | None
    expected_penilai_nip: str | None
    discrepancy: Discrepancy


async def validate_kedudukan(instansi_id: str, *, authorize: Authorize, uow: UnitOfWork, profiles: ProfileCatalogue,
                             nip: str | None = None) -> list[PegawaiDiscrepancy]:
    """Check every JF and Pelaksana (or one pegawai) of an instansi against its profile."""
    async with uow:
        instansi = await _instansi(uow, instansi_id)
        await authorize("organisation.read", {"instansi_id": instansi.id,
                                              "regulation_profile": instansi.regulation_profile})
        stored = await load_organisation(uow.session, instansi.id)
    rules = await profiles.kedudukan_rules(instansi.regulation_profile)
    declared: dict[str, str | None] = {}
    nip_of_position: dict[str, str] = {}
    for pegawai_nip, position_ids in stored.positions_of.items():
        if nip is not None and pegawai_nip != nip:
            continue
        own = [p for p in position_ids if not stored.structure.positions[p].leads_unit
               and stored.structure.positions[p].kind.value in ("fungsional", "pelaksana")]
        if not own:
            continue
        penilai_nip = stored.declared_penilai.get(pegawai_nip)
        declared[own[0]] = stored.positions_of.get(penilai_nip, [None])[0] if penilai_nip else None
        nip_of_position[own[0]] = pegawai_nip
    result = await asyncio.to_thread(validate, rules, stored.structure, declared)
    return [
        PegawaiDiscrepancy(
            nip=nip_of_position[d.position_id],
            penilai_nip=stored.declared_penilai.get(nip_of_position[d.position_id]),
            expected_penilai_nip=stored.holder_of.get(d.expected_position_id) if d.expected_position_id else None,
            discrepancy=d,
        )
        for d in result.discrepancies
    ]


async def penilai_on(connection: AsyncConnection, nip: str, on: date | None = None) -> tuple[str, date] | None:
    """The declared penilai of ``nip`` on ``on`` (today by default) and since when."""
    on = on or datetime.now(UTC).date()
    row = (await connection.execute(
        select(orm.kedudukan.c.penilai_nip, orm.kedudukan.c.start_date)
        .where(orm.kedudukan.c.nip == nip, orm.kedudukan.c.start_date <= on,
               or_(orm.kedudukan.c.end_date.is_(None), and_(orm.kedudukan.c.end_date >= on)))
        .order_by(orm.kedudukan.c.start_date.desc()).limit(1))).first()
    return (row.penilai_nip, row.start_date) if row else None
