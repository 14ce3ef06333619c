"""A Sumenep Dinas Kesehatan with a Puskesmas (synthetic people, real position names) and the org-registry app
that the integration tests drive over HTTP with real OPA, Kafka and database."""

import httpx
import pytest
from org_registry.bootstrap import build_app
from org_registry.config import Settings

PLATFORM_ADMIN = "199001012015011001"
ADMIN = "198503302010011002"


def nip(n: int) -> str:
    return f"1985{(n % 12) + 1:02d}{(n % 27) + 1:02d}2010{(n % 12) + 1:02d}{1 + n % 2}{n + 1:03d}"


def sumenep_dinas_kesehatan() -> dict:
    """Dinas (pola II) and a Puskesmas under it (pola IX), synthetic people, real position names."""
    return {
        "perangkat_daerah": [
            {"code": "DINKES", "name": "Dinas Kesehatan, Perlindungan Penduduk dan Keluarga Berencana", "pd_type": "dinas"},
            {"code": "PKM-PANDIAN", "name": "UPTD Puskesmas Pandian", "pd_type": "puskesmas", "parent": "DINKES"},
        ],
        "units": [
            {"code": "DINKES", "pd": "DINKES", "name": "Dinas Kesehatan"},
            {"code": "YANKES", "pd": "DINKES", "parent": "DINKES", "name": "Bidang Pelayanan Kesehatan"},
            {"code": "RUJUKAN", "pd": "DINKES", "parent": "YANKES", "name": "Seksi Pelayanan Kesehatan Rujukan"},
            {"code": "PKM", "pd": "PKM-PANDIAN", "name": "Puskesmas Pandian"},
        ],
        "positions": [
            {"code": "KADIS", "unit": "DINKES", "title": "Kepala Dinas", "kind": "jpt_pratama", "leads_unit": True},
            {"code": "KABID", "unit": "YANKES", "title": "Kepala Bidang Pelayanan Kesehatan", "kind": "administrator", "leads_unit": True},
            {"code": "KASI", "unit": "RUJUKAN", "title": "Kepala Seksi Pelayanan Kesehatan Rujukan", "kind": "pengawas", "leads_unit": True},
            {"code": "ADMINKES", "unit": "RUJUKAN", "title": "Administrator Kesehatan Ahli Pertama", "kind": "fungsional", "jenjang": "ahli_pertama"},
            {"code": "PENGADM", "unit": "RUJUKAN", "title": "Pengadministrasi Perkantoran", "kind": "pelaksana", "kelas_jabatan": 6},
            {"code": "KAPKM", "unit": "PKM", "title": "Kepala Puskesmas Pandian", "kind": "fungsional", "jenjang": "ahli_muda", "leads_unit": True},
            {"code": "DOKTER", "unit": "PKM", "title": "Dokter Ahli Pertama", "kind": "fungsional", "jenjang": "ahli_pertama"},
        ],
        "pegawai": [
            {"nip": nip(n), "name": name, "status": "PNS", "pendidikan": "S1"}
            for n, name in enumerate(["Rina Saputri", "Bagus Wicaksono", "Dewi Anggraini", "Fajar Nugroho",
                                      "Sri Wahyuni", "Hendra Kurniawan", "Maya Lestari"])
        ],
        "placements": [
            {"nip": nip(n), "position": code, "start": "2024-04-01"}
            for n, code in enumerate(["KADIS", "KABID", "KASI", "ADMINKES", "PENGADM", "KAPKM", "DOKTER"])
        ],
        "kedudukan": [
            {"nip": nip(3), "penilai_nip": nip(1), "start": "2024-04-01", "basis_document": "Keputusan Bupati Sumenep (sintetis)"},
            {"nip": nip(4), "penilai_nip": nip(1), "start": "2024-04-01"},
            {"nip": nip(6), "penilai_nip": nip(5), "start": "2024-04-01"},
        ],
    }


@pytest.fixture
async def api(database_url, kafka_bootstrap, opa_url, token_issuer_url, mint_token):
    settings = Settings(database_url=database_url, kafka_bootstrap_servers=kafka_bootstrap, opa_url=opa_url,
                        token_issuers={token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"})
    app = build_app(settings)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://org") as client:
            platform = {"Authorization": f"Bearer {mint_token(PLATFORM_ADMIN, roles=['platform_admin'])}"}
            created = await client.post("/v1/instansi", headers=platform, json={
                "code": "KAB-SUMENEP", "name": "Pemerintah Kabupaten Sumenep", "kind": "kabupaten",
                "regulation_profile": "perbup-sumenep-9-2024"})
            instansi_id = created.json()["id"]

            def as_admin(*roles: str, instansi: str = instansi_id) -> dict:
                return {"Authorization": f"Bearer {mint_token(ADMIN, instansi=instansi, roles=list(roles))}"}

            yield app, client, instansi_id, as_admin
