"""Fast read queries other services ask: served from the in-process organisation directory."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sikerja_problems import Problem

from org_registry.adapters.directory import OrganisationDirectory
from org_registry.adapters.organisation_store import StoredOrganisation
from org_registry.domain.scope import Side, chain_of_command, puo_of, scope_between, side_of
from org_registry.domain.structure import Position
from org_registry.entrypoints.dependencies import Caller, Runtime, authorize_read

router = APIRouter(prefix="/v1", tags=["queries"])


def directory_of(request: Request) -> OrganisationDirectory:
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


def _side(nip: str, side: Side, stored: StoredOrganisation) -> SideOut:
    return SideOut(nip=nip, instansi_id=side.instansi_id, pd_id=side.pd_id, unit_id=side.unit_id,
                   pimpinan_unit_organisasi=Official.of(side.puo, stored),
                   kepala_perangkat_daerah=Official.of(side.pd_head, stored))


@router.get("/scope", response_model=ScopeOut,
            summary="The scope between two pegawai (same unit, lintas unit, lintas PD, lintas instansi) and the "
            "officials on each side", responses={401: {}, 403: {}, 404: {}})
async def scope(principal: Caller, runtime: Runtime, directory: Directory,
                from_nip: Annotated[str, Query(description="the requesting side")],
                to_nip: Annotated[str, Query(description="the pegawai to be assigned")]) -> ScopeOut:
    a_instansi, a_stored, a_position = await _placed(directory, from_nip)
    b_instansi, b_stored, b_position = await _placed(directory, to_nip)
    if principal.instansi != b_instansi:
        await authorize_read(runtime, principal, a_instansi)
    a = side_of(a_stored.structure, a_instansi, a_position)
    b = side_of(b_stored.structure, b_instansi, b_position)
    return ScopeOut(scope=scope_between(a, b).value, requester=_side(from_nip, a, a_stored),
                    target=_side(to_nip, b, b_stored))


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
