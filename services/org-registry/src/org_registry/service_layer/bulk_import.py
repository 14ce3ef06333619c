"""Bulk import of a whole instansi's organisation: validated up front, all or nothing, idempotent.

Rows refer to each other by the instansi's own codes (and NIP). Every problem in the file is reported at once as
``{section, row, field, reason, source?}``; a file with any problem writes nothing. Ids are derived from the
instansi and the codes, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from org_registry.domain.delegation import SOURCE as DELEGATION_SOURCE
from org_registry.domain.delegation import Delegation, DelegationScope, delegation_problems
from org_registry.domain.kedudukan import KedudukanRules, resolve
from org_registry.domain.nip import InvalidNip, parse_nip
from org_registry.domain.roles import RoleAssignment, RoleRules, role_problems
from org_registry.domain.structure import (
    STRUCTURAL,
    InvalidStructure,
    JabatanKind,
    Jenjang,
    PdType,
    PerangkatDaerah,
    Position,
    Structure,
    Unit,
)

NAMESPACE = uuid.UUID("6f1d2f4e-6a55-4d0c-9a7e-5b1b7c1e2a90")
Code = Field(min_length=1, max_length=64)


class PdRow(BaseModel):
    code: str = Code
    name: str = Field(min_length=1, max_length=300)
    pd_type: str
    kedudukan_pattern: str | None = None
    parent: str | None = Field(default=None, description="code of the PD this one belongs to (UPTD → Dinas)")


class UnitRow(BaseModel):
    code: str = Code
    pd: str
    parent: str | None = None
    name: str = Field(min_length=1, max_length=300)


class PositionRow(BaseModel):
    code: str = Code
    unit: str
    title: str = Field(min_length=1, max_length=300)
    kind: str
    jenjang: str | None = None
    kelas_jabatan: int | None = None
    leads_unit: bool = False


class PegawaiRow(BaseModel):
    nip: str
    name: str = Field(min_length=1, max_length=200)
    status: Literal["PNS", "PPPK"]
    pendidikan: str | None = None
    pangkat_golongan: str | None = None
    talent_pool: bool = False
    competencies: list[str] = []
    kinerja: dict[str, str] = Field(default_factory=dict, description="predikat kinerja per year, e.g. {'2025': 'Baik'}")


class PlacementRow(BaseModel):
    nip: str
    position: str
    start: date
    tugas_tambahan: bool = False


class KedudukanRow(BaseModel):
    nip: str
    penilai_nip: str
    start: date
    basis_document: str | None = Field(default=None, max_length=300)


class DelegationRow(BaseModel):
    from_nip: str
    to_nip: str
    scope: Literal["penilaian", "penugasan", "penetapan_kinerja"]
    start: date
    end: date | None = None
    reason: str = Field(min_length=1, max_length=300, examples=["manajemen rentang kendali"])


class RoleRow(BaseModel):
    nip: str
    role: str = Field(min_length=1, max_length=40, examples=["koordinator_tim_kerja", "pejabat_yang_berwenang"])
    unit: str | None = Field(default=None, description="code of the unit the role is for; none for instansi-wide roles")
    start: date
    end: date | None = None
    basis_document: str | None = Field(default=None, max_length=300)


class ImportDocument(BaseModel):
    perangkat_daerah: list[PdRow] = []
    units: list[UnitRow] = []
    positions: list[PositionRow] = []
    pegawai: list[PegawaiRow] = []
    placements: list[PlacementRow] = []
    kedudukan: list[KedudukanRow] = []
    delegations: list[DelegationRow] = []
    roles: list[RoleRow] = []


@dataclass(frozen=True)
class RowError:
    section: str
    row: int
    field: str
    reason: str
    source: str | None = None


@dataclass
class ImportPlan:
    instansi_id: str
    structure: Structure = field(default_factory=Structure)
    pd_codes: dict[str, str] = field(default_factory=dict)
    unit_codes: dict[str, str] = field(default_factory=dict)
    position_codes: dict[str, str] = field(default_factory=dict)
    pegawai: dict[str, PegawaiRow] = field(default_factory=dict)
    placements: list[tuple[str, str, date, bool]] = field(default_factory=list)  # nip, position id, start, tugas
    kedudukan: list[tuple[str, str, date, str | None]] = field(default_factory=list)  # nip, penilai nip, start, basis
    delegations: list[Delegation] = field(default_factory=list)
    roles: list[RoleAssignment] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def entity_id(self, kind: str, code: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.instansi_id}:{kind}:{code}"))


def plan_import(instansi_id: str, rules: KedudukanRules, document: ImportDocument,
                role_rules: RoleRules) -> ImportPlan:
    plan = ImportPlan(instansi_id)
    _plan_pds(plan, rules, document.perangkat_daerah)
    _plan_units(plan, document.units)
    _plan_positions(plan, document.positions)
    _plan_pegawai(plan, document.pegawai)
    held_by = _plan_placements(plan, document.placements)
    _plan_kedudukan(plan, rules, document.kedudukan, held_by)
    _plan_delegations(plan, document.delegations, held_by)
    _plan_roles(plan, role_rules, document.roles, held_by)
    return plan


def _plan_pds(plan: ImportPlan, rules: KedudukanRules, rows: list[PdRow]) -> None:
    error = plan.errors.append
    for n, row in enumerate(rows, 1):
        if row.code in plan.pd_codes:
            error(RowError("perangkat_daerah", n, "code", f"kode {row.code} dipakai lebih dari sekali"))
        plan.pd_codes[row.code] = plan.entity_id("pd", row.code)
    pending = list(enumerate(rows, 1))
    # parents first: a PD may belong to a PD listed after it
    for _ in range(2):
        later = []
        for n, row in pending:
            try:
                pd_type = PdType(row.pd_type)
            except ValueError:
                error(RowError("perangkat_daerah", n, "pd_type", f"jenis perangkat daerah {row.pd_type} tidak dikenal"))
                continue
            if row.kedudukan_pattern and row.kedudukan_pattern not in rules.patterns:
                error(RowError("perangkat_daerah", n, "kedudukan_pattern",
                               f"pola {row.kedudukan_pattern} tidak ada dalam profil {rules.profile_id}", rules.regulation))
                continue
            parent_id = plan.pd_codes.get(row.parent) if row.parent else None
            if row.parent and parent_id is None:
                error(RowError("perangkat_daerah", n, "parent", f"perangkat daerah induk {row.parent} tidak ada"))
                continue
            if parent_id is not None and parent_id not in plan.structure.pds:
                later.append((n, row))
                continue
            plan.structure.add_pd(PerangkatDaerah(plan.pd_codes[row.code], plan.instansi_id, row.name, pd_type,
                                                  row.kedudukan_pattern, parent_id))
        pending = later
    for n, row in pending:
        error(RowError("perangkat_daerah", n, "parent", f"perangkat daerah induk {row.parent} juga bernaung di bawah anaknya"))


def _plan_units(plan: ImportPlan, rows: list[UnitRow]) -> None:
    error = plan.errors.append
    by_code: dict[str, tuple[int, UnitRow]] = {}
    for n, row in enumerate(rows, 1):
        if row.code in by_code:
            error(RowError("units", n, "code", f"kode {row.code} dipakai lebih dari sekali"))
            continue
        by_code[row.code] = (n, row)
        plan.unit_codes[row.code] = plan.entity_id("unit", row.code)
    added: set[str] = set()

    def add(code: str, trail: tuple[str, ...]) -> bool:
        if code in added:
            return True
        n, row = by_code[code]
        if code in trail:
            error(RowError("units", n, "parent", "susunan induk unit membentuk siklus: " + " → ".join((*trail, code))))
            return False
        pd_id = plan.pd_codes.get(row.pd)
        if pd_id is None or pd_id not in plan.structure.pds:
            error(RowError("units", n, "pd", f"perangkat daerah {row.pd} tidak ada"))
            return False
        if row.parent is not None:
            if row.parent not in by_code:
                error(RowError("units", n, "parent", f"unit induk {row.parent} tidak ada"))
                return False
            if not add(row.parent, (*trail, code)):
                return False
        try:
            parent_id = plan.unit_codes[row.parent] if row.parent else None
            plan.structure.add_unit(Unit(plan.unit_codes[code], pd_id, row.name, parent_id))
        except InvalidStructure as exc:
            error(RowError("units", n, exc.field if exc.field != "parent_id" else "parent", exc.reason))
            return False
        added.add(code)
        return True

    for code in by_code:
        add(code, ())


def _plan_positions(plan: ImportPlan, rows: list[PositionRow]) -> None:
    for n, row in enumerate(rows, 1):
        if row.code in plan.position_codes:
            plan.errors.append(RowError("positions", n, "code", f"kode {row.code} dipakai lebih dari sekali"))
            continue
        unit_id = plan.unit_codes.get(row.unit)
        if unit_id is None or unit_id not in plan.structure.units:
            plan.errors.append(RowError("positions", n, "unit", f"unit {row.unit} tidak ada"))
            continue
        try:
            kind = JabatanKind(row.kind)
        except ValueError:
            plan.errors.append(RowError("positions", n, "kind", f"jenis jabatan {row.kind} tidak dikenal"))
            continue
        try:
            jenjang = Jenjang(row.jenjang) if row.jenjang else None
        except ValueError:
            plan.errors.append(RowError("positions", n, "jenjang", f"jenjang {row.jenjang} tidak dikenal"))
            continue
        position_id = plan.entity_id("position", row.code)
        try:
            plan.structure.add_position(
                Position(position_id, unit_id, row.title, kind, jenjang, row.kelas_jabatan, row.leads_unit)
            )
        except InvalidStructure as exc:
            plan.errors.append(RowError("positions", n, exc.field, exc.reason))
            continue
        plan.position_codes[row.code] = position_id


def _plan_pegawai(plan: ImportPlan, rows: list[PegawaiRow]) -> None:
    for n, row in enumerate(rows, 1):
        try:
            nip = parse_nip(row.nip).value
        except InvalidNip as exc:
            plan.errors.append(RowError("pegawai", n, "nip", str(exc)))
            continue
        if nip in plan.pegawai:
            plan.errors.append(RowError("pegawai", n, "nip", f"NIP {nip} tercantum lebih dari sekali"))
            continue
        plan.pegawai[nip] = row.model_copy(update={"nip": nip})


def _plan_placements(plan: ImportPlan, rows: list[PlacementRow]) -> dict[str, str]:
    """Returns position id → NIP of its (main) holder."""
    holder: dict[str, str] = {}
    main_position: dict[str, str] = {}
    for n, row in enumerate(rows, 1):
        nip = row.nip.replace(" ", "")
        position_id = plan.position_codes.get(row.position)
        if nip not in plan.pegawai:
            plan.errors.append(RowError("placements", n, "nip", f"pegawai {row.nip} tidak ada dalam berkas"))
            continue
        if position_id is None:
            plan.errors.append(RowError("placements", n, "position", f"jabatan {row.position} tidak ada"))
            continue
        if position_id in holder:
            plan.errors.append(RowError("placements", n, "position",
                                        f"jabatan {row.position} sudah diduduki pegawai {holder[position_id]}"))
            continue
        if not row.tugas_tambahan:
            if nip in main_position:
                plan.errors.append(RowError("placements", n, "nip", f"pegawai {nip} sudah menduduki jabatan lain"))
                continue
            main_position[nip] = position_id
        holder[position_id] = nip
        plan.placements.append((nip, position_id, row.start, row.tugas_tambahan))
    return holder


def _plan_kedudukan(plan: ImportPlan, rules: KedudukanRules, rows: list[KedudukanRow], held_by: dict[str, str]) -> None:
    positions_of: dict[str, list[str]] = {}
    for position_id, nip in held_by.items():
        positions_of.setdefault(nip, []).append(position_id)
    penilai_of: dict[str, str] = {}
    for n, row in enumerate(rows, 1):
        nip, penilai = row.nip.replace(" ", ""), row.penilai_nip.replace(" ", "")
        if nip not in plan.pegawai:
            plan.errors.append(RowError("kedudukan", n, "nip", f"pegawai {row.nip} tidak ada dalam berkas"))
            continue
        if penilai not in plan.pegawai:
            plan.errors.append(RowError("kedudukan", n, "penilai_nip", f"pegawai {row.penilai_nip} tidak ada dalam berkas"))
            continue
        if nip == penilai:
            plan.errors.append(RowError("kedudukan", n, "penilai_nip", "pegawai tidak dapat menjadi penilai dirinya sendiri"))
            continue
        if nip in penilai_of:
            plan.errors.append(RowError("kedudukan", n, "nip", f"pegawai {nip} sudah mempunyai kedudukan aktif"))
            continue
        error = _against_profile(plan, rules, n, nip, penilai, positions_of)
        if error:
            plan.errors.append(error)
            continue
        penilai_of[nip] = penilai
        plan.kedudukan.append((nip, penilai, row.start, row.basis_document))
    for n, row in enumerate(rows, 1):
        nip = row.nip.replace(" ", "")
        seen, current = {nip}, penilai_of.get(nip)
        while current is not None:
            if current == nip:
                plan.errors.append(RowError("kedudukan", n, "penilai_nip", "rantai atasan langsung membentuk siklus"))
                break
            if current in seen:
                break
            seen.add(current)
            current = penilai_of.get(current)


def _against_profile(plan, rules, n, nip, penilai, positions_of) -> RowError | None:
    """A JF or Pelaksana may only be placed under an official the profile allows."""
    own = [p for p in positions_of.get(nip, []) if plan.structure.positions[p].kind not in STRUCTURAL
           and not plan.structure.positions[p].leads_unit]
    if not own:
        return None
    resolution = resolve(rules, plan.structure, own[0])
    penilai_positions = set(positions_of.get(penilai, []))
    if resolution.penilai is None:
        return RowError("kedudukan", n, "nip", resolution.reason, resolution.source)
    if not penilai_positions & resolution.acceptable:
        return RowError(
            "kedudukan", n, "penilai_nip",
            f"menurut aturan {resolution.rule_id}, {plan.structure.positions[own[0]].title} seharusnya di bawah "
            f"{resolution.penilai.title}",
            resolution.source,
        )
    return None


def _plan_delegations(plan: ImportPlan, rows: list[DelegationRow], held_by: dict[str, str]) -> None:
    positions_of: dict[str, list[str]] = {}
    for position_id, nip in held_by.items():
        positions_of.setdefault(nip, []).append(position_id)
    for n, row in enumerate(rows, 1):
        delegation = Delegation(row.from_nip.replace(" ", ""), row.to_nip.replace(" ", ""),
                                DelegationScope(row.scope), row.start, row.end, row.reason)
        unknown = [f for f, v in (("from_nip", delegation.from_nip), ("to_nip", delegation.to_nip))
                   if v not in plan.pegawai]
        for field_name in unknown:
            plan.errors.append(RowError("delegations", n, field_name, "pegawai tidak ada dalam berkas"))
        if unknown:
            continue
        problems = delegation_problems(plan.structure, positions_of, delegation)
        for field_name, reason in problems:
            plan.errors.append(RowError("delegations", n, field_name, reason, DELEGATION_SOURCE))
        if not problems:
            plan.delegations.append(delegation)


def _plan_roles(plan: ImportPlan, rules: RoleRules, rows: list[RoleRow], held_by: dict[str, str]) -> None:
    held: dict[str, list[Position]] = {}
    for position_id, nip in held_by.items():
        held.setdefault(nip, []).append(plan.structure.positions[position_id])
    instansi_wide_holder: dict[str, int] = {}
    for n, row in enumerate(rows, 1):
        nip = row.nip.replace(" ", "")
        if nip not in plan.pegawai:
            plan.errors.append(RowError("roles", n, "nip", f"pegawai {row.nip} tidak ada dalam berkas"))
            continue
        unit_id = None
        if row.unit is not None:
            unit_id = plan.unit_codes.get(row.unit)
            if unit_id is None:
                plan.errors.append(RowError("roles", n, "unit", f"unit {row.unit} tidak ada dalam berkas"))
                continue
        assignment = RoleAssignment(nip, row.role, unit_id, row.start, row.end, row.basis_document)
        problems = role_problems(rules, plan.structure, held.get(nip, []), assignment)
        for problem in problems:
            plan.errors.append(RowError("roles", n, problem.field, problem.reason, problem.source))
        if problems:
            continue
        rule = rules.appointments[row.role]
        if rule.instansi_wide and row.end is None:
            if row.role in instansi_wide_holder:
                plan.errors.append(RowError(
                    "roles", n, "role", f"{rule.title} sudah dicatat pada baris {instansi_wide_holder[row.role]}; "
                                        "hanya satu yang berlaku pada satu waktu", rule.source))
                continue
            instansi_wide_holder[row.role] = n
        plan.roles.append(assignment)
