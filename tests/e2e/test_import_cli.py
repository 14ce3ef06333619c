"""The import CLI against a running org-registry: CSV in, progress and a report out; a bad file names every row."""

import os
import subprocess
import sys
import uuid

import httpx
import pytest

pytestmark = pytest.mark.integration

ORG = {
    "perangkat_daerah.csv": "code,name,pd_type\nKEC,Kecamatan Kota Sumenep,kecamatan\n",
    "units.csv": "code,pd,parent,name\nKEC,KEC,,Kecamatan Kota Sumenep\nKASI,KEC,KEC,Seksi Pemerintahan\n",
    "positions.csv": "code,unit,title,kind,jenjang,leads_unit\nCAMAT,KEC,Camat,administrator,,true\n"
                     "KASI,KASI,Kepala Seksi Pemerintahan,pengawas,,true\n"
                     "ANALIS,KASI,Analis Pemerintahan,fungsional,ahli_pertama,false\n",
    "pegawai.csv": "nip,name,status\n198302142008011001,Agus Setiawan,PNS\n198707172012012002,Nia Rahma,PNS\n"
                   "199001012015011003,Yoga Pratama,PPPK\n",
    "placements.csv": "nip,position,start\n198302142008011001,CAMAT,2025-01-02\n"
                      "198707172012012002,KASI,2025-01-02\n199001012015011003,ANALIS,2025-01-02\n",
    "kedudukan.csv": "nip,penilai_nip,start\n199001012015011003,198707172012012002,2025-01-02\n",
}


def _cli(service, token: str, directory, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "org_registry.entrypoints.import_cli", "--url", service.url, *extra, str(directory)],
        env=os.environ | {"SIKERJA_TOKEN": token}, capture_output=True, text=True, timeout=120,
    )


async def test_csv_import_through_the_cli(launch, endpoints, mint_token, tmp_path):
    org = launch("org-registry", endpoints)
    platform = {"Authorization": f"Bearer {mint_token('199001012015011001', roles=['platform_admin'])}"}
    instansi = httpx.post(f"{org.url}/v1/instansi", headers=platform, timeout=10, json={
        "code": f"KAB-{uuid.uuid4().hex[:6].upper()}", "name": "Pemerintah Kabupaten Sumenep", "kind": "kabupaten",
        "regulation_profile": "perbup-sumenep-9-2024"}).json()["id"]
    for name, content in ORG.items():
        (tmp_path / name).write_text(content)
    token = mint_token("198503302010011002", instansi=instansi, roles=["admin_instansi", "bupati"])

    dry = _cli(org, token, tmp_path, "--instansi", instansi, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "akan dibuat" in dry.stdout and "mengunggah" in dry.stderr
    done = _cli(org, token, tmp_path, "--instansi", instansi)
    assert done.returncode == 0, done.stderr
    assert "pegawai            dibuat       3" in done.stdout

    (tmp_path / "kedudukan.csv").write_text("nip,penilai_nip,start\n199001012015011003,198302142008011001,2025-01-02\n")
    (tmp_path / "pegawai.csv").write_text(ORG["pegawai.csv"] + "12345,Tanpa NIP Sah,PNS\n")
    refused = _cli(org, token, tmp_path, "--instansi", instansi)
    assert refused.returncode == 1
    assert "pegawai[4].nip" in refused.stderr and "18 angka" in refused.stderr
    assert "kedudukan[1].penilai_nip" in refused.stderr and "pola VII" in refused.stderr
