"""Failure of a real part: with OPA stopped writes are refused and nothing is written; with Kafka stopped writes
still commit and their events are published once Kafka is back. Each test owns the part it stops."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from sikerja_devstack.processes import PlatformEndpoints, free_port, kafka_process, opa_process
from sqlalchemy import text

pytestmark = pytest.mark.integration

ADMIN = "199001012015011001"


async def _scalar(service, sql: str):
    database = service.database()
    try:
        async with database.engine.connect() as connection:
            return (await connection.execute(text(sql))).scalar()
    finally:
        await database.dispose()


def _post(service, token: str, code: str) -> httpx.Response:
    return httpx.post(
        f"{service.url}/v1/instansi",
        json={"code": code, "name": f"Pemerintah {code}", "kind": "kabupaten",
              "regulation_profile": "perbup-jepara-17-2024"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


@pytest.fixture
def own_state():
    return Path(tempfile.mkdtemp(prefix="sikerja-outage-"))


async def test_with_opa_stopped_writes_get_503_and_nothing_is_written(launch, kafka_bootstrap, token_issuer_url,
                                                                      mint_token, own_state):
    opa_port = free_port()
    opa = opa_process(own_state, opa_port)
    opa.start()
    opa_url = f"http://127.0.0.1:{opa_port}"
    org = launch("org-registry", PlatformEndpoints(kafka_bootstrap, opa_url, token_issuer_url))
    token = mint_token(ADMIN, roles=["platform_admin"])
    try:
        assert _post(org, token, "KAB-OPA-UP").status_code == 201
        opa.stop()
        refused = _post(org, token, "KAB-OPA-DOWN")
        assert refused.status_code == 503
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"].endswith("/policy-unavailable")
        assert "tidak ada yang disimpan" in refused.json()["detail"]
        assert await _scalar(org, "SELECT count(*) FROM instansi") == 1
        assert await _scalar(org, "SELECT count(*) FROM outbox_events") == 1
        assert httpx.get(f"{org.url}/readyz", timeout=5).status_code == 503
    finally:
        opa.stop()


async def test_with_kafka_stopped_writes_commit_and_are_published_once_it_is_back(launch, opa_url, token_issuer_url,
                                                                                 mint_token, own_state):
    kafka_port, controller_port = free_port(), free_port()
    kafka = kafka_process(own_state / "kafka", kafka_port, controller_port)
    kafka.start(timeout=120)
    try:
        endpoints = PlatformEndpoints(f"127.0.0.1:{kafka_port}", opa_url, token_issuer_url)
        org = launch("org-registry", endpoints)
        notification = launch("notification", endpoints)
        token = mint_token(ADMIN, roles=["platform_admin"])
        assert _post(org, token, "KAB-BEFORE").status_code == 201

        kafka.stop()
        while_down = [_post(org, token, f"KAB-DOWN-{n}") for n in range(3)]
        assert [r.status_code for r in while_down] == [201, 201, 201]
        assert await _scalar(org, "SELECT count(*) FROM instansi") == 4
        assert await _scalar(org, "SELECT count(*) FROM outbox_events WHERE published_at IS NULL") >= 3

        kafka = kafka_process(own_state / "kafka", kafka_port, controller_port)  # same storage, same ports
        kafka.start(timeout=120)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if await _scalar(notification, "SELECT count(*) FROM letterheads") == 4:
                break
            await asyncio.sleep(0.5)
        assert await _scalar(notification, "SELECT count(*) FROM letterheads") == 4
        assert await _scalar(org, "SELECT count(*) FROM outbox_events WHERE published_at IS NULL") == 0
        assert await _scalar(notification, "SELECT count(*) FROM inbox_events") == 4
    finally:
        kafka.stop()
