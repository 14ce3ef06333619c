"""Fast read queries other services ask: served from the in-process organisation directory."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sikerja_auth import Principal
from sikerja_problems import Problem

from org_registry.adapters.directory import OrganisationDirectory
from org_registry.adapters.organisation_store import StoredOrganisation
from org_registry.domain.scope import Side, chain_of_command, puo_of, scope_between, side_of
from org_registry.domain.structure import Position
from org_registry.entrypoints.dependencies import Caller, Runtime, authorizer

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


async def _readable(runtime, principal: Principal, instansi_id: str) -> None:
    """Reading one's own instansi crosses no boundary; any other read is a policy decision."""
    if principal.instansi != instansi_id:
        await authorizer(runtime, principal)("organisation.read", {"instansi_id": instansi_id})


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
    await _readable(runtime, principal, instansi_id)
    stored = await directory.organisation(instansi_id)
    if unit_id not in stored.structure.units:
        raise Problem(404, "not-found", "Tidak ditemukan", f"unit {unit_id} tidak ada pada instansi ini")
    return PuoOut(unit_id=unit_id, puo=Official.of(puo_of(stored.structure, unit_id), stored))


@router.get("/pegawai/{nip}/chain", response_model=ChainOut, summary="Chain of command above a pegawai",
            responses={401: {}, 403: {}, 404: {}})
async def chain(nip: str, principal: Caller, runtime: Runtime, directory: Directory) -> ChainOut:
    instansi_id, stored, position = await _placed(directory, nip)
    await _readable(runtime, principal, instansi_id)
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
    if principal.instansi not in (a_instansi, b_instansi):
        await authorizer(runtime, principal)("organisation.read", {"instansi_id": a_instansi})
    a = side_of(a_stored.structure, a_instansi, a_position)
    b = side_of(b_stored.structure, b_instansi, b_position)
    return ScopeOut(scope=scope_between(a, b).value, requester=_side(from_nip, a, a_stored),
                    target=_side(to_nip, b, b_stored))
