"""The event history, for a new consumer that builds its read model from scratch (then follows Kafka)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select

from org_registry.adapters import orm
from org_registry.adapters.event_contracts import INSTANSI_TOPIC, PEGAWAI_TOPIC, STRUCTURE_TOPIC
from org_registry.entrypoints.dependencies import Caller, Runtime, authorizer

router = APIRouter(prefix="/v1", tags=["events"])


class ReplayPage(BaseModel):
    events: list[dict[str, Any]]
    next_after: int | None


@router.get(
    "/events",
    response_model=ReplayPage,
    summary="Every event org-registry has published on a topic, in order, from a position on",
    description="Page with `after=next_after` until it is null, then follow the Kafka topic; the inbox of the "
    "consumer drops what it sees twice. Only for the integration layer and platform administrators.",
    responses={401: {}, 403: {}},
)
async def replay(
    principal: Caller, runtime: Runtime,
    topic: Annotated[str, Query(pattern=f"^({INSTANSI_TOPIC}|{PEGAWAI_TOPIC}|{STRUCTURE_TOPIC})$")],
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> ReplayPage:
    await authorizer(runtime, principal)("events.replay", {"topic": topic})
    outbox = orm.outbox
    async with runtime.database.engine.connect() as connection:
        rows = (await connection.execute(
            select(outbox.c.position, outbox.c.payload)
            .where(outbox.c.topic == topic, outbox.c.position > after, outbox.c.published_at.is_not(None))
            .order_by(outbox.c.position).limit(limit))).all()
    return ReplayPage(events=[json.loads(row.payload) for row in rows],
                      next_after=rows[-1].position if len(rows) == limit else None)
