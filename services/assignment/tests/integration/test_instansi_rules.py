"""assignment learns each instansi's regulation profile from org-registry's events, once each."""

import uuid

import httpx
import pytest
from assignment.bootstrap import build_app
from assignment.config import Settings
from sikerja_events import CloudEvent, encode_event
from sikerja_inbox import Outcome

pytestmark = pytest.mark.integration


def instansi_registered(instansi_id: str, profile: str) -> bytes:
    return encode_event(
        CloudEvent(
            source="/sikerja/org-registry",
            type="id.sikerja.org.instansi_registered.v1",
            subject=f"instansi/{instansi_id}",
            instansi=instansi_id,
            data={"instansi_id": instansi_id, "code": "KAB-JEPARA", "name": "Pemerintah Kabupaten Jepara",
                  "kind": "kabupaten", "regulation_profile": profile},
        )
    )


@pytest.fixture
async def service(database_url, kafka_bootstrap, opa_url, token_issuer_url):
    app = build_app(Settings(database_url=database_url, kafka_bootstrap_servers=kafka_bootstrap, opa_url=opa_url,
                             token_issuers={token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"}))
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://assignment") as client:
            yield app.state.runtime, client


async def test_profile_of_a_registered_instansi_is_known_once(service, mint_token):
    runtime, client = service
    [consumer] = runtime.consumers
    instansi_id = str(uuid.uuid4())
    payload = instansi_registered(instansi_id, "perbup-jepara-17-2024")
    assert await consumer.consume(payload, topic="sikerja.org.instansi") is Outcome.APPLIED
    assert await consumer.consume(payload, topic="sikerja.org.instansi") is Outcome.DUPLICATE

    headers = {"Authorization": f"Bearer {mint_token('198702142011012003')}"}
    known = await client.get(f"/v1/instansi-rules/{instansi_id}", headers=headers)
    assert known.json() == {"instansi_id": instansi_id, "name": "Pemerintah Kabupaten Jepara",
                            "regulation_profile": "perbup-jepara-17-2024"}
    unknown = await client.get(f"/v1/instansi-rules/{uuid.uuid4()}", headers=headers)
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"


async def test_event_missing_a_field_assignment_reads_is_dead_lettered(service):
    runtime, _client = service
    [consumer] = runtime.consumers
    event = CloudEvent(source="/sikerja/org-registry", type="id.sikerja.org.instansi_registered.v1",
                       data={"instansi_id": str(uuid.uuid4()), "name": "Tanpa profil"})
    assert await consumer.consume(encode_event(event), topic="sikerja.org.instansi") is Outcome.DEAD_LETTERED
