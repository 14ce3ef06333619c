"""Changes to one pegawai after import: the record itself, its kedudukan, the end of a placement.

Each change is guarded by the pegawai's version (the ETag a client read): a writer that read an older version
gets ``VersionMismatch`` and nothing is written. Each change asks the policy, writes, audits and stages its
event in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sikerja_outbox import stage_event
from sqlalchemy import and_, insert, select, update

from org_registry.adapters import event_contracts as contracts
from org_registry.adapters import orm
from org_registry.adapters.organisation_store import load_organisation
from org_registry.adapters.profiles import ProfileCatalogue
from org_registry.domain.kedudukan import validate
from org_registry.domain.structure import STRUCTURAL
from org_registry.service_layer.services import Actor, Authorize
from org_registry.service_layer.unit_of_work import UnitOfWork

EDITABLE = ("name", "status", "pendidikan", "pangkat_golongan", "talent_pool", "competencies", "kinerja")


class PegawaiNotFound(LookupError):
    pass


class VersionMismatch(Exception):
    def __init__(self, current: int) -> None:
        super().__init__(f"versi saat ini {current}")
        self.current = current


@dataclass(frozen=True)
class FieldProblem:
    field: str
    reason: str
    source: str | None = None


class ChangeRejected(Exception):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(p.reason for p in problems))
        self.problems = problems


async def get_pegawai(uow: UnitOfWork, nip: str) -> dict[str, Any]:
    row = (await uow.session.execute(select(orm.pegawai).where(orm.pegawai.c.nip == nip))).mappings().first()
    if row is None:
        raise PegawaiNotFound(nip)
    return dict(row)


async def _guarded(uow: UnitOfWork, nip: str, expected_version: int, authorize: Authorize, action: str,
                   actor: Actor) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """Load the pegawai, check the version the client read, ask the policy. Returns (row, profile, decision)."""
    current = await get_pegawai(uow, nip)
    if current["version"] != expected_version:
        raise VersionMismatch(current["version"])
    instansi = await uow.instansi.get(current["instansi_id"])
    resource = {"instansi_id": instansi.id, "regulation_profile": instansi.regulation_profile, "nip": nip}
    decision = await authorize(action, resource)
    await uow.record_audit(action=action, subject=f"pegawai/{nip}", actor=actor.as_dict(), decision=decision)
    return current, instansi.regulation_profile, decision


async def _bump(uow: UnitOfWork, nip: str, expected_version: int, values: dict[str, Any] | None = None) -> int:
    """Write the new version only if nobody else did since we read: exactly one of two racing writers wins."""
    result = await uow.session.execute(
        update(orm.pegawai).where(orm.pegawai.c.nip == nip, orm.pegawai.c.version == expected_version)
        .values(**(values or {}), version=expected_version + 1))
    if result.rowcount != 1:
        current = await uow.session.scalar(select(orm.pegawai.c.version).where(orm.pegawai.c.nip == nip))
        raise VersionMismatch(current)
    return expected_version + 1


async def _stage(uow: UnitOfWork, nip: str, instansi_id: str, event_type: str, data, correlation_id: str | None):
    await stage_event(uow.session, orm.outbox, topic=contracts.PEGAWAI_TOPIC, key=nip, event=contracts.org_cloudevent(
        event_type, subject=f"pegawai/{nip}", instansi_id=instansi_id, data=data, correlation_id=correlation_id))


async def update_pegawai(nip: str, changes: dict[str, Any], *, expected_version: int, actor: Actor,
                         authorize: Authorize, uow: UnitOfWork, correlation_id: str | None) -> dict[str, Any]:
    async with uow:
        current, _, _ = await _guarded(uow, nip, expected_version, authorize, "pegawai.update", actor)
        values = {k: v for k, v in changes.items() if k in EDITABLE}
        version = await _bump(uow, nip, expected_version, values)
        record = {**current, **values, "version": version}
        await _stage(uow, nip, record["instansi_id"], contracts.PEGAWAI_UPDATED, contracts.PegawaiUpdatedV1(
            **{k: record[k] for k in ("nip", "instansi_id", "version", *EDITABLE)}), correlation_id)
        await uow.commit()
    return record


async def set_kedudukan(nip: str, *, penilai_nip: str, start: date, basis_document: str | None, expected_version: int,
                        actor: Actor, authorize: Authorize, uow: UnitOfWork, profiles: ProfileCatalogue,
                        correlation_id: str | None) -> int:
    """A new kedudukan from ``start``: the active one ends the day before. Checked against the profile."""
    async with uow:
        current, profile_id, _ = await _guarded(uow, nip, expected_version, authorize, "kedudukan.set", actor)
        stored = await load_organisation(uow.session, current["instansi_id"])
        rules = await profiles.kedudukan_rules(profile_id)
        problems = _kedudukan_problems(stored, rules, nip, penilai_nip)
        active = (await uow.session.execute(select(orm.kedudukan).where(
            orm.kedudukan.c.nip == nip, orm.kedudukan.c.end_date.is_(None)))).mappings().first()
        if active is not None and start <= active["start_date"]:
            problems.append(FieldProblem("start", f"kedudukan baru harus dimulai setelah kedudukan aktif "
                                                  f"(sejak {active['start_date'].isoformat()})"))
        if problems:
            raise ChangeRejected(problems)
        if active is not None:
            await uow.session.execute(update(orm.kedudukan).where(
                orm.kedudukan.c.nip == nip, orm.kedudukan.c.start_date == active["start_date"])
                .values(end_date=start - timedelta(days=1)))
        await uow.session.execute(insert(orm.kedudukan).values(
            nip=nip, start_date=start, end_date=None, penilai_nip=penilai_nip, decided_by=rules.decided_by,
            basis_document=basis_document))
        version = await _bump(uow, nip, expected_version)
        await _stage(uow, nip, current["instansi_id"], contracts.KEDUDUKAN_SET, contracts.KedudukanSetV1(
            nip=nip, instansi_id=current["instansi_id"], penilai_nip=penilai_nip, start=start.isoformat(),
            decided_by=rules.decided_by, basis_document=basis_document), correlation_id)
        await uow.commit()
    return version


def _kedudukan_problems(stored, rules, nip: str, penilai_nip: str) -> list[FieldProblem]:
    if penilai_nip == nip:
        return [FieldProblem("penilai_nip", "pegawai tidak dapat menjadi penilai dirinya sendiri")]
    if penilai_nip not in stored.positions_of:
        return [FieldProblem("penilai_nip", f"pegawai {penilai_nip} tidak menduduki jabatan pada instansi ini")]
    seen, current = {penilai_nip}, stored.declared_penilai.get(penilai_nip)
    while current is not None and current not in seen:
        if current == nip:
            return [FieldProblem("penilai_nip", "rantai atasan langsung membentuk siklus")]
        seen.add(current)
        current = stored.declared_penilai.get(current)
    structure = stored.structure
    own = [p for p in stored.positions_of.get(nip, [])
           if structure.positions[p].kind not in STRUCTURAL and not structure.positions[p].leads_unit]
    if not own:
        return []
    outcomes = [validate(rules, structure, {own[0]: p}) for p in stored.positions_of[penilai_nip]]
    if any(not outcome.discrepancies for outcome in outcomes):
        return []
    wrong = outcomes[0].discrepancies[0]
    return [FieldProblem("penilai_nip", wrong.message, wrong.source)]


async def end_placement(nip: str, position_id: str, *, end: date, expected_version: int, actor: Actor,
                        authorize: Authorize, uow: UnitOfWork, correlation_id: str | None) -> int:
    async with uow:
        current, _, _ = await _guarded(uow, nip, expected_version, authorize, "placement.end", actor)
        placement = (await uow.session.execute(select(orm.placements).where(
            orm.placements.c.nip == nip, orm.placements.c.position_id == position_id,
            orm.placements.c.end_date.is_(None)))).mappings().first()
        if placement is None:
            raise ChangeRejected([FieldProblem("position_id", f"pegawai {nip} tidak sedang menduduki jabatan "
                                                              f"{position_id}")])
        if end < placement["start_date"]:
            raise ChangeRejected([FieldProblem("end", "akhir penempatan mendahului awalnya")])
        await uow.session.execute(update(orm.placements).where(and_(
            orm.placements.c.nip == nip, orm.placements.c.position_id == position_id,
            orm.placements.c.start_date == placement["start_date"])).values(end_date=end))
        version = await _bump(uow, nip, expected_version)
        await _stage(uow, nip, current["instansi_id"], contracts.PLACEMENT_ENDED, contracts.PlacementEndedV1(
            nip=nip, instansi_id=current["instansi_id"], position_id=position_id, end=end.isoformat()), correlation_id)
        await uow.commit()
    return version
