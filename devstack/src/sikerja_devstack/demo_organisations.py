"""Demo organisations: for each of the five regulations, one Perangkat Daerah per kedudukan pattern, with the
regulation's own PD and position names and synthetic people.

Kedudukan are not written here: the structure is imported first, org-registry is asked what the regulation
expects for each JF and Pelaksana (``/kedudukan/discrepancies``), and that is declared as the authority would.
"""

from __future__ import annotations

import itertools

# shape → units (code suffix, parent suffix, leader title, leader kind, leader jenjang)
SHAPES = {
    "jpt3": [("", None, "Kepala {head}", "jpt_pratama", None), ("B1", "", "Kepala Bidang", "administrator", None),
             ("S1", "B1", "Kepala Seksi", "pengawas", None)],
    "setda": [("", None, "Sekretaris Daerah", "jpt_pratama", None),
              ("AS1", "", "Asisten Pemerintahan dan Kesejahteraan Rakyat", "jpt_pratama", None),
              ("BAG1", "AS1", "Kepala Bagian Pemerintahan", "administrator", None),
              ("SUB1", "BAG1", "Kepala Sub Bagian Otonomi Daerah", "pengawas", None)],
    "admin2": [("", None, "{head}", "administrator", None), ("S1", "", "Kepala Seksi", "pengawas", None)],
    "admin3": [("", None, "Direktur", "administrator", None), ("BAG1", "", "Kepala Bagian", "administrator", None),
               ("S1", "BAG1", "Kepala Seksi", "pengawas", None)],
    "rs-jpt": [("", None, "Direktur", "jpt_pratama", None), ("WD", "", "Wakil Direktur", "administrator", None),
               ("BID", "WD", "Kepala Bidang", "administrator", None), ("S1", "BID", "Kepala Seksi", "pengawas", None)],
    "kelurahan": [("", None, "Lurah", "pengawas", None), ("S1", "", "Kepala Seksi", "pengawas", None)],
    "pengawas1": [("", None, "Kepala UPTD", "pengawas", None)],
    "jf1": [("", None, "{head}", "fungsional", "ahli_muda")],
    "jpt1": [("", None, "Kepala Dinas", "jpt_pratama", None)],
}

