"""Fast read queries other services ask: served from the in-process organisation directory."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sikerja_problems import Problem

from org_registry.adapters.directory import OrganisationDirectory
from org_registry.adapters.organisation_store import StoredOrganisation
from org_registry.domain.scope import Side, chain_of_command, puo_of, scope_between, side_of
from org_registry.domain.structure import Position
from org_registry.adapters.profiles import ProfileCatalogue
from org_registry.domain.delegation import SOURCE as DELEGATION_SOURCE
from org_registry.domain.delegation import DelegationScope
from org_registry.domain.kedudukan import resolve
from org_registry.domain.roles import default_pejabat_yang_berwenang
from org_registry.entrypoints.dependencies import Caller, Profiles, Runtime, authorize_read

PEJABAT_YANG_BERWENANG = "pejabat_yang_berwenang"

router = APIRouter(prefix="/v1", tags=["queries"])


async def directory_of(request: Request) -> OrganisationDirectory:
    return request.app.state.directory


Directory = Annotated[OrganisationDirectory, Depends(directory_of)]


class Official(BaseModel):
    position_id: str
    title: str
    kind: str
    nip: str | None

    @classmethod
    def of(cls, position: Position | None, stored: StoredOrganisation) -> Official | None:
        if position is None:
            return None
        return cls(position_id=position.id, title=position.title, kind=position.kind.value,
                   nip=stored.holder_of.get(position.id))


class PuoOut(BaseModel):
    unit_id: str
    puo: Official | None


class ChainOut(BaseModel):
    nip: str
    position: Official
    chain: list[Official]


class SideOut(BaseModel):
    nip: str
    instansi_id: str
    pd_id: str
    unit_id: str
    pimpinan_unit_organisasi: Official | None
    kepala_perangkat_daerah: Official | None
    pejabat_yang_berwenang: Official | None
    pejabat_yang_berwenang_source: str = Field(description="recorded appointment, or the profile's reading")


class ScopeOut(BaseModel):
    scope: str
    requester: SideOut
    target: SideOut


async def _placed(directory: OrganisationDirectory, nip: str) -> tuple[str, StoredOrganisation, Position]:
    instansi_id = await directory.instansi_of(nip)
    stored = await directory.organisation(instansi_id) if instansi_id else None
    positions = stored.positions_of.get(nip) if stored else None
    if not positions:
        raise Problem(404, "not-found", "Tidak ditemukan", f"pegawai {nip} tidak menduduki jabatan")
    main = next((p for p in positions if not stored.structure.positions[p].leads_unit
                 or len(positions) == 1), positions[0])
    return instansi_id, stored, stored.structure.positions[main]


@router.get("/instansi/{instansi_id}/units/{unit_id}/puo", response_model=PuoOut,
            summary="Pimpinan Unit Organisasi of a unit", responses={401: {}, 403: {}, 404: {}})
async def puo(instansi_id: str, unit_id: str, principal: Caller, runtime: Runtime, directory: Directory) -> PuoOut:
    await authorize_read(runtime, principal, instansi_id)
    stored = await directory.organisation(instansi_id)
    if unit_id not in stored.structure.units:
        raise Problem(404, "not-found", "Tidak ditemukan", f"unit {unit_id} tidak ada pada instansi ini")
    return PuoOut(unit_id=unit_id, puo=Official.of(puo_of(stored.structure, unit_id), stored))


@router.get("/pegawai/{nip}/chain", response_model=ChainOut, summary="Chain of command above a pegawai",
            responses={401: {}, 403: {}, 404: {}})
async def chain(nip: str, principal: Caller, runtime: Runtime, directory: Directory) -> ChainOut:
    instansi_id, stored, position = await _placed(directory, nip)
    await authorize_read(runtime, principal, instansi_id)
    return ChainOut(nip=nip, position=Official.of(position, stored),
                    chain=[Official.of(p, stored) for p in chain_of_command(stored.structure, position)])


async def _pejabat_yang_berwenang(stored: StoredOrganisation, profiles: ProfileCatalogue) -> tuple[Position | None, str]:
    """The recorded Pejabat yang Berwenang of the instansi today, else the profile's reading (no seed defines it)."""
    rules = await profiles.role_rules(stored.regulation_profile)
    recorded = stored.holders_of(PEJABAT_YANG_BERWENANG, datetime.now(UTC).date())
    if recorded and stored.positions_of.get(recorded[0].nip):
        position = stored.structure.positions[stored.positions_of[recorded[0].nip][0]]
        return position, recorded[0].basis_document or rules.appointments[PEJABAT_YANG_BERWENANG].source
    return default_pejabat_yang_berwenang(rules, stored.structure), rules.default_pejabat_yang_berwenang.source


