"""Writes an import plan: creates what is new, updates what changed, leaves the rest, stages events for changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sikerja_outbox import EncodedEvent, stage_encoded
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from org_registry.adapters import event_contracts as contracts
from org_registry.adapters import orm
from org_registry.domain.delegation import Delegation, DelegationScope
from org_registry.domain.kedudukan import KedudukanRules
from org_registry.domain.roles import RoleAssignment
from org_registry.domain.structure import Structure
from org_registry.service_layer.bulk_import import ImportPlan, RowError

SECTIONS = ("perangkat_daerah", "units", "positions", "pegawai", "placements", "kedudukan", "delegations", "roles")


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} baris tidak valid")
        self.errors = errors


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    events: int = 0

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())


def _desired_rows(plan: ImportPlan, rules: KedudukanRules) -> dict[str, dict[tuple, dict]]:
    s, instansi = plan.structure, plan.instansi_id
    codes = {v: k for k, v in plan.pd_codes.items()}
    unit_codes = {v: k for k, v in plan.unit_codes.items()}
    position_codes = {v: k for k, v in plan.position_codes.items()}
    return {
        "perangkat_daerah": {(pd.id,): {"id": pd.id, "instansi_id": instansi, "code": codes[pd.id], "name": pd.name,
                                        "pd_type": pd.pd_type.value, "kedudukan_pattern": pd.kedudukan_pattern,
                                        "parent_pd_id": pd.parent_pd_id} for pd in s.pds.values()},
        "units": {(u.id,): {"id": u.id, "instansi_id": instansi, "pd_id": u.pd_id, "parent_id": u.parent_id,
                            "code": unit_codes[u.id], "name": u.name} for u in s.units.values()},
        "positions": {(p.id,): {"id": p.id, "instansi_id": instansi, "unit_id": p.unit_id, "code": position_codes[p.id],
                                "title": p.title, "kind": p.kind.value, "jenjang": p.jenjang.value if p.jenjang else None,
                                "kelas_jabatan": p.kelas_jabatan, "leads_unit": p.leads_unit}
                      for p in s.positions.values()},
        "pegawai": {(nip,): {"nip": nip, "instansi_id": instansi, "name": row.name, "status": row.status,
                             "pendidikan": row.pendidikan, "pangkat_golongan": row.pangkat_golongan,
                             "talent_pool": row.talent_pool, "competencies": row.competencies, "kinerja": row.kinerja}
                    for nip, row in plan.pegawai.items()},
        "placements": {(nip, pos, start): {"nip": nip, "position_id": pos, "start_date": start, "end_date": None,
                                           "tugas_tambahan": tugas} for nip, pos, start, tugas in plan.placements},
        "kedudukan": {(nip, start): {"nip": nip, "start_date": start, "end_date": None, "penilai_nip": penilai,
                                     "decided_by": rules.decided_by, "basis_document": basis}
                      for nip, penilai, start, basis in plan.kedudukan},
        "delegations": {(d.from_nip, d.to_nip, d.scope.value, d.start): {
            "from_nip": d.from_nip, "to_nip": d.to_nip, "scope": d.scope.value, "start_date": d.start,
            "end_date": d.end, "reason": d.reason} for d in plan.delegations},
        "roles": {(r.nip, r.role, r.unit_id or INSTANSI_WIDE, r.start): {
            "nip": r.nip, "role": r.role, "unit_key": r.unit_id or INSTANSI_WIDE, "start_date": r.start,
            "end_date": r.end, "basis_document": r.basis_document} for r in plan.roles},
    }


_TABLES = {
    "perangkat_daerah": (orm.perangkat_daerah, ("id",)),
    "units": (orm.units, ("id",)),
    "positions": (orm.positions, ("id",)),
    "pegawai": (orm.pegawai, ("nip",)),
    "placements": (orm.placements, ("nip", "position_id", "start_date")),
    "kedudukan": (orm.kedudukan, ("nip", "start_date")),
    "delegations": (orm.delegations, ("from_nip", "to_nip", "scope", "start_date")),
    "roles": (orm.role_assignments, ("nip", "role", "unit_key", "start_date")),
}
INSTANSI_WIDE = "instansi"  # unit_key of a role that holds for the whole instansi


async def _existing(session: AsyncSession, section: str, instansi_id: str) -> dict[tuple, dict]:
    table, keys = _TABLES[section]
    if "instansi_id" in table.c:
        query = select(table).where(table.c.instansi_id == instansi_id)
    else:  # placements, kedudukan and delegations belong to the instansi through their pegawai
        nip = table.c.nip if "nip" in table.c else table.c.from_nip
        query = select(table).join(orm.pegawai, orm.pegawai.c.nip == nip).where(orm.pegawai.c.instansi_id == instansi_id)
    rows = (await session.execute(query)).mappings().all()
    return {tuple(row[k] for k in keys): dict(row) for row in rows}


async def _foreign_nips(session: AsyncSession, plan: ImportPlan) -> list[RowError]:
    nips = list(plan.pegawai)
    errors = []
    for chunk in range(0, len(nips), 5000):
        rows = await session.execute(
            select(orm.pegawai.c.nip, orm.pegawai.c.instansi_id).where(orm.pegawai.c.nip.in_(nips[chunk:chunk + 5000]),
                                                                       orm.pegawai.c.instansi_id != plan.instansi_id))
        errors += [RowError("pegawai", 0, "nip", f"NIP {nip} terdaftar pada instansi lain") for nip, _ in rows]
    return errors


async def apply_plan(session: AsyncSession, plan: ImportPlan, rules: KedudukanRules, *, dry_run: bool,
                     correlation_id: str | None) -> ImportReport:
    if plan.errors:
        raise ImportRejected(plan.errors)
    if errors := await _foreign_nips(session, plan):
        raise ImportRejected(errors)
    report = ImportReport()
    desired = _desired_rows(plan, rules)
    changed_keys: dict[str, list[tuple]] = {}
    for section in SECTIONS:
        table, keys = _TABLES[section]
        existing = await _existing(session, section, plan.instansi_id)
        new_rows, changed_rows = [], []
        for key, row in desired[section].items():
            current = existing.get(key)
            if current is None:
                new_rows.append(row)
            elif any(current.get(column) != value for column, value in row.items()):
                changed_rows.append(row)
            else:
                report.unchanged[section] += 1
        report.created[section], report.updated[section] = len(new_rows), len(changed_rows)
        changed_keys[section] = [tuple(r[k] for k in keys) for r in (*new_rows, *changed_rows)]
        if dry_run:
            continue
        if new_rows:
            for chunk in range(0, len(new_rows), 2000):
                await session.execute(table.insert(), new_rows[chunk:chunk + 2000])
        for row in changed_rows:
            condition = [table.c[k] == row[k] for k in keys]
            bump = {"version": table.c.version + 1} if section == "pegawai" else {}
            await session.execute(update(table).where(*condition).values(**row, **bump))
    if not dry_run and report.changed:
        versions = await _pegawai_versions(session, [nip for (nip,) in changed_keys["pegawai"]], report)
        events = _events(plan, desired, changed_keys, versions, report, correlation_id)
        await stage_encoded(session, orm.outbox, events)
        report.events = len(events)
    return report


async def _pegawai_versions(session: AsyncSession, nips: list[str], report: ImportReport) -> dict[str, int]:
    """The version of each created (1) or changed pegawai after this import's writes."""
    versions = dict.fromkeys(nips[:report.created["pegawai"]], 1)
    changed = nips[report.created["pegawai"]:]
    for chunk in range(0, len(changed), 5000):
        versions.update((await session.execute(select(orm.pegawai.c.nip, orm.pegawai.c.version).where(
            orm.pegawai.c.nip.in_(changed[chunk:chunk + 5000])))).all())
    return versions