# profile → (authority role, [(code, PD name, pd_type, shape, head word, pattern override, parent code)])
ORGANISATIONS = {
    "perbup-sumenep-9-2024": ("bupati", [
        ("SETDA", "Sekretariat Daerah", "sekretariat_daerah", "setda", "", None, None),
        ("DINKES", "Dinas Kesehatan, Perlindungan Penduduk dan Keluarga Berencana", "dinas", "jpt3", "Dinas", None, None),
        ("SATPOLPP", "Satuan Polisi Pamong Praja", "satpol_pp", "jpt3", "Satuan", None, None),
        ("DPMPTSPTK", "Dinas Penanaman Modal Pelayanan Terpadu Satu Pintu dan Tenaga Kerja", "dpmptsp", "jpt3", "Dinas", None, None),
        ("RSUD-ANWAR", "RSUD dr. H. Moh. Anwar Sumenep", "rsud", "admin3", "", None, None),
        ("RSUD-KANGEAN", "RSUD Abuya Kangean", "rsud", "admin2", "Direktur", "VI", None),
        ("KEC-KOTA", "Kecamatan Kota Sumenep", "kecamatan", "admin2", "Camat", None, None),
        ("KEL-1", "Kelurahan (contoh)", "kelurahan", "kelurahan", "", None, "KEC-KOTA"),
        ("PKM-1", "UPTD Puskesmas (contoh)", "puskesmas", "jf1", "Kepala Puskesmas", None, "DINKES"),
        ("UPTD-B", "UPTD Tipe B (contoh)", "uptd_tipe_b", "pengawas1", "", None, "DINKES"),
    ]),
    "perbup-jepara-17-2024": ("pembina_kepegawaian", [
        ("SETDA", "Sekretariat Daerah", "sekretariat_daerah", "setda", "", None, None),
        ("DINKES", "Dinas Kesehatan", "dinas", "jpt3", "Dinas", None, None),
        ("BPBD", "Badan Penanggulangan Bencana Daerah", "bpbd", "admin2", "Kepala Pelaksana", None, None),
        ("KEC-1", "Kecamatan (contoh)", "kecamatan", "admin2", "Camat", None, None),
        ("PKM-1", "Pusat Kesehatan Masyarakat (contoh)", "puskesmas", "jf1", "Kepala Puskesmas", None, "DINKES"),
        ("RSUD-RAK", "RSUD R.A. Kartini", "rsud", "rs-jpt", "", None, None),
        ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dpmptsp", "jpt1", "", None, None),
    ]),
    "perwal-bandung-6-2023": ("pembina_kepegawaian", [
        ("DINKES", "Dinas Kesehatan", "dinas", "jpt3", "Dinas", None, None),
        ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dpmptsp", "jpt1", "", None, None),
        ("KEC-1", "Kecamatan (contoh)", "kecamatan", "admin2", "Camat", None, None),
        ("RSKGM", "Rumah Sakit Khusus Gigi dan Mulut", "rumah_sakit_khusus", "admin2", "Direktur", None, None),
        ("DISHUB", "Dinas Perhubungan", "dinas", "jpt3", "Dinas", "f", None),
        ("UPTD-DISHUB", "UPTD pada Dinas Perhubungan (contoh)", "uptd", "pengawas1", "", None, "DISHUB"),
        ("KEL-1", "Kelurahan (contoh)", "kelurahan", "kelurahan", "", None, "KEC-1"),
        ("PKM-1", "UPTD Puskesmas (contoh)", "puskesmas", "jf1", "Kepala Puskesmas", None, "DINKES"),
        ("SETDA", "Sekretariat Daerah", "sekretariat_daerah", "setda", "", None, None),
    ]),
    "perbup-tanahlaut-26-2024": ("pembina_kepegawaian", [
        ("DISHUB", "Dinas Perhubungan", "dinas", "jpt3", "Dinas", None, None),
        ("SETDA", "Sekretariat Daerah Tipe B", "sekretariat_daerah", "setda", "", None, None),
        ("SETWAN", "Sekretariat DPRD Tipe B", "sekretariat_dprd", "jpt3", "Sekretaris", None, None),
        ("BPBD", "Badan Penanggulangan Bencana Daerah Tipe C", "bpbd", "jpt3", "Pelaksana", None, None),
        ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik Daerah", "badan", "jpt3", "Badan", "kesbangpol", None),
        ("KEC-1", "Kecamatan (contoh)", "kecamatan", "admin2", "Camat", None, None),
        ("UPTD-1", "UPTD (contoh)", "uptd", "jf1", "Kepala UPTD", None, "DISHUB"),
        ("SD-1", "Sekolah Dasar (contoh)", "uptd_satuan_pendidikan", "jf1", "Kepala Sekolah", None, "DISHUB"),
    ]),
    "perwal-palangkaraya-13-2024": ("wali_kota", [
        ("SETDA", "Sekretariat Daerah", "sekretariat_daerah", "setda", "", None, None),
        ("SETWAN", "Sekretariat DPRD", "sekretariat_dprd", "jpt3", "Sekretaris", None, None),
        ("INSPEKTORAT", "Inspektorat", "inspektorat", "jpt3", "Inspektur", None, None),
        ("DINKES", "Dinas Kesehatan", "dinas", "jpt3", "Dinas", None, None),
        ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan", "jpt3", "Badan", None, None),
        ("KEC-1", "Kecamatan (contoh)", "kecamatan", "admin2", "Camat", None, None),
        ("UPTD-1", "UPTD (contoh)", "uptd", "pengawas1", "", None, "DINKES"),
        ("PKM-1", "UPTD Puskesmas (contoh)", "puskesmas", "jf1", "Kepala Puskesmas", None, "DINKES"),
        ("RS-1", "UPTD Rumah Sakit (contoh)", "uptd_rumah_sakit", "admin2", "Direktur Rumah Sakit", None, "DINKES"),
    ]),
}

