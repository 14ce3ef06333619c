"""Changes to one pegawai after import, guarded by ETag / If-Match (optimistic concurrency).

The ETag of a pegawai is its version; every change (record, kedudukan, end of a placement) needs the ETag the
client last read in ``If-Match``: without it 428, with an older one 412 and nothing written.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sikerja_observability import current_correlation_id
from sikerja_problems import Problem

from org_registry.entrypoints.dependencies import Caller, Profiles, Runtime, actor_of, authorize_read, authorizer
from org_registry.service_layer import pegawai as use_cases
from org_registry.service_layer.unit_of_work import UnitOfWork

router = APIRouter(prefix="/v1", tags=["pegawai"])


class PegawaiRecordOut(BaseModel):
    nip: str
    instansi_id: str
    version: int
    name: str
    status: str
    pendidikan: str | None
    pangkat_golongan: str | None
    talent_pool: bool
    competencies: list[str]
    kinerja: dict[str, str]


class PegawaiChanges(BaseModel):
    """Only the fields given change."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    status: Literal["PNS", "PPPK"] | None = None
    pendidikan: str | None = Field(default=None, max_length=10)
    pangkat_golongan: str | None = Field(default=None, max_length=10)
    talent_pool: bool | None = None
    competencies: list[str] | None = None
    kinerja: dict[str, str] | None = None


class KedudukanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    penilai_nip: str = Field(min_length=18, max_length=18)
    start: date
    basis_document: str | None = Field(default=None, max_length=300, examples=["Keputusan Bupati Nomor ..."])


class PlacementEndIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    end: date


class VersionOut(BaseModel):
    nip: str
    version: int


def _etag(version: int) -> str:
    return f'"{version}"'


def _expected_version(if_match: str | None) -> int:
    if if_match is None:
        raise Problem(428, "precondition-required", "If-Match wajib",
                      "Sertakan ETag terakhir yang dibaca dalam header If-Match agar perubahan tidak menimpa "
                      "perubahan orang lain.")
    try:
        return int(if_match.removeprefix("W/").strip('"'))
    except ValueError as exc:
        raise Problem(412, "precondition-failed", "ETag tidak cocok", f"If-Match {if_match} bukan ETag pegawai") from exc


def _problem_of(exc: Exception, nip: str) -> Problem:
    if isinstance(exc, use_cases.PegawaiNotFound):
        return Problem(404, "not-found", "Tidak ditemukan", f"pegawai {nip} tidak terdaftar")
    if isinstance(exc, use_cases.VersionMismatch):
        return Problem(412, "precondition-failed", "Data sudah berubah",
                       f"pegawai {nip} telah diubah orang lain (versi sekarang {exc.current}); baca ulang lalu ulangi.")
    assert isinstance(exc, use_cases.ChangeRejected)
    return Problem(422, "change-rejected", "Perubahan ditolak", str(exc),
                   errors=[{"field": p.field, "reason": p.reason, **({"source": p.source} if p.source else {})}
                           for p in exc.problems])


NULLABLE = {"pendidikan", "pangkat_golongan"}
IfMatch = Annotated[str | None, Header(description="the ETag last read from GET /v1/pegawai/{nip}")]
Failures = (use_cases.PegawaiNotFound, use_cases.VersionMismatch, use_cases.ChangeRejected)


@router.get("/pegawai/{nip}", response_model=PegawaiRecordOut, summary="A pegawai's record, with its ETag",
            responses={401: {}, 403: {}, 404: {}})
async def get_pegawai(nip: str, principal: Caller, runtime: Runtime, response: Response) -> PegawaiRecordOut:
    try:
        async with UnitOfWork(runtime.database.sessions) as uow:
            record = await use_cases.get_pegawai(uow, nip)
    except use_cases.PegawaiNotFound as exc:
        raise _problem_of(exc, nip) from exc
    await authorize_read(runtime, principal, record["instansi_id"])
    response.headers["ETag"] = _etag(record["version"])
    return PegawaiRecordOut.model_validate(record)


@router.patch("/pegawai/{nip}", response_model=PegawaiRecordOut, summary="Correct a pegawai's record (If-Match)",
              responses={401: {}, 403: {}, 404: {}, 412: {}, 422: {}, 428: {}, 503: {}})
async def update_pegawai(nip: str, changes: PegawaiChanges, principal: Caller, runtime: Runtime, request: Request,
                         response: Response, if_match: IfMatch = None) -> PegawaiRecordOut:
    expected = _expected_version(if_match)
    try:
        record = await use_cases.update_pegawai(
            nip, {k: v for k, v in changes.model_dump(exclude_unset=True).items() if v is not None or k in NULLABLE},
            expected_version=expected, actor=actor_of(principal),
            authorize=authorizer(runtime, principal), uow=UnitOfWork(runtime.database.sessions,
                                                                      on_commit=runtime.relay.wake),
            correlation_id=current_correlation_id())
    except Failures as exc:
        raise _problem_of(exc, nip) from exc
    request.app.state.directory.forget(record["instansi_id"])
    response.headers["ETag"] = _etag(record["version"])
    return PegawaiRecordOut.model_validate(record)


@router.put("/pegawai/{nip}/kedudukan", response_model=VersionOut,
            summary="Set a new kedudukan from a date (the active one ends the day before), checked against the profile",
            description="Only the authority the instansi's regulation profile names (Bupati, Wali Kota or Pejabat "
            "Pembina Kepegawaian) may set kedudukan. A penilai the profile does not allow is refused with the rule's "
            "source.", responses={401: {}, 403: {}, 404: {}, 412: {}, 422: {}, 428: {}, 503: {}})
async def set_kedudukan(nip: str, body: KedudukanIn, principal: Caller, runtime: Runtime, profiles: Profiles,
                        request: Request, response: Response, if_match: IfMatch = None) -> VersionOut:
    expected = _expected_version(if_match)
    try:
        version = await use_cases.set_kedudukan(
            nip, penilai_nip=body.penilai_nip, start=body.start, basis_document=body.basis_document,
            expected_version=expected, actor=actor_of(principal), authorize=authorizer(runtime, principal),
            uow=UnitOfWork(runtime.database.sessions, on_commit=runtime.relay.wake), profiles=profiles,
            correlation_id=current_correlation_id())
    except Failures as exc:
        raise _problem_of(exc, nip) from exc
    request.app.state.directory.forget(await request.app.state.directory.instansi_of(nip))
    response.headers["ETag"] = _etag(version)
    return VersionOut(nip=nip, version=version)


@router.post("/pegawai/{nip}/placements/{position_id}/end", response_model=VersionOut,
             summary="End a pegawai's placement in a position (If-Match)",
             responses={401: {}, 403: {}, 404: {}, 412: {}, 422: {}, 428: {}, 503: {}})
async def end_placement(nip: str, position_id: str, body: PlacementEndIn, principal: Caller, runtime: Runtime,
                        request: Request, response: Response, if_match: IfMatch = None) -> VersionOut:
    expected = _expected_version(if_match)
    try:
        version = await use_cases.end_placement(
            nip, position_id, end=body.end, expected_version=expected, actor=actor_of(principal),
            authorize=authorizer(runtime, principal),
            uow=UnitOfWork(runtime.database.sessions, on_commit=runtime.relay.wake),
            correlation_id=current_correlation_id())
    except Failures as exc:
        raise _problem_of(exc, nip) from exc
    request.app.state.directory.forget(await request.app.state.directory.instansi_of(nip))
    response.headers["ETag"] = _etag(version)
    return VersionOut(nip=nip, version=version)
