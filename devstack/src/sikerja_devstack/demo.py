"""Demo data: the five instansi of the regulations (and what later issues add), loaded through the public API."""

from __future__ import annotations

import httpx

DEMO_ADMIN_NIP = "199001012015011001"  # synthetic platform administrator

INSTANSI = [
    {"code": "KAB-SUMENEP", "name": "Pemerintah Kabupaten Sumenep", "kind": "kabupaten",
     "regulation_profile": "perbup-sumenep-9-2024"},
    {"code": "KAB-JEPARA", "name": "Pemerintah Kabupaten Jepara", "kind": "kabupaten",
     "regulation_profile": "perbup-jepara-17-2024"},
    {"code": "KOTA-BANDUNG", "name": "Pemerintah Kota Bandung", "kind": "kota",
     "regulation_profile": "perwal-bandung-6-2023"},
    {"code": "KAB-TANAHLAUT", "name": "Pemerintah Kabupaten Tanah Laut", "kind": "kabupaten",
     "regulation_profile": "perbup-tanahlaut-26-2024"},
    {"code": "KOTA-PALANGKARAYA", "name": "Pemerintah Kota Palangka Raya", "kind": "kota",
     "regulation_profile": "perwal-palangkaraya-13-2024"},
]


def mint_token(issuer: str, nip: str, *, instansi: str | None = None, roles: list[str] | None = None) -> str:
    response = httpx.post(f"{issuer}/tokens", json={"sub": nip, "instansi": instansi, "roles": roles or []}, timeout=5)
    response.raise_for_status()
    return response.json()["access_token"]


def load(*, org_registry: str, issuer: str) -> list[str]:
    """Register the demo instansi; already registered ones (409) are left as they are. Returns their codes."""
    token = mint_token(issuer, DEMO_ADMIN_NIP, roles=["platform_admin"])
    headers = {"Authorization": f"Bearer {token}"}
    codes = []
    with httpx.Client(base_url=org_registry, headers=headers, timeout=10) as client:
        for instansi in INSTANSI:
            response = client.post("/v1/instansi", json=instansi)
            if response.status_code not in (201, 409):
                raise RuntimeError(f"demo instansi {instansi['code']}: {response.status_code} {response.text}")
            codes.append(instansi["code"])
    return codes
