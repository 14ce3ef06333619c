from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sikerja_observability import current_correlation_id
from sikerja_problems import Problem

from org_registry.adapters.organisation_store import ImportRejected
from org_registry.adapters.profiles import UnknownProfile
from org_registry.domain.delegation import SOURCE as DELEGATION_SOURCE
from org_registry.domain.delegation import DelegationScope
from org_registry.entrypoints.dependencies import Caller, Profiles, Runtime, actor_of, authorize_read, authorizer
from org_registry.entrypoints.large_writes import LargeWrite
from org_registry.service_layer import organisation
from org_registry.service_layer.bulk_import import ImportDocument
from org_registry.service_layer.unit_of_work import UnitOfWork

router = APIRouter(prefix="/v1", tags=["organisation"])


class ImportReportOut(BaseModel):
    dry_run: bool
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    events: int


class DiscrepancyOut(BaseModel):
    nip: str
    code: str
    message: str
    source: str
    rule: str | None
    declared_penilai_nip: str | None
    expected_penilai_nip: str | None
    expected_position_id: str | None


class DelegationOut(BaseModel):
    from_nip: str
    to_nip: str
    scope: str
    start: date
    end: date | None
    reason: str
    source: str


class PenilaiOut(BaseModel):
    nip: str
    penilai_nip: str
    since: date
    acting_penilai_nip: str | None = Field(
        default=None, description="who appraises on the penilai's behalf on that date, under a penilaian delegation")
    delegation: DelegationOut | None = None


def _not_found(instansi_id: str) -> Problem:
    return Problem(404, "not-found", "Tidak ditemukan", f"instansi {instansi_id} tidak terdaftar")


@router.post(
    "/instansi/{instansi_id}/organisation",
    response_model=ImportReportOut,
    summary="Import a whole organisation (PD, units, positions, pegawai, placements, kedudukan)",
    description="Validated up front: any invalid row rejects the whole file (422, every bad row listed). "
    "Idempotent: importing the same file again changes nothing. `dry_run=true` validates and reports only.",
    responses={401: {}, 403: {}, 404: {}, 422: {}, 503: {}},
)
async def import_organisation(
    _large_write: LargeWrite, instansi_id: str, document: ImportDocument, request: Request, principal: Caller,
    runtime: Runtime, profiles: Profiles,
    dry_run: Annotated[bool, Query()] = False,
) -> ImportReportOut:
    try:
        report = await organisation.import_organisation(
            instansi_id, document, actor=actor_of(principal), authorize=authorizer(runtime, principal),
            uow=UnitOfWork(runtime.database.sessions, on_commit=runtime.relay.wake), profiles=profiles,
            dry_run=dry_run, correlation_id=current_correlation_id(),
        )
    except organisation.InstansiNotFound as exc:
        raise _not_found(instansi_id) from exc
    except UnknownProfile as exc:
        raise Problem(409, "unknown-profile", "Profil regulasi tidak dikenal", f"profil {exc} tidak dimuat") from exc
    except ImportRejected as exc:
        raise Problem(
            422, "import-rejected", "Berkas impor ditolak seluruhnya",
            f"{len(exc.errors)} baris tidak valid; tidak ada yang disimpan.",
            errors=[{"field": f"{e.section}[{e.row}].{e.field}", "section": e.section, "row": e.row,
                     "reason": e.reason, **({"source": e.source} if e.source else {})} for e in exc.errors],
        ) from exc
    if report.changed and not dry_run:
        request.app.state.directory.forget(instansi_id)
    return ImportReportOut(dry_run=dry_run, created=report.created, updated=report.updated,
                           unchanged=report.unchanged, events=report.events)


@router.get(
    "/instansi/{instansi_id}/kedudukan/discrepancies",
    response_model=list[DiscrepancyOut],
    summary="Where declared kedudukan differs from what the instansi's regulation requires, with the rule's source",
    responses={401: {}, 403: {}, 404: {}},
)
async def kedudukan_discrepancies(
    instansi_id: str, principal: Caller, runtime: Runtime, profiles: Profiles,
    nip: Annotated[str | None, Query(description="check one pegawai only")] = None,
) -> list[DiscrepancyOut]:
    try:
        found = await organisation.validate_kedudukan(
            instansi_id, authorize=authorizer(runtime, principal), uow=UnitOfWork(runtime.database.sessions),
            profiles=profiles, nip=nip)
    except organisation.InstansiNotFound as exc:
        raise _not_found(instansi_id) from exc
    return [
        DiscrepancyOut(nip=f.nip, code=f.discrepancy.code, message=f.discrepancy.message, source=f.discrepancy.source,
                       rule=f.discrepancy.rule_id, declared_penilai_nip=f.penilai_nip,
                       expected_penilai_nip=f.expected_penilai_nip,
                       expected_position_id=f.discrepancy.expected_position_id)
        for f in found
    ]


@router.get("/pegawai/{nip}/penilai", response_model=PenilaiOut,
            summary="The Pejabat Penilai Kinerja of a pegawai on a date (declared kedudukan)",
            responses={401: {}, 404: {}})
async def penilai_of(nip: str, request: Request, principal: Caller, runtime: Runtime,
                     on: Annotated[date | None, Query(description="default: today")] = None) -> PenilaiOut:
    directory = request.app.state.directory
    instansi_id = await directory.instansi_of(nip)
    if instansi_id is not None:
        await authorize_read(runtime, principal, instansi_id)
    if on is None and instansi_id is not None:
        stored = await directory.organisation(instansi_id)  # the active kedudukan, from the read index
        found = (stored.declared_penilai[nip], stored.declared_since[nip]) if nip in stored.declared_penilai else None
    else:
        async with runtime.database.engine.connect() as connection:  # a dated question goes to the history
            found = await organisation.penilai_on(connection, nip, on)
    if found is None:
        raise Problem(404, "not-found", "Tidak ditemukan", f"pegawai {nip} tidak mempunyai kedudukan pada tanggal itu")
    answer = PenilaiOut(nip=nip, penilai_nip=found[0], since=found[1])
    if instansi_id is not None:
        stored = await directory.organisation(instansi_id)
        delegation = stored.delegation_in_force(found[0], DelegationScope.PENILAIAN, on or datetime.now(UTC).date())
        if delegation is not None:
            answer.acting_penilai_nip = delegation.to_nip
            answer.delegation = DelegationOut(from_nip=delegation.from_nip, to_nip=delegation.to_nip,
                                              scope=delegation.scope.value, start=delegation.start,
                                              end=delegation.end, reason=delegation.reason, source=DELEGATION_SOURCE)
    return answer
