from __future__ import annotations

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sikerja_auth import InvalidToken, Principal

bearer = HTTPBearer(auto_error=False, description="JWT from a trusted issuer (sub = NIP, instansi, roles)")


async def current_principal(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
) -> Principal:
    """The verified caller. Missing or invalid tokens become 401 and an unreachable issuer 503 (see app.py)."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise InvalidToken("no bearer token")
    return await request.app.state.runtime.tokens.verify(credentials.credentials)
