from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from sikerja_auth import Principal
from sikerja_runtime import current_principal

from notification.adapters.org_events import letterheads

router = APIRouter(prefix="/v1", tags=["read models"])


class LetterheadOut(BaseModel):
    instansi_id: str
    code: str
    name: str


@router.get("/letterheads", response_model=list[LetterheadOut], summary="Instansi names messages are sent under")
async def list_letterheads(
    request: Request, _principal: Annotated[Principal, Depends(current_principal)]
) -> list[LetterheadOut]:
    async with request.app.state.runtime.database.sessions() as session:
        return [LetterheadOut(**letterhead.__dict__) for letterhead in await letterheads(session)]
