"""An organisation imported into org-registry reaches assignment's read model: org-registry → outbox → Kafka →
assignment's inbox → the answers its policies need (place, PUO, Kepala Perangkat Daerah, Pejabat yang Berwenang,
penilai), the same answers org-registry gives.

Both services run in-process (their real apps and lifespans) against the real Kafka, OPA and token issuer, each
with its own database. Kafka may hold other suites' events on the same topics, so the people here have NIPs of
their own.
"""

from __future__ import annotations

import asyncio
import random
import time

import httpx
import pytest
from assignment.adapters.org_directory import OrgDirectory
from assignment.bootstrap import build_app as build_assignment
from assignment.config import Settings as AssignmentSettings
from org_registry.bootstrap import build_app as build_org_registry
from org_registry.config import Settings as OrgRegistrySettings

pytestmark = pytest.mark.integration

PLATFORM_ADMIN = "199001012015011001"
ADMIN = "198503302010011002"
ROLES = ["KADIS", "KABID", "KASI", "ADMINKES", "PENGADM", "KAPKM", "DOKTER", "SEKDA"]


def fresh_nips(count: int) -> list[str]:
    """Valid, random NIPs (birth date, appointment 25 years later, gender, sequence)."""
    rng = random.Random()
    nips: set[str] = set()
    while len(nips) < count:
        year = rng.randint(1970, 1995)
        nips.add(f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{year + 25}{rng.randint(1, 12):02d}"
                 f"{rng.randint(1, 2)}{rng.randint(1, 999):03d}")
    return sorted(nips)


def sumenep_organisation(nip: dict[str, str]) -> dict:
    """A Dinas (pola II) with a Puskesmas under it (pola IX) and the Sekretariat Daerah; synthetic people."""
    positions = [
        ("KADIS", "DINKES", "Kepala Dinas", "jpt_pratama", None, True),
        ("KABID", "YANKES", "Kepala Bidang Pelayanan Kesehatan", "administrator", None, True),
        ("KASI", "RUJUKAN", "Kepala Seksi Pelayanan Kesehatan Rujukan", "pengawas", None, True),
        ("ADMINKES", "RUJUKAN", "Administrator Kesehatan Ahli Pertama", "fungsional", "ahli_pertama", False),
        ("PENGADM", "RUJUKAN", "Pengadministrasi Perkantoran", "pelaksana", None, False),
        ("KAPKM", "PKM", "Kepala Puskesmas Pandian", "fungsional", "ahli_muda", True),
        ("DOKTER", "PKM", "Dokter Ahli Pertama", "fungsional", "ahli_pertama", False),
        ("SEKDA", "SETDA", "Sekretaris Daerah", "jpt_pratama", None, True),
    ]
    names = ["Rina Saputri", "Bagus Wicaksono", "Dewi Anggraini", "Fajar Nugroho", "Sri Wahyuni", "Hendra Kurniawan",
             "Maya Lestari", "Wahyu Pratama"]
    return {
        "perangkat_daerah": [
            {"code": "DINKES", "name": "Dinas Kesehatan, Perlindungan Penduduk dan Keluarga Berencana",
             "pd_type": "dinas"},
            {"code": "PKM-PANDIAN", "name": "UPTD Puskesmas Pandian", "pd_type": "puskesmas", "parent": "DINKES"},
            {"code": "SETDA", "name": "Sekretariat Daerah", "pd_type": "sekretariat_daerah"},
        ],
        "units": [
            {"code": "DINKES", "pd": "DINKES", "name": "Dinas Kesehatan"},
            {"code": "YANKES", "pd": "DINKES", "parent": "DINKES", "name": "Bidang Pelayanan Kesehatan"},
            {"code": "RUJUKAN", "pd": "DINKES", "parent": "YANKES", "name": "Seksi Pelayanan Kesehatan Rujukan"},
            {"code": "PKM", "pd": "PKM-PANDIAN", "name": "Puskesmas Pandian"},
            {"code": "SETDA", "pd": "SETDA", "name": "Sekretariat Daerah"},
        ],
        "positions": [
            {"code": code, "unit": unit, "title": title, "kind": kind, "leads_unit": leads}
            | ({"jenjang": jenjang} if jenjang else {}) | ({"kelas_jabatan": 6} if kind == "pelaksana" else {})
            for code, unit, title, kind, jenjang, leads in positions
        ],
        "pegawai": [{"nip": nip[code], "name": name, "status": "PNS", "pendidikan": "S1"}
                    for code, name in zip(ROLES, names, strict=True)],
        "placements": [{"nip": nip[code], "position": code, "start": "2024-04-01"} for code in ROLES],
        "kedudukan": [
            {"nip": nip["ADMINKES"], "penilai_nip": nip["KABID"], "start": "2024-04-01"},
            {"nip": nip["PENGADM"], "penilai_nip": nip["KABID"], "start": "2024-04-01"},
            {"nip": nip["DOKTER"], "penilai_nip": nip["KAPKM"], "start": "2024-04-01"},
        ],
    }