# profile → appointments the regulation knows: (role, holder's position code, unit code or None for instansi-wide)
APPOINTMENTS = {
    "perbup-sumenep-9-2024": [("pejabat_yang_berwenang", "SETDA-HEAD", None)],
    "perbup-jepara-17-2024": [("pejabat_yang_berwenang", "SETDA-HEAD", None),
                              ("koordinator_substansi", "DPMPTSP-STAFF0", "DPMPTSP")],
    "perwal-bandung-6-2023": [("pejabat_yang_berwenang", "SETDA-HEAD", None),
                              ("koordinator_tim_kerja", "DPMPTSP-STAFF0", "DPMPTSP")],
    "perbup-tanahlaut-26-2024": [("pejabat_yang_berwenang", "SETDA-HEAD", None),
                                 ("ketua_tim_pengawas", "DISHUB-S1-HEAD", "DISHUB-S1")],
    "perwal-palangkaraya-13-2024": [("pejabat_yang_berwenang", "SETDA-HEAD", None),
                                    ("koordinator_pelayanan", "PKM-1-STAFF4", "PKM-1")],
}

STAFF = [("Analis Kebijakan Ahli Madya", "fungsional", "ahli_madya"),
         ("Analis Kebijakan Ahli Muda", "fungsional", "ahli_muda"),
         ("Pranata Komputer Ahli Pertama", "fungsional", "ahli_pertama"),
         ("Pranata Komputer Terampil", "fungsional", "terampil"),
         ("Pengadministrasi Perkantoran", "pelaksana", None)]
NAMES = ["Ayu Lestari", "Bima Saputra", "Citra Wulandari", "Dimas Pratama", "Endah Permata", "Fikri Hidayat",
         "Galih Santoso", "Hesti Rahmawati", "Irfan Kusuma", "Juwita Nugroho", "Kevin Wibowo", "Laras Maharani"]


def organisation_document(profile: str, instansi_index: int) -> dict:
    """The structure, people and placements of one demo instansi (no kedudukan yet)."""
    counter = itertools.count(1)

    def nip() -> str:
        n = next(counter)
        return f"1988{1 + n % 12:02d}{1 + n % 28:02d}2012{1 + n % 12:02d}{1 + n % 2}{instansi_index}{n:02d}"

    doc: dict[str, list] = {k: [] for k in ("perangkat_daerah", "units", "positions", "pegawai", "placements")}

    def hire(position_code: str) -> None:
        person = nip()
        doc["pegawai"].append({"nip": person, "name": NAMES[len(doc["pegawai"]) % len(NAMES)], "status": "PNS",
                               "pendidikan": "S1"})
        doc["placements"].append({"nip": person, "position": position_code, "start": "2025-01-02"})

    for code, name, pd_type, shape, head, pattern, parent in ORGANISATIONS[profile][1]:
        pd = {"code": code, "name": name, "pd_type": pd_type}
        if pattern:
            pd["kedudukan_pattern"] = pattern
        if parent:
            pd["parent"] = parent
        doc["perangkat_daerah"].append(pd)
        deepest = code
        for suffix, parent_suffix, title, kind, jenjang in SHAPES[shape]:
            unit = f"{code}-{suffix}" if suffix else code
            row = {"code": unit, "pd": code, "name": title.format(head=head) if suffix else name}
            if parent_suffix is not None:
                row["parent"] = f"{code}-{parent_suffix}" if parent_suffix else code
            doc["units"].append(row)
            position = {"code": f"{unit}-HEAD", "unit": unit, "title": title.format(head=head).strip() or name,
                        "kind": kind, "leads_unit": True}
            if jenjang:
                position["jenjang"] = jenjang
            doc["positions"].append(position)
            hire(position["code"])
            deepest = unit
        for n, (title, kind, jenjang) in enumerate(STAFF):
            position = {"code": f"{deepest}-STAFF{n}", "unit": deepest, "title": title, "kind": kind}
            if jenjang:
                position["jenjang"] = jenjang
            doc["positions"].append(position)
            hire(position["code"])
    holder = {p["position"]: p["nip"] for p in doc["placements"]}
    doc["roles"] = [{"nip": holder[position], "role": role, "start": "2025-01-02",
                     "basis_document": "Surat Perintah penunjukan (contoh)", **({"unit": unit} if unit else {})}
                    for role, position, unit in APPOINTMENTS[profile]]
    return doc