async def _side(nip: str, side: Side, stored: StoredOrganisation, profiles: ProfileCatalogue) -> SideOut:
    pyb, pyb_source = await _pejabat_yang_berwenang(stored, profiles)
    return SideOut(nip=nip, instansi_id=side.instansi_id, pd_id=side.pd_id, unit_id=side.unit_id,
                   pimpinan_unit_organisasi=Official.of(side.puo, stored),
                   kepala_perangkat_daerah=Official.of(side.pd_head, stored),
                   pejabat_yang_berwenang=Official.of(pyb, stored), pejabat_yang_berwenang_source=pyb_source)


@router.get("/scope", response_model=ScopeOut,
            summary="The scope between two pegawai (same unit, lintas unit, lintas PD, lintas instansi) and the "
            "officials on each side", responses={401: {}, 403: {}, 404: {}})
async def scope(principal: Caller, runtime: Runtime, directory: Directory, profiles: Profiles,
                from_nip: Annotated[str, Query(description="the requesting side")],
                to_nip: Annotated[str, Query(description="the pegawai to be assigned")]) -> ScopeOut:
    a_instansi, a_stored, a_position = await _placed(directory, from_nip)
    b_instansi, b_stored, b_position = await _placed(directory, to_nip)
    if principal.instansi != b_instansi:
        await authorize_read(runtime, principal, a_instansi)
    a = side_of(a_stored.structure, a_instansi, a_position)
    b = side_of(b_stored.structure, b_instansi, b_position)
    return ScopeOut(scope=scope_between(a, b).value, requester=await _side(from_nip, a, a_stored, profiles),
                    target=await _side(to_nip, b, b_stored, profiles))


class UnitOut(BaseModel):
    id: str
    name: str
    parent_id: str | None
    level: int
    leader: Official | None


class PegawaiOut(BaseModel):
    nip: str
    name: str
    status: str
    position: Official
    unit_id: str
    jenjang: str | None
    competencies: list[str]


class PegawaiPage(BaseModel):
    items: list[PegawaiOut]
    next_cursor: str | None


def _subtree(stored: StoredOrganisation, unit_id: str) -> list[str]:
    """``unit_id`` and every unit below it, and the PDs (UPTD, Puskesmas, schools) that belong to its PD."""
    structure = stored.structure
    children: dict[str | None, list[str]] = {}
    for unit in structure.units.values():
        children.setdefault(unit.parent_id, []).append(unit.id)
    pd_id = structure.units[unit_id].pd_id
    is_pd_root = structure.units[unit_id].parent_id is None
    found, queue = [], [unit_id]
    if is_pd_root:
        queue += [structure.root_unit_of(pd.id).id for pd in structure.pds.values()
                  if pd.parent_pd_id == pd_id and structure.root_unit_of(pd.id)]
    while queue:
        current = queue.pop(0)
        found.append(current)
        queue.extend(sorted(children.get(current, [])))
    return found


@router.get("/instansi/{instansi_id}/units/{unit_id}/subtree", response_model=list[UnitOut],
            summary="A unit and every unit below it (including UPTD belonging to its PD), with their leaders",
            responses={401: {}, 403: {}, 404: {}})
async def subtree(instansi_id: str, unit_id: str, principal: Caller, runtime: Runtime,
                  directory: Directory) -> list[UnitOut]:
    await authorize_read(runtime, principal, instansi_id)
    stored = await directory.organisation(instansi_id)
    if unit_id not in stored.structure.units:
        raise Problem(404, "not-found", "Tidak ditemukan", f"unit {unit_id} tidak ada pada instansi ini")
    s = stored.structure
    return [UnitOut(id=u, name=s.units[u].name, parent_id=s.units[u].parent_id, level=s.level_of(u),
                    leader=Official.of(s.leader_of(u), stored)) for u in _subtree(stored, unit_id)]