def _events(plan, desired, changed_keys, versions, report, correlation_id) -> list[EncodedEvent]:
    structure, instansi = plan.structure, plan.instansi_id
    encode = contracts.EventEncoder(instansi_id=instansi, correlation_id=correlation_id).encode
    events = []
    add = events.append
    for key in changed_keys["perangkat_daerah"]:
        row = desired["perangkat_daerah"][key]
        add(encode(contracts.STRUCTURE_TOPIC, instansi, contracts.PERANGKAT_DAERAH_DEFINED,
                   contracts.PerangkatDaerahDefinedV1, subject=f"perangkat-daerah/{row['id']}",
                   pd_id=row["id"], instansi_id=instansi, code=row["code"], name=row["name"], pd_type=row["pd_type"],
                   parent_pd_id=row["parent_pd_id"], kedudukan_pattern=row["kedudukan_pattern"]))
    for key in changed_keys["units"]:
        row = desired["units"][key]
        add(encode(contracts.STRUCTURE_TOPIC, instansi, contracts.UNIT_DEFINED, contracts.UnitDefinedV1,
                   subject=f"unit/{row['id']}", unit_id=row["id"], instansi_id=instansi, pd_id=row["pd_id"],
                   parent_id=row["parent_id"], code=row["code"], name=row["name"], level=structure.level_of(row["id"])))
    for key in changed_keys["pegawai"]:  # the record before its placements: one key, one order
        row = desired["pegawai"][key]
        add(encode(contracts.PEGAWAI_TOPIC, row["nip"], contracts.PEGAWAI_UPDATED, contracts.PegawaiUpdatedV1,
                   subject=f"pegawai/{row['nip']}", version=versions[row["nip"]], nip=row["nip"], instansi_id=instansi,
                   name=row["name"], status=row["status"], pendidikan=row["pendidikan"],
                   pangkat_golongan=row["pangkat_golongan"], talent_pool=row["talent_pool"],
                   competencies=row["competencies"], kinerja=row["kinerja"]))
    for key in changed_keys["placements"]:
        row = desired["placements"][key]
        position = structure.positions[row["position_id"]]
        unit = structure.units[position.unit_id]
        add(encode(contracts.PEGAWAI_TOPIC, row["nip"], contracts.PEGAWAI_PLACED, contracts.PegawaiPlacedV1,
                   subject=f"pegawai/{row['nip']}", nip=row["nip"], instansi_id=instansi, position_id=position.id,
                   position_title=position.title, kind=position.kind.value,
                   jenjang=position.jenjang.value if position.jenjang else None, unit_id=unit.id, pd_id=unit.pd_id,
                   start=row["start_date"].isoformat(), tugas_tambahan=row["tugas_tambahan"],
                   leads_unit=position.leads_unit, kelas_jabatan=position.kelas_jabatan))
    for key in changed_keys["kedudukan"]:
        row = desired["kedudukan"][key]
        add(encode(contracts.PEGAWAI_TOPIC, row["nip"], contracts.KEDUDUKAN_SET, contracts.KedudukanSetV1,
                   subject=f"pegawai/{row['nip']}", nip=row["nip"], instansi_id=instansi,
                   penilai_nip=row["penilai_nip"], start=row["start_date"].isoformat(), decided_by=row["decided_by"],
                   basis_document=row["basis_document"]))
    for key in changed_keys["delegations"]:
        row = desired["delegations"][key]
        add(encode(contracts.PEGAWAI_TOPIC, row["from_nip"], contracts.DELEGATION_GRANTED,
                   contracts.DelegationGrantedV1, subject=f"pegawai/{row['from_nip']}", from_nip=row["from_nip"],
                   to_nip=row["to_nip"], instansi_id=instansi, scope=row["scope"], start=row["start_date"].isoformat(),
                   end=row["end_date"].isoformat() if row["end_date"] else None, reason=row["reason"]))
    for key in changed_keys["roles"]:
        row = desired["roles"][key]
        add(encode(contracts.PEGAWAI_TOPIC, row["nip"], contracts.ROLE_ASSIGNED, contracts.RoleAssignedV1,
                   subject=f"pegawai/{row['nip']}", nip=row["nip"], instansi_id=instansi, role=row["role"],
                   unit_id=None if row["unit_key"] == INSTANSI_WIDE else row["unit_key"],
                   start=row["start_date"].isoformat(), end=row["end_date"].isoformat() if row["end_date"] else None,
                   basis_document=row["basis_document"]))
    add(encode(contracts.INSTANSI_TOPIC, instansi, contracts.ORGANISATION_IMPORTED, contracts.OrganisationImportedV1,
               subject=f"instansi/{instansi}", instansi_id=instansi, created=report.created, updated=report.updated))
    return events


