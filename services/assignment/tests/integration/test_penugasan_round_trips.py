"""What one penugasan transition costs in database round trips, and that the cheaper writes keep its behaviour.

Transitions are bounded by round trips to the database (issue 5's figure: 200 transitions/s, p99 <= 100 ms), so
the number of SQL statements the request's own task sends is part of the contract: a change that adds one must
raise the budget here deliberately. The relay and the org-event consumer run in other tasks and are not counted.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Self

import httpx
import pytest
import pytest_asyncio
from assignment.adapters import orm
from assignment.bootstrap import build_app
from assignment.config import Settings
from sqlalchemy import event, select

from .org_world import government, seed

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="module")]

PROFILE = "perbup-sumenep-9-2024"
CONTENTS = {"maksud_tujuan": "Kajian pelayanan", "kompetensi": "analisis kebijakan",
            "target_kinerja": "Satu kajian", "durasi": "3 bulan"}
# Open with the Surat Perintah issued: the idempotency key, the read model's generation, the request, its step,
# who acts next, the letter's number and the letter, the outbox event, the stored answer.
OPEN_BUDGET = 9
# Receive: the idempotency key, the request with its steps, the generation, the request, its step, who acts next
# (cleared), the outbox event, the stored answer.
STEP_BUDGET = 8


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def service(database_url_factory, kafka_bootstrap, opa_url, token_issuer_url):
    app = build_app(Settings(database_url=database_url_factory(), kafka_bootstrap_servers=kafka_bootstrap,
                             opa_url=opa_url,
                             token_issuers={token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"}))
    world = government("KAB-RT", "Pemerintah Kabupaten Uji Round Trip", PROFILE)
    async with app.router.lifespan_context(app):
        await seed(app.state.runtime.database.sessions, world)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://assignment") as client:
            yield app, client, world


class StatementsOfThisTask:
    """SQL statements sent from the task that enters the block (the ASGI app runs in the caller's task), without
    BEGIN and COMMIT."""

    def __init__(self, app) -> None:
        self.engine = app.state.runtime.database.engine.sync_engine
        self.statements: list[str] = []

    def _count(self, _conn, _cursor, statement, *_args) -> None:
        # BEGIN is not counted: SQLite's BEGIN IMMEDIATE is sent as a statement, PostgreSQL's is not.
        if asyncio.current_task() is self.task and not statement.startswith("BEGIN"):
            self.statements.append(" ".join(statement.split())[:80])

    def __enter__(self) -> Self:
        self.task = asyncio.current_task()
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc_info) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


def _headers(mint_token, nip: str, instansi_id: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(nip, instansi=instansi_id, roles=['pegawai'])}",
            "Idempotency-Key": str(uuid.uuid4())}


async def _open(client, mint_token, world) -> httpx.Response:
    return await client.post("/v1/penugasan", headers=_headers(mint_token, world.people["kabid_a"], world.id), json={
        "mechanism": "penunjukan", "action": "issue", "pegawai_nip": world.people["jf_a"], "contents": CONTENTS,
        "period_start": "2026-02-02", "period_end": "2026-05-01"})


async def _generation(app) -> int:
    async with app.state.runtime.database.sessions() as session:
        return await session.scalar(select(orm.org_read_model_generation.c.generation))


async def _settled_generation(app, quiet: float = 2.0, limit: float = 180.0) -> int:
    """The read model's generation once no org event has been applied for `quiet` seconds (the service may still be
    working off what other suites published on the shared broker)."""
    deadline = asyncio.get_running_loop().time() + limit
    generation = await _generation(app)
    while asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(quiet)
        now = await _generation(app)
        if now == generation:
            return generation
        generation = now
    pytest.fail(f"the org read model was still changing after {limit:g} s")


async def test_open_and_receive_stay_within_their_statement_budget(service, mint_token):
    app, client, world = service
    # Warm first: the read model's answers are cached for its generation (the first question of each kind reads
    # the tables), so what is counted is what every transition pays. The broker is shared with other suites, whose
    # org events may arrive meanwhile and start a new generation (a cold cache): such an attempt is measured again.
    for _ in range(5):
        before = await _settled_generation(app)
        warm = await _open(client, mint_token, world)
        assert warm.status_code == 201, warm.text
        warm = await client.post(f"/v1/penugasan/{warm.json()['request_id']}/steps", json={"action": "receive"},
                                 headers=_headers(mint_token, world.people["jf_a"], world.id))
        assert warm.status_code == 200, warm.text
        with StatementsOfThisTask(app) as opened_sql:
            opened = await _open(client, mint_token, world)
        assert opened.status_code == 201, opened.text
        request_id = opened.json()["request_id"]
        with StatementsOfThisTask(app) as received_sql:
            received = await client.post(f"/v1/penugasan/{request_id}/steps", json={"action": "receive"},
                                         headers=_headers(mint_token, world.people["jf_a"], world.id))
        assert received.status_code == 200, received.text
        if await _generation(app) == before:
            break
    else:
        pytest.fail("the org read model changed during every one of 5 measurements")
    assert len(opened_sql.statements) <= OPEN_BUDGET, opened_sql.statements
    assert len(received_sql.statements) <= STEP_BUDGET, received_sql.statements


async def test_a_request_stored_with_its_first_step_reads_as_if_stored_then_stepped(service, mint_token):
    """Opening writes the request once, already stepped: version 2, its step, its letter, who acts next."""
    _app, client, world = service
    opened = await _open(client, mint_token, world)
    assert opened.status_code == 201, opened.text
    body = opened.json()
    assert body["version"] == 2 and opened.headers["ETag"] == '"2"'
    assert body["letter"]["kind"] == "surat_perintah"
    assert [(a["nip"], a["action"]) for a in body["next_actors"]] == [(world.people["jf_a"], "receive")]
    jf_headers = _headers(mint_token, world.people["jf_a"], world.id)
    pending = await client.get(f"/v1/pegawai/{world.people['jf_a']}/pending-actions", headers=jf_headers)
    assert body["request_id"] in {p["request_id"] for p in pending.json()}

    received = await client.post(f"/v1/penugasan/{body['request_id']}/steps", json={"action": "receive"},
                                 headers=jf_headers)
    assert received.status_code == 200, received.text
    assert received.json()["version"] == 3 and received.json()["letter"] is None
    view = (await client.get(f"/v1/penugasan/{body['request_id']}", headers=jf_headers)).json()
    assert [h["action"] for h in view["history"]] == ["issue", "receive"]
    assert [h["seq"] for h in view["history"]] == [1, 2]
    assert [letter["kind"] for letter in view["letters"]] == ["surat_perintah"]
    pending = await client.get(f"/v1/pegawai/{world.people['jf_a']}/pending-actions", headers=jf_headers)
    assert body["request_id"] not in {p["request_id"] for p in pending.json()}
