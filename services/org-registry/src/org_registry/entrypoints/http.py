from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field
from sikerja_problems import Problem

from org_registry.domain import commands
from org_registry.domain.model import Instansi, InstansiKind, InvalidInstansi
from org_registry.service_layer import services
from org_registry.entrypoints.dependencies import Caller, Runtime, actor_of, authorizer
from org_registry.service_layer.unit_of_work import UnitOfWork
router = APIRouter(prefix="/v1", tags=["instansi"])


class InstansiIn(BaseModel):
    code: str = Field(min_length=2, max_length=32, examples=["KAB-SUMENEP"])
    name: str = Field(min_length=1, max_length=200, examples=["Pemerintah Kabupaten Sumenep"])
    kind: InstansiKind
    regulation_profile: str = Field(min_length=1, max_length=64, examples=["perbup-sumenep-9-2024"])


class InstansiOut(BaseModel):
    id: str
    code: str
    name: str
    kind: InstansiKind
    regulation_profile: str
    version: int

    @classmethod
    def of(cls, instansi: Instansi) -> InstansiOut:
        return cls(
            id=instansi.id,
            code=instansi.code,
            name=instansi.name,
            kind=instansi.kind,
            regulation_profile=instansi.regulation_profile,
            version=instansi.version,
        )


class InstansiPage(BaseModel):
    items: list[InstansiOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= to read the next page; null on the last page")


def _etag(instansi: Instansi) -> str:
    return f'W/"{instansi.id}:{instansi.version}"'


@router.post(
    "/instansi",
    status_code=status.HTTP_201_CREATED,
    response_model=InstansiOut,
    summary="Register an instansi with its regulation profile",
    responses={401: {}, 403: {}, 409: {}, 422: {}, 503: {}},
)
async def register_instansi(body: InstansiIn, principal: Caller, runtime: Runtime, response: Response) -> InstansiOut:
    uow = UnitOfWork(runtime.database.sessions, on_commit=runtime.relay.wake)
    try:
        instansi = await services.register_instansi(
            commands.RegisterInstansi(
                code=body.code, name=body.name, kind=body.kind, regulation_profile=body.regulation_profile
            ),
            actor=actor_of(principal),
            authorize=authorizer(runtime, principal),
            uow=uow,
        )
    except InvalidInstansi as exc:
        raise Problem(
            422, "validation-error", "Permintaan tidak valid", str(exc), errors=[{"field": f"body.{exc.field}", "reason": exc.reason}]
        ) from exc
    except services.DuplicateInstansi as exc:
        raise Problem(409, "conflict", "Sudah terdaftar", str(exc)) from exc
    response.headers["Location"] = f"/v1/instansi/{instansi.id}"
    response.headers["ETag"] = _etag(instansi)
    return InstansiOut.of(instansi)


@router.get("/instansi/{instansi_id}", response_model=InstansiOut, responses={401: {}, 404: {}})
async def get_instansi(instansi_id: str, _principal: Caller, runtime: Runtime, response: Response) -> InstansiOut:
    async with UnitOfWork(runtime.database.sessions) as uow:
        instansi = await uow.instansi.get(instansi_id)
    if instansi is None:
        raise Problem(404, "not-found", "Tidak ditemukan", f"instansi {instansi_id} tidak terdaftar")
    response.headers["ETag"] = _etag(instansi)
    return InstansiOut.of(instansi)


@router.get("/instansi", response_model=InstansiPage, responses={401: {}})
async def list_instansi(
    _principal: Caller,
    runtime: Runtime,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> InstansiPage:
    async with UnitOfWork(runtime.database.sessions) as uow:
        items = await uow.instansi.page(after_code=cursor, limit=limit + 1)
    next_cursor = items[limit - 1].code if len(items) > limit else None
    return InstansiPage(items=[InstansiOut.of(i) for i in items[:limit]], next_cursor=next_cursor)