@dataclass
class StoredOrganisation:
    structure: Structure
    holder_of: dict[str, str]  # position id → NIP (main placements and tugas tambahan)
    positions_of: dict[str, list[str]]  # NIP → position ids
    declared_penilai: dict[str, str]  # NIP → penilai NIP (active kedudukan)
    declared_since: dict[str, date] = field(default_factory=dict)  # NIP → start of the active kedudukan
    people: dict[str, dict] = field(default_factory=dict)  # NIP → name, status, competencies
    delegations: list[Delegation] = field(default_factory=list)
    roles: list[RoleAssignment] = field(default_factory=list)
    regulation_profile: str = ""

    def delegation_in_force(self, from_nip: str, scope: DelegationScope, on: date) -> Delegation | None:
        return next((d for d in self.delegations if d.from_nip == from_nip and d.scope == scope
                     and d.start <= on and (d.end is None or on <= d.end)), None)

    def roles_of(self, nip: str, on: date) -> list[RoleAssignment]:
        return [r for r in self.roles if r.nip == nip and r.active_on(on)]

    def holders_of(self, role: str, on: date) -> list[RoleAssignment]:
        return [r for r in self.roles if r.role == role and r.active_on(on)]


async def load_organisation(session: AsyncSession, instansi_id: str) -> StoredOrganisation:
    from org_registry.domain.structure import JabatanKind, Jenjang, PdType, PerangkatDaerah, Position, Unit

    structure = Structure()
    pds = (await session.execute(select(orm.perangkat_daerah).where(
        orm.perangkat_daerah.c.instansi_id == instansi_id))).mappings().all()
    added: set[str] = set()
    pending = list(pds)
    while pending:
        later = [r for r in pending if r["parent_pd_id"] and r["parent_pd_id"] not in added]
        for r in pending:
            if r not in later:
                structure.add_pd(PerangkatDaerah(r["id"], instansi_id, r["name"], PdType(r["pd_type"]),
                                                 r["kedudukan_pattern"], r["parent_pd_id"]))
                added.add(r["id"])
        if len(later) == len(pending):
            break
        pending = later
    units = (await session.execute(select(orm.units).where(orm.units.c.instansi_id == instansi_id))).mappings().all()
    children: dict[str | None, list] = {}
    for u in units:
        children.setdefault(u["parent_id"], []).append(u)
    queue = list(children.get(None, []))
    while queue:
        u = queue.pop()
        structure.add_unit(Unit(u["id"], u["pd_id"], u["name"], u["parent_id"]))
        queue.extend(children.get(u["id"], []))
    for p in (await session.execute(select(orm.positions).where(orm.positions.c.instansi_id == instansi_id))).mappings():
        structure.add_position(Position(p["id"], p["unit_id"], p["title"], JabatanKind(p["kind"]),
                                        Jenjang(p["jenjang"]) if p["jenjang"] else None, p["kelas_jabatan"],
                                        p["leads_unit"]))
    holder_of: dict[str, str] = {}
    positions_of: dict[str, list[str]] = {}
    placements = await session.execute(
        select(orm.placements.c.nip, orm.placements.c.position_id)
        .join(orm.pegawai, orm.pegawai.c.nip == orm.placements.c.nip)
        .where(orm.pegawai.c.instansi_id == instansi_id, orm.placements.c.end_date.is_(None)))
    for nip, position_id in placements:
        holder_of[position_id] = nip
        positions_of.setdefault(nip, []).append(position_id)
    active = (await session.execute(
        select(orm.kedudukan.c.nip, orm.kedudukan.c.penilai_nip, orm.kedudukan.c.start_date)
        .join(orm.pegawai, orm.pegawai.c.nip == orm.kedudukan.c.nip)
        .where(orm.pegawai.c.instansi_id == instansi_id, orm.kedudukan.c.end_date.is_(None)))).all()
    people = {row.nip: {"name": row.name, "status": row.status, "competencies": row.competencies}
              for row in await session.execute(
                  select(orm.pegawai.c.nip, orm.pegawai.c.name, orm.pegawai.c.status, orm.pegawai.c.competencies)
                  .where(orm.pegawai.c.instansi_id == instansi_id))}
    delegations = [
        Delegation(r.from_nip, r.to_nip, DelegationScope(r.scope), r.start_date, r.end_date, r.reason)
        for r in await session.execute(select(orm.delegations).join(
            orm.pegawai, orm.pegawai.c.nip == orm.delegations.c.from_nip).where(orm.pegawai.c.instansi_id == instansi_id))]
    roles = [
        RoleAssignment(r.nip, r.role, None if r.unit_key == INSTANSI_WIDE else r.unit_key, r.start_date, r.end_date,
                       r.basis_document)
        for r in await session.execute(select(orm.role_assignments).join(
            orm.pegawai, orm.pegawai.c.nip == orm.role_assignments.c.nip).where(orm.pegawai.c.instansi_id == instansi_id))]
    return StoredOrganisation(structure, holder_of, positions_of, {nip: penilai for nip, penilai, _ in active},
                              {nip: since for nip, _, since in active}, people, delegations, roles,
                              await session.scalar(select(orm.instansi.c.regulation_profile)
                                                   .where(orm.instansi.c.id == instansi_id)) or "")
