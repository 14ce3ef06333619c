from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from sikerja_auth import Principal
from sikerja_problems import Problem
from sikerja_runtime import current_principal

from assignment.adapters.org_events import instansi_rules_of

router = APIRouter(prefix="/v1", tags=["read models"])


class InstansiRulesOut(BaseModel):
    instansi_id: str
    name: str
    regulation_profile: str


@router.get(
    "/instansi-rules/{instansi_id}",
    response_model=InstansiRulesOut,
    summary="The regulation profile assignment applies to an instansi (from org-registry's events)",
    responses={401: {}, 404: {}},
)
async def get_instansi_rules(
    instansi_id: str, request: Request, _principal: Annotated[Principal, Depends(current_principal)]
) -> InstansiRulesOut:
    async with request.app.state.runtime.database.sessions() as session:
        rules = await instansi_rules_of(session, instansi_id)
    if rules is None:
        raise Problem(404, "not-found", "Tidak ditemukan", f"instansi {instansi_id} belum dikenal layanan penugasan")
    return InstansiRulesOut(**rules.__dict__)