@router.get("/instansi/{instansi_id}/pegawai", response_model=PegawaiPage,
            summary="Pegawai by jabatan kind, jenjang or competency, within a unit's subtree or the whole instansi",
            responses={401: {}, 403: {}, 404: {}})
async def find_pegawai(
    instansi_id: str, principal: Caller, runtime: Runtime, directory: Directory,
    unit_id: Annotated[str | None, Query(description="only this unit and what lies below it")] = None,
    kind: Annotated[str | None, Query(description="jabatan kind, e.g. fungsional")] = None,
    jenjang: Annotated[str | None, Query(description="e.g. ahli_muda")] = None,
    competency: Annotated[str | None, Query(description="a competency the pegawai has")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> PegawaiPage:
    await authorize_read(runtime, principal, instansi_id)
    stored = await directory.organisation(instansi_id)
    s = stored.structure
    if unit_id is not None and unit_id not in s.units:
        raise Problem(404, "not-found", "Tidak ditemukan", f"unit {unit_id} tidak ada pada instansi ini")
    units = set(_subtree(stored, unit_id)) if unit_id else None
    matches = []
    for nip in sorted(stored.positions_of):
        if cursor is not None and nip <= cursor:
            continue
        position = s.positions[stored.positions_of[nip][0]]
        person = stored.people.get(nip, {})
        if (units is not None and position.unit_id not in units) or (kind and position.kind.value != kind) \
                or (jenjang and (position.jenjang is None or position.jenjang.value != jenjang)) \
                or (competency and competency not in person.get("competencies", [])):
            continue
        matches.append(PegawaiOut(nip=nip, name=person.get("name", ""), status=person.get("status", ""),
                                  position=Official.of(position, stored), unit_id=position.unit_id,
                                  jenjang=position.jenjang.value if position.jenjang else None,
                                  competencies=person.get("competencies", [])))
        if len(matches) > limit:
            break
    return PegawaiPage(items=matches[:limit], next_cursor=matches[limit - 1].nip if len(matches) > limit else None)


class ExpectedPenilaiOut(BaseModel):
    penilai: Official | None
    alternatives: list[Official]
    rule: str | None
    pattern: str | None
    source: str
    reason: str


class CoordinatorOut(BaseModel):
    official: Official
    mode: str = Field(description="ex_officio: Ketua Tim by virtue of the position; appointed: by the PUO")
    may_form_team: bool
    sets_kinerja: bool = Field(description="sets the kinerja after coordinating with the penilai and sends the penilai "
                                           "a rekomendasi penilaian")
    source: str


class DelegatorOut(BaseModel):
    official: Official
    source: str


class KedudukanOut(BaseModel):
    nip: str
    position: Official
    declared_penilai_nip: str | None
    declared_since: date | None
    conforms: bool
    expected: ExpectedPenilaiOut
    coordinator: CoordinatorOut | None
    penilai_acts_on_delegation_of: DelegatorOut | None
    acting_penilai_nip: str | None


@router.get("/pegawai/{nip}/kedudukan", response_model=KedudukanOut,
            summary="Who the regulation says the penilai is, the declared one, the coordinating Pengawas and the "
            "delegation the penilai acts on, each with its source", responses={401: {}, 403: {}, 404: {}})
async def kedudukan(nip: str, principal: Caller, runtime: Runtime, directory: Directory,
                    profiles: Profiles) -> KedudukanOut:
    instansi_id, stored, position = await _placed(directory, nip)
    await authorize_read(runtime, principal, instansi_id)
    rules = await profiles.kedudukan_rules(stored.regulation_profile)
    resolution = resolve(rules, stored.structure, position.id)
    declared = stored.declared_penilai.get(nip)
    declared_positions = set(stored.positions_of.get(declared, [])) if declared else set()
    delegation = (stored.delegation_in_force(declared, DelegationScope.PENILAIAN, datetime.now(UTC).date())
                  if declared else None)
    coordinator = None
    if resolution.coordinator is not None and resolution.coordination is not None:
        c = resolution.coordination
        coordinator = CoordinatorOut(official=Official.of(resolution.coordinator, stored), mode=c.mode,
                                     may_form_team=c.may_form_team, sets_kinerja=c.sets_kinerja, source=c.source)
    return KedudukanOut(
        nip=nip, position=Official.of(position, stored), declared_penilai_nip=declared,
        declared_since=stored.declared_since.get(nip), conforms=bool(declared_positions & resolution.acceptable),
        expected=ExpectedPenilaiOut(penilai=Official.of(resolution.penilai, stored),
                                    alternatives=[Official.of(a, stored) for a in resolution.alternatives],
                                    rule=resolution.rule_id, pattern=resolution.pattern_id, source=resolution.source,
                                    reason=resolution.reason),
        coordinator=coordinator,
        penilai_acts_on_delegation_of=(DelegatorOut(official=Official.of(resolution.delegated_by, stored),
                                                    source=resolution.delegated_by_source)
                                       if resolution.delegated_by is not None else None),
        acting_penilai_nip=delegation.to_nip if delegation else None,
    )


class RoleOut(BaseModel):
    role: str
    unit_id: str | None
    since: date | None
    until: date | None
    basis_document: str | None
    recorded: bool = Field(description="false: follows from the structure and the profile; true: an appointment")
    may_form_team: bool | None = None
    source: str


@router.get("/pegawai/{nip}/roles", response_model=list[RoleOut],
            summary="Roles a pegawai holds on a date: Pimpinan Unit Organisasi, pemilik kinerja, penilai kinerja, "
            "coordinating Pengawas as Ketua Tim, and recorded appointments", responses={401: {}, 403: {}, 404: {}})
async def roles(nip: str, principal: Caller, runtime: Runtime, directory: Directory, profiles: Profiles,
                on: Annotated[date | None, Query(description="default: today")] = None) -> list[RoleOut]:
    instansi_id, stored, _ = await _placed(directory, nip)
    await authorize_read(runtime, principal, instansi_id)
    on = on or datetime.now(UTC).date()
    role_rules = await profiles.role_rules(stored.regulation_profile)
    kedudukan_rules = await profiles.kedudukan_rules(stored.regulation_profile)
    s = stored.structure
    found: list[RoleOut] = []
    for position_id in stored.positions_of[nip]:
        position = s.positions[position_id]
        if not position.leads_unit:
            continue
        found.append(RoleOut(role="pimpinan_unit_organisasi", unit_id=position.unit_id, since=None, until=None,
                             basis_document=None, recorded=False, source=role_rules.pemilik_kinerja_source))
        found.append(RoleOut(role="pemilik_kinerja", unit_id=position.unit_id, since=None, until=None,
                             basis_document=None, recorded=False, source=role_rules.pemilik_kinerja_source))
        pattern = kedudukan_rules.pattern_for(s, s.units[position.unit_id].pd_id)
        if pattern is not None and pattern.coordination is not None and position.kind.value == "pengawas" \
                and s.units[position.unit_id].parent_id is not None \
                and pattern.coordination.mode == "ex_officio":
            found.append(RoleOut(role="ketua_tim", unit_id=position.unit_id, since=None, until=None,
                                 basis_document=None, recorded=False,
                                 may_form_team=pattern.coordination.may_form_team,
                                 source=pattern.coordination.source))
    appraised = sorted(n for n, penilai in stored.declared_penilai.items() if penilai == nip)
    if appraised:
        found.append(RoleOut(role="penilai_kinerja", unit_id=None, since=None, until=None, basis_document=None,
                             recorded=False, source=kedudukan_rules.decided_by_source))
    for delegation in stored.delegations:
        if delegation.to_nip == nip and delegation.start <= on and (delegation.end is None or on <= delegation.end):
            found.append(RoleOut(role=f"delegasi_{delegation.scope.value}", unit_id=None, since=delegation.start,
                                 until=delegation.end, basis_document=delegation.reason, recorded=True,
                                 source=DELEGATION_SOURCE))
    for role in stored.roles_of(nip, on):
        rule = role_rules.appointments.get(role.role)
        found.append(RoleOut(role=role.role, unit_id=role.unit_id, since=role.start, until=role.end,
                             basis_document=role.basis_document, recorded=True,
                             source=rule.source if rule else role_rules.profile_id))
    return found