@pytest.fixture
async def services(database_url_factory, kafka_bootstrap, opa_url, token_issuer_url):
    common = {"kafka_bootstrap_servers": kafka_bootstrap, "opa_url": opa_url, "outbox_poll_seconds": 0.1,
              "token_issuers": {token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"}}
    org_registry = build_org_registry(OrgRegistrySettings(database_url=database_url_factory(), **common))
    assignment = build_assignment(AssignmentSettings(database_url=database_url_factory(), **common))
    async with (assignment.router.lifespan_context(assignment), org_registry.router.lifespan_context(org_registry),
                httpx.AsyncClient(transport=httpx.ASGITransport(app=org_registry), base_url="http://org") as client):
        yield client, assignment.state.runtime


async def _eventually(check, timeout: float = 90.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(interval)


async def test_an_imported_organisation_reaches_assignments_read_model(services, mint_token):
    client, assignment = services
    nip = dict(zip(ROLES, fresh_nips(len(ROLES)), strict=True))
    platform = {"Authorization": f"Bearer {mint_token(PLATFORM_ADMIN, roles=['platform_admin'])}"}
    registered = await client.post("/v1/instansi", headers=platform, json={
        "code": "KAB-SUMENEP", "name": "Pemerintah Kabupaten Sumenep", "kind": "kabupaten",
        "regulation_profile": "perbup-sumenep-9-2024"})
    assert registered.status_code == 201, registered.text
    instansi_id = registered.json()["id"]
    admin = {"Authorization": f"Bearer {mint_token(ADMIN, instansi=instansi_id, roles=['admin_instansi', 'bupati'])}"}
    imported = await client.post(f"/v1/instansi/{instansi_id}/organisation", json=sumenep_organisation(nip),
                                 headers=admin)
    assert imported.status_code == 200, imported.text

    # what org-registry answers, to be compared with what assignment learnt from the events
    scope = (await client.get("/v1/scope", params={"from_nip": nip["ADMINKES"], "to_nip": nip["DOKTER"]},
                              headers=admin)).json()
    jf, dokter = scope["requester"], scope["target"]

    async def side_of(code: str) -> dict:
        return (await client.get("/v1/scope", params={"from_nip": nip[code], "to_nip": nip[code]},
                                 headers=admin)).json()["requester"]

    kasi_unit, kabid = (await side_of("KASI"))["unit_id"], await side_of("KABID")
    penilai = (await client.get(f"/v1/pegawai/{nip['ADMINKES']}/penilai", headers=admin)).json()
    assert jf["pejabat_yang_berwenang"]["nip"] == nip["SEKDA"] and penilai["penilai_nip"] == nip["KABID"]

    async def answers():
        async with assignment.database.sessions() as session:
            directory = OrgDirectory(session)
            place = await directory.place_of(nip["ADMINKES"])
            kasi = await directory.place_of(nip["KASI"])
            return {
                "place": place.place.as_input() if place else None,
                "jabatan": place.jabatan.as_input() if place else None,
                "status": place.status if place else None,
                "kasi_unit": kasi.place.unit if kasi else None,
                "puo": await directory.puo_of(jf["unit_id"]),
                "puo_of_puskesmas": await directory.puo_of(dokter["unit_id"]),
                "kepala_perangkat_daerah": await directory.kepala_perangkat_daerah_of(jf["pd_id"]),
                "pejabat_yang_berwenang": await directory.pejabat_yang_berwenang_of(instansi_id),
                "penilai": await directory.penilai_of(nip["ADMINKES"]),
                "penilai_dokter": await directory.penilai_of(nip["DOKTER"]),
            }

    expected = {
        "place": {"instansi": instansi_id, "perangkat_daerah": jf["pd_id"], "unit": jf["unit_id"]},
        "jabatan": {"kind": "fungsional", "jenjang": "ahli_pertama"},
        "status": "PNS",  # from the pegawai_updated the import sent
        "kasi_unit": kasi_unit,  # a Kepala Seksi works in the Bidang above
        "puo": jf["pimpinan_unit_organisasi"]["nip"],
        "puo_of_puskesmas": dokter["pimpinan_unit_organisasi"]["nip"],
        "kepala_perangkat_daerah": jf["kepala_perangkat_daerah"]["nip"],
        "pejabat_yang_berwenang": jf["pejabat_yang_berwenang"]["nip"],
        "penilai": penilai["penilai_nip"],
        "penilai_dokter": nip["KAPKM"],
    }
    assert expected["puo"] == nip["KASI"] and expected["kepala_perangkat_daerah"] == nip["KADIS"]

    async def caught_up():
        return await answers() == expected

    assert await _eventually(caught_up), f"assignment answers {await answers()}, org-registry {expected}"
    async with assignment.database.sessions() as session:
        actor = await OrgDirectory(session).policy_actor(nip["KABID"], ["pegawai"])
    assert actor["place"] == {"instansi": instansi_id, "perangkat_daerah": kabid["pd_id"], "unit": kabid["unit_id"]}
    assert actor["jabatan"] == {"kind": "administrator", "jenjang": None} and actor["status"] == "PNS"
    assert {"as": "penilai_kinerja", "of": jf["unit_id"]} in actor["officiates"]
    assert {"as": "puo", "of": kasi_unit} in actor["officiates"]
