"""The walking skeleton through the real parts: org-registry → OPA → outbox → Kafka → three read models.

Every service runs as its own process with its own database; nothing is faked.
"""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest
from sqlalchemy import text

pytestmark = pytest.mark.integration

ADMIN = "199001012015011001"
READ_MODELS = {"assignment": "instansi_rules", "performance": "assessed_organisations", "notification": "letterheads"}


@pytest.fixture(scope="module")
def platform(launch, endpoints):
    return {name: launch(name, endpoints) for name in ("org-registry", *READ_MODELS)}


async def _count(service, table: str, where: str = "", **params) -> int:
    database = service.database()
    try:
        async with database.engine.connect() as connection:
            return (await connection.execute(text(f"SELECT count(*) FROM {table} {where}"), params)).scalar()
    finally:
        await database.dispose()


async def _eventually(check, timeout: float = 60.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(interval)


def _register(platform, token: str, code: str) -> dict:
    response = httpx.post(
        f"{platform['org-registry'].url}/v1/instansi",
        json={"code": code, "name": f"Pemerintah {code}", "kind": "kabupaten",
              "regulation_profile": "perbup-tanahlaut-26-2024"},
        headers={"Authorization": f"Bearer {token}", "X-Correlation-ID": f"e2e-{code}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_registering_an_instansi_reaches_every_read_model_once(platform, mint_token):
    token = mint_token(ADMIN, roles=["platform_admin"])
    code = f"KAB-{uuid.uuid4().hex[:8].upper()}"
    instansi = _register(platform, token, code)

    for service, table in READ_MODELS.items():
        async def recorded(service=service, table=table):
            return await _count(platform[service], table, "WHERE instansi_id = :id", id=instansi["id"]) == 1

        assert await _eventually(recorded), f"{service} never recorded instansi {code}"

    rules = httpx.get(f"{platform['assignment'].url}/v1/instansi-rules/{instansi['id']}",
                      headers={"Authorization": f"Bearer {token}"}, timeout=5).json()
    assert rules["regulation_profile"] == "perbup-tanahlaut-26-2024"
    # the registration was authorized by OPA and its decision id stored next to the state change
    assert await _count(platform["org-registry"], "audit_entries",
                        "WHERE subject = :s AND decision_id IS NOT NULL AND correlation_id = :c",
                        s=f"instansi/{instansi['id']}", c=f"e2e-{code}") == 1


async def test_consumer_killed_half_way_loses_nothing_and_applies_nothing_twice(platform, launch, endpoints,
                                                                              mint_token):
    notification = platform["notification"]
    before = await _count(notification, "letterheads")
    notification.process.kill()  # events now pile up in Kafka while the consumer is down

    token = mint_token(ADMIN, roles=["platform_admin"])
    batch = uuid.uuid4().hex[:6].upper()
    total = 300
    with httpx.Client(timeout=10, headers={"Authorization": f"Bearer {token}"}) as client:
        for n in range(total):
            response = client.post(f"{platform['org-registry'].url}/v1/instansi",
                                   json={"code": f"B{batch}-{n:03d}", "name": f"Instansi uji {n}",
                                         "kind": "kota", "regulation_profile": "perwal-bandung-6-2023"})
            assert response.status_code == 201, response.text
    expected = before + total

    restarted = launch("notification", endpoints, database_url=notification.database_url)

    async def some_applied():
        return await _count(restarted, "letterheads") > before

    assert await _eventually(some_applied, interval=0.005)
    restarted.process.kill()  # SIGKILL half-way: no clean shutdown, no final offset commit
    applied_at_crash = await _count(restarted, "letterheads")
    assert before < applied_at_crash < expected, "the crash must land half-way through the backlog"

    after_crash = launch("notification", endpoints, database_url=notification.database_url)

    async def all_applied():
        return await _count(after_crash, "letterheads") == expected

    assert await _eventually(all_applied), "events were lost across the crash"
    time.sleep(1.0)  # anything redelivered has been settled by now
    assert await _count(after_crash, "letterheads") == expected
    assert await _count(after_crash, "inbox_events") == expected
    assert after_crash.metric("sikerja_inbox_events_total", outcome="dead_lettered") == 0
    platform["notification"] = after_crash
