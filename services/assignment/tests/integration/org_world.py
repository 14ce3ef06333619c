"""A small government for penugasan tests: for one regulation profile, two instansi, each with a Sekretariat Daerah
and two Dinas (Sekretariat, two Bidang with a Seksi each, JF and Pelaksana), as org-registry's events describe them.
Real position names, synthetic people. The events go through assignment's real consumer (inbox and handlers)."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field

from assignment.adapters import orm
from assignment.adapters.org_events import HANDLERS
from sikerja_events import CloudEvent, encode_event
from sikerja_inbox import EventConsumer, Outcome

START = "2025-01-02"
_serial = itertools.count(1)


def new_nip(female: bool = False) -> str:
    n = next(_serial)
    return f"1987{1 + n % 12:02d}{1 + n % 28:02d}2011{1 + n % 12:02d}{2 if female else 1}{n % 1000:03d}"


@dataclass
class Instansi:
    id: str
    code: str
    name: str
    profile: str
    people: dict[str, str] = field(default_factory=dict)  # handle → NIP
    units: dict[str, str] = field(default_factory=dict)  # handle → unit id
    events: list[tuple[str, CloudEvent]] = field(default_factory=list)

    def _event(self, topic: str, name: str, subject: str, data: dict) -> None:
        self.events.append((topic, CloudEvent(source="/sikerja/org-registry", type=f"id.sikerja.org.{name}.v1",
                                              subject=subject, instansi=self.id, data=data)))

    def pd(self, handle: str, name: str, pd_type: str) -> str:
        pd_id = f"{self.id}-{handle}"
        self._event("sikerja.org.structure", "perangkat_daerah_defined", f"perangkat-daerah/{pd_id}", {
            "pd_id": pd_id, "instansi_id": self.id, "code": handle.upper(), "name": name, "pd_type": pd_type,
            "parent_pd_id": None, "kedudukan_pattern": None})
        return pd_id

    def unit(self, handle: str, pd_id: str, name: str, parent: str | None = None, level: int = 1) -> str:
        unit_id = f"{self.id}-u-{handle}"
        self._event("sikerja.org.structure", "unit_defined", f"unit/{unit_id}", {
            "unit_id": unit_id, "instansi_id": self.id, "pd_id": pd_id,
            "parent_id": self.units[parent] if parent else None, "code": handle.upper(), "name": name, "level": level})
        self.units[handle] = unit_id
        return unit_id

    def person(self, handle: str, name: str, title: str, kind: str, unit: str, pd_id: str, *, leads: bool = False,
               jenjang: str | None = None, status: str = "PNS", pendidikan: str = "S1", kelas: int | None = None,
               kinerja: dict[str, str] | None = None, talent_pool: bool = False,
               competencies: tuple[str, ...] = ("analisis kebijakan",)) -> str:
        nip = new_nip(female=name.split()[0] in {"Rina", "Dewi", "Sri", "Maya", "Ayu", "Citra", "Endah", "Laras"})
        self.people[handle] = nip
        self._event("sikerja.org.pegawai", "pegawai_updated", f"pegawai/{nip}", {
            "nip": nip, "instansi_id": self.id, "version": 1, "name": name, "status": status, "pendidikan": pendidikan,
            "pangkat_golongan": "III/c", "talent_pool": talent_pool, "competencies": list(competencies),
            "kinerja": {"2025": "Baik"} if kinerja is None else kinerja})
        self._event("sikerja.org.pegawai", "pegawai_placed", f"pegawai/{nip}", {
            "nip": nip, "instansi_id": self.id, "position_id": f"{self.id}-p-{handle}", "position_title": title,
            "kind": kind, "jenjang": jenjang, "unit_id": self.units[unit], "pd_id": pd_id, "start": START,
            "tugas_tambahan": False, "leads_unit": leads, **({"kelas_jabatan": kelas} if kelas else {})})
        return nip

    def role(self, handle: str, role: str, unit: str | None = None) -> None:
        nip = self.people[handle]
        self._event("sikerja.org.pegawai", "role_assigned", f"pegawai/{nip}", {
            "nip": nip, "instansi_id": self.id, "role": role, "unit_id": self.units[unit] if unit else None,
            "start": START, "end": None, "basis_document": "Keputusan Kepala Daerah (contoh)"})

    def kedudukan(self, handle: str, penilai: str) -> None:
        nip = self.people[handle]
        self._event("sikerja.org.pegawai", "kedudukan_set", f"pegawai/{nip}", {
            "nip": nip, "instansi_id": self.id, "penilai_nip": self.people[penilai], "start": START,
            "decided_by": "bupati", "basis_document": None})


def government(code: str, name: str, profile: str) -> Instansi:
    """Sekretariat Daerah, Dinas Kesehatan (Sekretariat, Bidang A and B) and Dinas Perhubungan (Bidang C)."""
    # Short ids: the derived PD, unit and position ids ("<id>-u-sekretariat") fit the read model's String(36).
    g = Instansi(uuid.uuid4().hex[:20], code, name, profile)
    g._event("sikerja.org.instansi", "instansi_registered", f"instansi/{g.id}", {
        "instansi_id": g.id, "code": code, "name": name, "kind": "kabupaten", "regulation_profile": profile})
    setda = g.pd("setda", "Sekretariat Daerah", "sekretariat_daerah")
    g.unit("setda", setda, "Sekretariat Daerah")
    g.person("sekda", "Wahyu Pratama", "Sekretaris Daerah", "jpt_pratama", "setda", setda, leads=True)
    dinkes = g.pd("dinkes", "Dinas Kesehatan", "dinas")
    g.unit("dinkes", dinkes, "Dinas Kesehatan")
    g.unit("sekretariat", dinkes, "Sekretariat", "dinkes", 2)
    g.unit("bidang_a", dinkes, "Bidang Pelayanan Kesehatan", "dinkes", 2)
    g.unit("seksi_a", dinkes, "Seksi Pelayanan Kesehatan Rujukan", "bidang_a", 3)
    g.unit("bidang_b", dinkes, "Bidang Pencegahan dan Pengendalian Penyakit", "dinkes", 2)
    g.person("kadinkes", "Rina Saputri", "Kepala Dinas Kesehatan", "jpt_pratama", "dinkes", dinkes, leads=True)
    g.person("sekdin", "Bima Saputra", "Sekretaris Dinas Kesehatan", "administrator", "sekretariat", dinkes,
             leads=True)
    g.person("jf_root", "Ayu Lestari", "Analis Kebijakan Ahli Madya", "fungsional", "dinkes", dinkes,
             jenjang="ahli_madya")
    g.person("kabid_a", "Bagus Wicaksono", "Kepala Bidang Pelayanan Kesehatan", "administrator", "bidang_a", dinkes,
             leads=True)
    g.person("kasi_a", "Dewi Anggraini", "Kepala Seksi Pelayanan Kesehatan Rujukan", "pengawas", "seksi_a", dinkes,
             leads=True)
    g.person("jf_a", "Fajar Nugroho", "Administrator Kesehatan Ahli Muda", "fungsional", "bidang_a", dinkes,
             jenjang="ahli_muda")
    g.person("kabid_b", "Hendra Kurniawan", "Kepala Bidang Pencegahan dan Pengendalian Penyakit", "administrator",
             "bidang_b", dinkes, leads=True)
    g.person("jf_b", "Maya Lestari", "Epidemiolog Kesehatan Ahli Pertama", "fungsional", "bidang_b", dinkes,
             jenjang="ahli_pertama")
    g.person("pelaksana_b", "Sri Wahyuni", "Pengadministrasi Perkantoran", "pelaksana", "bidang_b", dinkes)
    dishub = g.pd("dishub", "Dinas Perhubungan", "dinas")
    g.unit("dishub", dishub, "Dinas Perhubungan")
    g.unit("bidang_c", dishub, "Bidang Lalu Lintas", "dishub", 2)
    g.person("kadishub", "Irfan Kusuma", "Kepala Dinas Perhubungan", "jpt_pratama", "dishub", dishub, leads=True)
    g.person("kabid_c", "Galih Santoso", "Kepala Bidang Lalu Lintas", "administrator", "bidang_c", dishub, leads=True)
    g.person("jf_c", "Laras Maharani", "Analis Transportasi Ahli Muda", "fungsional", "bidang_c", dishub,
             jenjang="ahli_muda")
    g.person("pelaksana_c", "Kevin Wibowo", "Pengadministrasi Perkantoran", "pelaksana", "bidang_c", dishub)
    for jf, penilai in (("jf_root", "kadinkes"), ("jf_a", "kabid_a"), ("jf_b", "kabid_b"), ("pelaksana_b", "kabid_b"), ("jf_c", "kabid_c"),
                        ("pelaksana_c", "kabid_c"), ("kabid_a", "kadinkes"), ("kabid_b", "kadinkes"),
                        ("kabid_c", "kadishub"), ("kasi_a", "kabid_a"), ("sekdin", "kadinkes")):
        g.kedudukan(jf, penilai)
    # Tim Kerja: the Ketua Tim candidates of workflows.md §9 Example 4 (P, Q, R), a PPPK, and a Tim Verifikasi.
    g.person("pelaksana_p", "Nur Hidayat", "Pengelola Layanan Kesehatan", "pelaksana", "bidang_a", dinkes,
             pendidikan="D-III", kelas=5, kinerja={"2025": "Baik"}, competencies=("pelayanan kesehatan",))
    g.person("pelaksana_q", "Yoga Prasetyo", "Pengadministrasi Umum", "pelaksana", "bidang_a", dinkes,
             pendidikan="SMA", kelas=7, kinerja={}, competencies=("pelayanan kesehatan",))
    g.person("pelaksana_r", "Tono Hartanto", "Pengadministrasi Umum", "pelaksana", "bidang_a", dinkes,
             pendidikan="SMA", kelas=5, kinerja={}, competencies=("pelayanan kesehatan",))
    g.person("pppk_a", "Citra Permatasari", "Penata Layanan Operasional", "pelaksana", "bidang_a", dinkes,
             status="PPPK", pendidikan="S1", kelas=7, competencies=("pelayanan kesehatan",))
    g.person("asisten", "Joko Susilo", "Asisten Pemerintahan dan Kesejahteraan Rakyat", "jpt_pratama", "setda",
             setda)
    g.role("asisten", "ketua_tim_verifikasi")
    for member, penilai in (("pelaksana_p", "kabid_a"), ("pelaksana_q", "kabid_a"), ("pelaksana_r", "kabid_a"),
                            ("pppk_a", "kabid_a"), ("asisten", "sekda")):
        g.kedudukan(member, penilai)
    return g


async def seed(sessions, *instansi: Instansi) -> None:
    async def no_dead_letters(topic, _key, _payload, headers):
        raise AssertionError(f"an org event was dead-lettered on {topic}: {headers}")

    consumer = EventConsumer("assignment.org-events", sessions, orm.inbox, HANDLERS, no_dead_letters, retry_delay=0)
    for government_ in instansi:
        for topic, event in government_.events:
            outcome = await consumer.consume(encode_event(event), topic=topic)
            assert outcome == Outcome.APPLIED, (topic, event.type, outcome)
