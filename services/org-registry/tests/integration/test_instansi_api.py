"""org-registry's HTTP API with its real lifespan: real database, OPA sidecar, Kafka and token issuer."""

import asyncio
import socket

import httpx
import pytest
from org_registry.adapters import orm
from org_registry.bootstrap import build_app
from org_registry.config import Settings
from sqlalchemy import func, select

pytestmark = pytest.mark.integration

ADMIN = "199001012015011001"
SUMENEP = {"code": "KAB-SUMENEP", "name": "Pemerintah Kabupaten Sumenep", "kind": "kabupaten",
           "regulation_profile": "perbup-sumenep-9-2024"}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def settings(database_url, kafka_bootstrap, opa_url, token_issuer_url) -> Settings:
    return Settings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        opa_url=opa_url,
        token_issuers={token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"},
        outbox_poll_seconds=0.1,
    )


async def _client(settings: Settings):
    app = build_app(settings)
    return app, httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://org-registry")


@pytest.fixture
async def api(settings):
    app, client = await _client(settings)
    async with app.router.lifespan_context(app), client:
        yield app, client


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def _rows(app, table) -> int:
    async with app.state.runtime.database.sessions() as session:
        return await session.scalar(select(func.count()).select_from(table))


async def test_platform_admin_registers_an_instansi_and_its_event_is_relayed(api, mint_token):
    app, client = api
    response = await client.post("/v1/instansi", json=SUMENEP, headers=_auth(mint_token(ADMIN, roles=["platform_admin"])))
    assert response.status_code == 201, response.text
    created = response.json()
    assert response.headers["Location"] == f"/v1/instansi/{created['id']}"
    assert response.headers["ETag"] == f'W/"{created["id"]}:1"'

    fetched = await client.get(response.headers["Location"], headers=_auth(mint_token("198503302010011002")))
    assert fetched.json() == created

    async with app.state.runtime.database.sessions() as session:
        audit = (await session.execute(select(orm.audit_entries))).one()
        assert audit.action == "instansi.register" and audit.actor == ADMIN
        assert audit.decision_id and audit.decision["allow"] is True
        event_topic = await session.scalar(select(orm.outbox.c.topic))
    assert event_topic == "sikerja.org.instansi"

    async def relayed() -> bool:
        async with app.state.runtime.database.sessions() as session:
            return await session.scalar(select(orm.outbox.c.published_at)) is not None

    async with asyncio.timeout(20):
        while not await relayed():
            await asyncio.sleep(0.1)


async def test_refused_registration_writes_nothing(api, mint_token):
    app, client = api
    response = await client.post("/v1/instansi", json=SUMENEP, headers=_auth(mint_token(ADMIN, roles=["pegawai"])))
    assert response.status_code == 403
    body = response.json()
    assert body["reasons"][0]["code"] == "org_admin.not_platform_admin" and body["decision_id"]
    for table in (orm.instansi, orm.outbox, orm.audit_entries):
        assert await _rows(app, table) == 0


async def test_unknown_regulation_profile_is_refused_with_its_reason(api, mint_token):
    app, client = api
    response = await client.post("/v1/instansi", json=SUMENEP | {"regulation_profile": "perbup-antah-1-2099"},
                                 headers=_auth(mint_token(ADMIN, roles=["platform_admin"])))
    assert response.status_code == 403
    assert [r["code"] for r in response.json()["reasons"]] == ["org_admin.unknown_profile"]
    assert await _rows(app, orm.instansi) == 0


async def test_without_opa_a_write_is_refused_with_503_and_nothing_is_written(settings, mint_token):
    app, client = await _client(settings.model_copy(update={"opa_url": f"http://127.0.0.1:{_closed_port()}"}))
    async with app.router.lifespan_context(app), client:
        response = await client.post("/v1/instansi", json=SUMENEP,
                                     headers=_auth(mint_token(ADMIN, roles=["platform_admin"])))
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("/policy-unavailable")
        for table in (orm.instansi, orm.outbox, orm.audit_entries):
            assert await _rows(app, table) == 0
        ready = await client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["opa"].startswith("unavailable")


async def test_bad_requests_get_field_level_problems(api, mint_token):
    app, client = api
    admin = _auth(mint_token(ADMIN, roles=["platform_admin"]))
    unauthenticated = await client.post("/v1/instansi", json=SUMENEP)
    assert unauthenticated.status_code == 401 and unauthenticated.headers["WWW-Authenticate"] == "Bearer"
    invalid = await client.post("/v1/instansi", json={"code": "KAB-X", "kind": "desa"}, headers=admin)
    assert invalid.status_code == 422
    assert {e["field"] for e in invalid.json()["errors"]} == {"body.name", "body.kind", "body.regulation_profile"}
    lowercase = await client.post("/v1/instansi", json=SUMENEP | {"code": "kab-x"}, headers=admin)
    assert lowercase.status_code == 422 and lowercase.json()["errors"][0]["field"] == "body.code"
    assert (await client.post("/v1/instansi", json=SUMENEP, headers=admin)).status_code == 201
    duplicate = await client.post("/v1/instansi", json=SUMENEP, headers=admin)
    assert duplicate.status_code == 409
    assert await _rows(app, orm.instansi) == 1 and await _rows(app, orm.outbox) == 1


async def test_listing_pages_through_every_instansi(api, mint_token):
    _app, client = api
    admin = _auth(mint_token(ADMIN, roles=["platform_admin"]))
    codes = [f"KAB-{n:02d}" for n in range(5)]
    for code in codes:
        assert (await client.post("/v1/instansi", json=SUMENEP | {"code": code}, headers=admin)).status_code == 201
    seen, cursor = [], None
    while True:
        page = (await client.get("/v1/instansi", params={"limit": 2} | ({"cursor": cursor} if cursor else {}),
                                 headers=admin)).json()
        seen += [item["code"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == codes
