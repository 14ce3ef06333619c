from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

ALGORITHMS = ["RS256", "ES256"]


@dataclass(frozen=True)
class Principal:
    subject: str
    issuer: str
    instansi: str | None
    roles: tuple[str, ...]
    name: str | None = None

    def as_policy_actor(self) -> dict[str, Any]:
        return {"nip": self.subject, "issuer": self.issuer, "instansi": self.instansi, "roles": list(self.roles)}


class InvalidToken(Exception):
    """The token is missing, malformed, expired, from an untrusted issuer, or its signature does not verify."""


class IssuerUnavailable(Exception):
    """The issuer's JWKS could not be fetched, so nothing can be verified: refuse with 503."""


class TokenVerifier:
    """Verifies RS256/ES256 JWTs against each trusted issuer's JWKS, cached and refreshed on an unknown ``kid``."""

    def __init__(
        self,
        issuers: dict[str, str],
        *,
        audience: str,
        http_timeout: float = 2.0,
        cache_seconds: float = 300.0,
        leeway_seconds: int = 30,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self._issuers = dict(issuers)
        self._audience = audience
        self._cache_seconds = cache_seconds
        self._leeway = leeway_seconds
        self._http = http or httpx.AsyncClient(timeout=http_timeout)
        self._keys: dict[str, tuple[float, dict[str, Any]]] = {}
        self._lock = asyncio.Lock()
        # Verified tokens, until they expire: a caller sends the same token many times.
        self._verified: dict[str, tuple[float, Principal]] = {}

    async def close(self) -> None:
        await self._http.aclose()

    async def _jwks(self, issuer: str, *, refresh: bool) -> dict[str, Any]:
        cached = self._keys.get(issuer)
        if cached and not refresh and time.monotonic() - cached[0] < self._cache_seconds:
            return cached[1]
        async with self._lock:
            try:
                response = await self._http.get(self._issuers[issuer])
                response.raise_for_status()
                keys = {key["kid"]: key for key in response.json()["keys"]}
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                raise IssuerUnavailable(f"JWKS of {issuer} unavailable: {exc}") from exc
            self._keys[issuer] = (time.monotonic(), keys)
            return keys

    async def verify(self, token: str) -> Principal:
        cached = self._verified.get(token)
        if cached is not None and cached[0] > time.time():
            return cached[1]
        principal, expires = await self._verify_uncached(token)
        if len(self._verified) > 10_000:
            self._verified.clear()
        self._verified[token] = (expires, principal)
        return principal

    async def _verify_uncached(self, token: str) -> tuple[Principal, float]:
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"malformed token: {exc}") from exc
        issuer = unverified.get("iss")
        if issuer not in self._issuers:
            raise InvalidToken(f"untrusted issuer: {issuer!r}")
        kid = header.get("kid")
        keys = await self._jwks(issuer, refresh=False)
        if kid not in keys:
            keys = await self._jwks(issuer, refresh=True)
        if kid not in keys:
            raise InvalidToken(f"unknown signing key {kid!r} for {issuer}")
        try:
            key = jwt.PyJWK.from_json(json.dumps(keys[kid]))
            claims = jwt.decode(
                token,
                key=key,
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        roles = claims.get("roles", [])
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise InvalidToken("roles claim must be a list of strings")
        principal = Principal(
            subject=claims["sub"],
            issuer=issuer,
            instansi=claims.get("instansi"),
            roles=tuple(roles),
            name=claims.get("name"),
        )
        return principal, float(claims["exp"])
