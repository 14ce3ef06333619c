"""A small token issuer for the local demo and the tests. Never for production.

``python -m sikerja_auth.dev_issuer --port 8099 --key-file .cache/devstack/dev-issuer.pem`` serves
``GET /.well-known/jwks.json`` and ``POST /tokens`` (``{"sub": NIP, "instansi": id, "roles": [...]}``).
The signing key is created on first start and kept in the (git-ignored) key file.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from pydantic import BaseModel, Field

AUDIENCE = "sikerja"


class DevIssuer:
    def __init__(self, issuer: str, private_key: rsa.RSAPrivateKey, *, audience: str = AUDIENCE) -> None:
        self.issuer = issuer
        self.audience = audience
        self.private_key = private_key
        self.kid = "dev-" + uuid.uuid5(uuid.NAMESPACE_URL, issuer).hex[:12]

    @classmethod
    def from_key_file(cls, issuer: str, key_file: Path) -> DevIssuer:
        if key_file.exists():
            key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            )
            key_file.chmod(0o600)
        return cls(issuer, key)

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key()))
        return {"keys": [public | {"kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def mint(self, subject: str, *, instansi: str | None, roles: list[str], ttl_seconds: int = 3600, **extra: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "iat": now,
            "exp": now + ttl_seconds,
            "instansi": instansi,
            "roles": roles,
        } | extra
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": self.kid})


class TokenRequest(BaseModel):
    sub: str = Field(min_length=1, description="NIP of the (synthetic) person")
    instansi: str | None = None
    roles: list[str] = []
    name: str | None = None
    ttl_seconds: int = Field(default=3600, gt=0, le=86400)


def build_app(issuer: DevIssuer) -> FastAPI:
    app = FastAPI(title="Sikerja dev token issuer", version="1")

    @app.get("/.well-known/jwks.json")
    async def jwks() -> dict[str, Any]:
        return issuer.jwks()

    @app.post("/tokens")
    async def mint(request: TokenRequest) -> dict[str, str]:
        extra = {"name": request.name} if request.name else {}
        token = issuer.mint(
            request.sub, instansi=request.instansi, roles=request.roles, ttl_seconds=request.ttl_seconds, **extra
        )
        return {"access_token": token, "token_type": "Bearer"}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--key-file", type=Path, required=True)
    parser.add_argument("--issuer", help="the iss claim and the URL services fetch JWKS from (default http://HOST:PORT)")
    args = parser.parse_args()
    issuer = DevIssuer.from_key_file(args.issuer or f"http://{args.host}:{args.port}", args.key_file)
    uvicorn.run(build_app(issuer), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
