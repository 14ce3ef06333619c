"""A large synthetic province for benchmarks: instansi with real PD and position names and synthetic people.

Each instansi follows one of the five regional profiles; its kedudukan are resolved with org-registry's own engine so
that the import is valid. ``build(instansi_index, profile, pegawai)`` returns an import document (JSON-ready dict).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from pathlib import Path

from org_registry.adapters.profiles import read_profile_files
from org_registry.domain.kedudukan import resolve
from org_registry.domain.roles import RoleRules
from org_registry.service_layer.bulk_import import ImportDocument, plan_import

PROFILES = ["perbup-sumenep-9-2024", "perbup-jepara-17-2024", "perwal-bandung-6-2023", "perbup-tanahlaut-26-2024",
            "perwal-palangkaraya-13-2024"]
DINAS = ["Dinas Pendidikan", "Dinas Kesehatan", "Dinas Sosial", "Dinas Perhubungan", "Dinas Lingkungan Hidup",
         "Dinas Komunikasi dan Informatika", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Perikanan",
         "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Perpustakaan dan Kearsipan", "Dinas Tenaga Kerja",
         "Dinas Pariwisata dan Kebudayaan"]
BADAN = ["Badan Perencanaan Pembangunan Daerah", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
         "Badan Pengelola Keuangan dan Aset Daerah", "Badan Kesatuan Bangsa dan Politik"]
FIRST = ["Adi", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hana", "Indra", "Joko", "Kartika", "Lina",
         "Made", "Nur", "Oki", "Putri", "Rizal", "Sari", "Teguh", "Wulan", "Yusuf", "Zahra"]
LAST = ["Pratama", "Saputra", "Lestari", "Wibowo", "Kusuma", "Hidayat", "Permata", "Santoso", "Rahmawati", "Nugroho"]
JENJANG = ["ahli_pertama"] * 5 + ["ahli_muda"] * 3 + ["ahli_madya"] + ["terampil"] * 2 + ["mahir"]


class _Nips:
    """Unique, structurally valid NIPs: a global counter spread over birth date and sequence number."""

    def __init__(self, instansi_index: int) -> None:
        self._g = instansi_index * 20_000

    def next(self) -> str:
        self._g += 1
        g = self._g
        born = date(1965, 1, 1) + timedelta(days=g // 999)
        return f"{born:%Y%m%d}{born.year + 23}{1 + g % 12:02d}{1 + g % 2}{g % 999 + 1:03d}"


def build(instansi_index: int, profile_rules, pegawai: int, *, instansi_id: str = "generated") -> dict:
    """An organisation of about ``pegawai`` people for one instansi, kedudukan included."""
    rnd = random.Random(instansi_index)
    nips = _Nips(instansi_index)
    doc: dict[str, list] = {k: [] for k in ("perangkat_daerah", "units", "positions", "pegawai", "placements", "kedudukan")}
    staff_per_seksi = 8

    def person(position_code: str) -> None:
        nip = nips.next()
        doc["pegawai"].append({"nip": nip, "name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
                               "status": "PNS" if rnd.random() > 0.15 else "PPPK", "pendidikan": rnd.choice(["D3", "S1", "S2"])})
        doc["placements"].append({"nip": nip, "position": position_code, "start": "2025-01-02"})

    def position(code, unit, title, kind, jenjang=None, leads=False):
        row = {"code": code, "unit": unit, "title": title, "kind": kind, "leads_unit": leads}
        if jenjang:
            row["jenjang"] = jenjang
        doc["positions"].append(row)
        person(code)

    pd_index = 0
    while len(doc["pegawai"]) < pegawai:
        pd_index += 1
        name = (DINAS + BADAN)[pd_index % (len(DINAS) + len(BADAN))]
        pd_type = "badan" if name.startswith("Badan") else "dinas"
        code = f"PD{pd_index}"
        doc["perangkat_daerah"].append({"code": code, "name": f"{name} {pd_index}", "pd_type": pd_type})
        doc["units"].append({"code": code, "pd": code, "name": name})
        position(f"{code}-HEAD", code, f"Kepala {name.split(' ', 1)[0]}", "jpt_pratama", leads=True)
        for b in range(3):
            bidang = f"{code}-B{b}"
            doc["units"].append({"code": bidang, "pd": code, "parent": code, "name": f"Bidang {b + 1}"})
            position(f"{bidang}-HEAD", bidang, f"Kepala Bidang {b + 1}", "administrator", leads=True)
            for s in range(2):
                seksi = f"{bidang}-S{s}"
                doc["units"].append({"code": seksi, "pd": code, "parent": bidang, "name": f"Seksi {s + 1}"})
                position(f"{seksi}-HEAD", seksi, f"Kepala Seksi {s + 1}", "pengawas", leads=True)
                for m in range(staff_per_seksi):
                    if rnd.random() < 0.6:
                        position(f"{seksi}-M{m}", seksi, "Analis Kebijakan", "fungsional", rnd.choice(JENJANG))
                    else:
                        position(f"{seksi}-M{m}", seksi, "Pengadministrasi Perkantoran", "pelaksana")
    profile_dir = Path(__file__).resolve().parents[1] / "policies" / "sikerja" / "profiles" / profile_rules.profile_id
    role_rules = RoleRules.from_profile(profile_rules.profile_id, read_profile_files(profile_dir))
    plan = plan_import(instansi_id, profile_rules, ImportDocument.model_validate(doc), role_rules)
    assert not plan.errors, plan.errors[:3]
    holders = {pid: nip for nip, pid, _start, _t in plan.placements}
    for nip, position_id, _start, _t in plan.placements:
        p = plan.structure.positions[position_id]
        if p.leads_unit or p.kind.value not in ("fungsional", "pelaksana"):
            continue
        resolution = resolve(profile_rules, plan.structure, position_id)
        if resolution.penilai is not None:
            doc["kedudukan"].append({"nip": nip, "penilai_nip": holders[resolution.penilai.id], "start": "2025-01-02"})
    return doc
