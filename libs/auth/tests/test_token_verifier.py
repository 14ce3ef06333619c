"""TokenVerifier against a real dev issuer process (JWKS over HTTP) and against issuers that cannot be reached."""

from pathlib import Path

import httpx
import jwt
import pytest
from sikerja_auth import InvalidToken, IssuerUnavailable, TokenVerifier
from sikerja_auth.dev_issuer import DevIssuer


@pytest.fixture
async def verifier(token_issuer_url):
    verifier = TokenVerifier({token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"}, audience="sikerja")
    yield verifier
    await verifier.close()


async def test_valid_token_gives_the_principal(verifier, mint_token, token_issuer_url):
    token = mint_token("199001012015011001", instansi="inst-1", roles=["platform_admin"])
    principal = await verifier.verify(token)
    assert principal.subject == "199001012015011001"
    assert principal.instansi == "inst-1"
    assert principal.roles == ("platform_admin",)
    assert principal.issuer == token_issuer_url


async def test_tampered_token_is_rejected(verifier, mint_token):
    header, payload, signature = mint_token("199001012015011001").split(".")
    forged_payload = jwt.utils.base64url_encode(b'{"sub":"someone-else"}').decode()
    with pytest.raises(InvalidToken):
        await verifier.verify(f"{header}.{forged_payload}.{signature}")


async def test_token_from_an_untrusted_issuer_is_rejected(verifier, tmp_path: Path):
    stranger = DevIssuer.from_key_file("http://stranger.example", tmp_path / "k.pem")
    with pytest.raises(InvalidToken, match="untrusted issuer"):
        await verifier.verify(stranger.mint("1", instansi=None, roles=["platform_admin"]))


async def test_token_signed_by_another_key_under_a_trusted_issuer_is_rejected(verifier, token_issuer_url, tmp_path):
    impostor = DevIssuer.from_key_file(token_issuer_url, tmp_path / "other.pem")
    with pytest.raises(InvalidToken):
        await verifier.verify(impostor.mint("1", instansi=None, roles=["platform_admin"]))


async def test_expired_and_wrong_audience_tokens_are_rejected(tmp_path):
    issuer = DevIssuer.from_key_file("https://idp.example", tmp_path / "k.pem")
    jwks = httpx.MockTransport(lambda request: httpx.Response(200, json=issuer.jwks()))
    verifier = TokenVerifier({issuer.issuer: "https://idp.example/jwks"}, audience="sikerja",
                             http=httpx.AsyncClient(transport=jwks))
    try:
        assert (await verifier.verify(issuer.mint("1", instansi=None, roles=[]))).subject == "1"
        with pytest.raises(InvalidToken, match="expired"):
            await verifier.verify(issuer.mint("1", instansi=None, roles=[], ttl_seconds=-120))
        other_audience = DevIssuer(issuer.issuer, issuer.private_key, audience="another-platform")
        with pytest.raises(InvalidToken, match="(?i)audience"):
            await verifier.verify(other_audience.mint("1", instansi=None, roles=[]))
    finally:
        await verifier.close()


async def test_malformed_token_is_rejected(verifier):
    with pytest.raises(InvalidToken, match="malformed"):
        await verifier.verify("not-a-jwt")


async def test_unreachable_jwks_fails_closed(tmp_path):
    issuer = DevIssuer.from_key_file("http://127.0.0.1:9", tmp_path / "k.pem")
    verifier = TokenVerifier({issuer.issuer: "http://127.0.0.1:9/.well-known/jwks.json"}, audience="sikerja")
    try:
        with pytest.raises(IssuerUnavailable):
            await verifier.verify(issuer.mint("1", instansi=None, roles=["platform_admin"]))
    finally:
        await verifier.close()
