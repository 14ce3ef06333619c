"""notification keeps the names it sends messages under, from org-registry's events."""

import uuid

import httpx
import pytest
from notification.bootstrap import build_app
from notification.config import Settings
from sikerja_events import CloudEvent, encode_event

pytestmark = pytest.mark.integration


async def test_letterheads_list_every_registered_instansi_by_code(database_url, kafka_bootstrap, opa_url,
                                                                  token_issuer_url, mint_token):
    app = build_app(Settings(database_url=database_url, kafka_bootstrap_servers=kafka_bootstrap, opa_url=opa_url,
                             token_issuers={token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"}))
    async with app.router.lifespan_context(app):
        [consumer] = app.state.runtime.consumers
        suffix = uuid.uuid4().hex[:6].upper()
        ours = [(f"KOTA-PALANGKARAYA-{suffix}", "Pemerintah Kota Palangka Raya"),
                (f"KAB-TANAHLAUT-{suffix}", "Pemerintah Kabupaten Tanah Laut")]
        for code, name in ours:
            event = CloudEvent(source="/sikerja/org-registry", type="id.sikerja.org.instansi_registered.v1",
                               data={"instansi_id": str(uuid.uuid4()), "code": code, "name": name,
                                     "kind": "kota", "regulation_profile": "perwal-palangkaraya-13-2024"})
            await consumer.consume(encode_event(event), topic="sikerja.org.instansi")
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://n") as client:
            anonymous = await client.get("/v1/letterheads")
            listed = await client.get("/v1/letterheads",
                                      headers={"Authorization": f"Bearer {mint_token('199203152019032004')}"})
    assert anonymous.status_code == 401
    # The service also consumes the shared topic, so other tests' instansi may be listed too: look at ours.
    listed_ours = [(item["code"], item["name"]) for item in listed.json() if item["code"].endswith(suffix)]
    assert listed_ours == sorted(ours)
