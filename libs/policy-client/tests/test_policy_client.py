"""PolicyClient against the real OPA sidecar with the project's policies, and against OPA that cannot answer."""

import asyncio
import socket

import pytest
from sikerja_policy_client import PolicyClient, PolicyDenied, PolicyUnavailable
from sikerja_policy_client.client import MALFORMED_REASON_CODE, UNDEFINED_REASON_CODE, read_decision

ORG_ADMIN = "sikerja.org_admin.decision"


def _register(roles):
    return {
        "action": "instansi.register",
        "actor": {"nip": "199001012015011001", "instansi": None, "roles": roles},
        "resource": {"kind": "instansi", "code": "KAB-JEPARA", "regulation_profile": "perbup-jepara-17-2024"},
    }


@pytest.mark.integration
async def test_allowing_decision_carries_reasons_and_a_decision_id(opa_url):
    async with PolicyClient(opa_url) as client:
        decision = await client.authorize(ORG_ADMIN, _register(["platform_admin"]))
    assert decision.allow
    assert decision.decision_id  # decision logging is on in the sidecar
    assert [r.code for r in decision.reasons] == ["org_admin.allowed"]


@pytest.mark.integration
async def test_refusal_raises_with_reasons_in_bahasa_indonesia(opa_url):
    async with PolicyClient(opa_url) as client:
        with pytest.raises(PolicyDenied) as refused:
            await client.authorize(ORG_ADMIN, _register(["pegawai"]))
    reasons = refused.value.decision.reasons
    assert reasons[0].code == "org_admin.not_platform_admin"
    assert "administrator platform" in reasons[0].message


@pytest.mark.integration
async def test_undefined_decision_is_a_refusal_not_an_error(opa_url):
    async with PolicyClient(opa_url) as client:
        decision = await client.decide("sikerja.no_such_policy.decision", {})
    assert not decision.allow
    assert decision.reasons[0].code == UNDEFINED_REASON_CODE


async def test_unreachable_sidecar_fails_closed():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before use: nothing listens there
    async with PolicyClient(f"http://127.0.0.1:{port}") as client:
        with pytest.raises(PolicyUnavailable):
            await client.decide(ORG_ADMIN, _register(["platform_admin"]))
        assert not await client.healthy()


async def test_sidecar_that_never_answers_fails_closed_within_the_timeout():
    async def hang(reader, writer):
        await asyncio.sleep(30)

    server = await asyncio.start_server(hang, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with PolicyClient(f"http://127.0.0.1:{port}", timeout=0.2) as client:
            started = asyncio.get_running_loop().time()
            with pytest.raises(PolicyUnavailable):
                await client.decide(ORG_ADMIN, {})
            assert asyncio.get_running_loop().time() - started < 1.0
    finally:
        server.close()


async def test_answers_are_asked_for_uncompressed():
    """OPA gzips an answer over 1 KiB for a client that accepts it; on loopback that is CPU spent on both sides."""
    seen: list[bytes] = []

    async def answer(reader, writer):
        seen.append(await reader.readuntil(b"\r\n\r\n"))
        await reader.readexactly(int(seen[-1].lower().split(b"content-length:")[1].split(b"\r\n")[0]))
        body = b'{"result": {"allow": true, "reasons": []}, "decision_id": "d-1"}'
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\n\r\n" + body)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with PolicyClient(f"http://127.0.0.1:{port}") as client:
            assert (await client.decide(ORG_ADMIN, {})).allow
    finally:
        server.close()
    headers = seen[0].decode().lower().split("\r\n")
    assert "accept-encoding: identity" in headers


@pytest.mark.parametrize(
    "body",
    [
        {"result": {"allow": "yes"}},
        {"result": True},
        {"result": {"allow": True, "reasons": "none"}},
        {"result": {"allow": True, "reasons": [{"code": 1}]}},
        {"result": {"allow": True, "obligations": []}},
    ],
)
def test_malformed_results_are_refusals(body):
    decision = read_decision(body, "p")
    assert not decision.allow
    assert decision.reasons[0].code == MALFORMED_REASON_CODE


def test_well_formed_result_is_read_whole():
    decision = read_decision(
        {
            "decision_id": "d-1",
            "result": {
                "allow": True,
                "reasons": [{"code": "x", "message": "boleh", "source": "Pasal 1"}],
                "obligations": {"tembusan": ["Sekretaris Daerah"]},
            },
        },
        "p",
    )
    assert decision.allow and decision.decision_id == "d-1"
    assert decision.reasons[0].source == "Pasal 1"
    assert decision.obligations == {"tembusan": ["Sekretaris Daerah"]}


@pytest.mark.integration
async def test_data_documents_are_read_from_the_sidecar(opa_url):
    async with PolicyClient(opa_url) as client:
        profile = await client.document("sikerja.profiles.perbup-sumenep-9-2024")
        missing = await client.document("sikerja.profiles.perbup-entah-1-2099")
    assert profile["regulation"] == "Perbup Sumenep 9/2024"
    assert profile["kedudukan"]["decided_by"]["role"] == "bupati"
    assert missing is None
