"""Demo data: the five instansi of the regulations with their organisations, loaded through the public API."""

from __future__ import annotations

import httpx

from sikerja_devstack.demo_organisations import ORGANISATIONS, organisation_document

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


DEMO_INSTANSI_ADMIN_NIP = "198707172010012001"  # synthetic admin of each demo instansi


def load(*, org_registry: str, issuer: str) -> list[str]:
    """Register the demo instansi and import their organisations; loading twice changes nothing."""
    token = mint_token(issuer, DEMO_ADMIN_NIP, roles=["platform_admin"])
    codes = []
    with httpx.Client(base_url=org_registry, timeout=60) as client:
        existing = {i["code"]: i["id"] for i in client.get(
            "/v1/instansi", params={"limit": 500}, headers={"Authorization": f"Bearer {token}"}).json()["items"]}
        for index, instansi in enumerate(INSTANSI, 1):
            if instansi["code"] not in existing:
                response = client.post("/v1/instansi", json=instansi, headers={"Authorization": f"Bearer {token}"})
                if response.status_code != 201:
                    raise RuntimeError(f"demo instansi {instansi['code']}: {response.status_code} {response.text}")
                existing[instansi["code"]] = response.json()["id"]
            _load_organisation(client, issuer, existing[instansi["code"]], instansi["regulation_profile"], index)
            codes.append(instansi["code"])
    return codes


def _load_organisation(client: httpx.Client, issuer: str, instansi_id: str, profile: str, index: int) -> None:
    authority, _ = ORGANISATIONS[profile]
    admin = {"Authorization": "Bearer " + mint_token(issuer, DEMO_INSTANSI_ADMIN_NIP, instansi=instansi_id,
                                                     roles=["admin_instansi", authority])}
    document = organisation_document(profile, index)
    url = f"/v1/instansi/{instansi_id}/organisation"
    structure = client.post(url, json=document, headers=admin)
    if structure.status_code != 200:
        raise RuntimeError(f"demo organisation of {profile}: {structure.status_code} {structure.text[:2000]}")
    # Declare each kedudukan the regulation expects, as the authority's decree would.
    expected = client.get(f"/v1/instansi/{instansi_id}/kedudukan/discrepancies", headers=admin).json()
    document["kedudukan"] = [
        {"nip": d["nip"], "penilai_nip": d["expected_penilai_nip"], "start": "2025-01-02",
         "basis_document": "Keputusan penetapan kedudukan (contoh)"}
        for d in expected if d["code"] == "kedudukan.missing" and d["expected_penilai_nip"]
    ]
    if document["kedudukan"]:
        declared = client.post(url, json=document, headers=admin)
        if declared.status_code != 200:
            raise RuntimeError(f"demo kedudukan of {profile}: {declared.status_code} {declared.text[:2000]}")
