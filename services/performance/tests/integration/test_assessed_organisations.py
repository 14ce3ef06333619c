"""performance starts assessing an organisation when org-registry registers it."""

import asyncio
import uuid

import pytest
from performance.adapters import orm
from performance.bootstrap import build_runtime
from performance.config import Settings
from sikerja_database import upgrade_to_head
from sikerja_events import CloudEvent, encode_event
from sikerja_inbox import Outcome
from sqlalchemy import select

pytestmark = pytest.mark.integration


async def test_registered_instansi_becomes_an_assessed_organisation(database_url):
    runtime = build_runtime(Settings(database_url=database_url))
    await asyncio.to_thread(upgrade_to_head, runtime.migrations, database_url)  # the migrations, not create_all, build the schema
    [consumer] = runtime.consumers
    instansi_id = str(uuid.uuid4())
    registered = CloudEvent(
        source="/sikerja/org-registry",
        type="id.sikerja.org.instansi_registered.v1",
        data={"instansi_id": instansi_id, "code": "KOTA-BANDUNG", "name": "Pemerintah Kota Bandung",
              "kind": "kota", "regulation_profile": "perwal-bandung-6-2023"},
    )
    try:
        assert await consumer.consume(encode_event(registered), topic="sikerja.org.instansi") is Outcome.APPLIED
        async with runtime.database.sessions() as session:
            rows = (await session.execute(select(orm.assessed_organisations))).all()
        assert [(r.instansi_id, r.regulation_profile) for r in rows] == [(instansi_id, "perwal-bandung-6-2023")]
        assert rows[0].known_since is not None
    finally:
        await runtime.database.dispose()


def test_only_org_registrations_are_handled():
    runtime = build_runtime(Settings(database_url="sqlite+aiosqlite:///:memory:"))
    assert runtime.consumers[0].event_types == ["id.sikerja.org.instansi_registered.v1"]
