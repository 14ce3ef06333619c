"""Builds small, realistic PD structures (real position names, no people) for kedudukan tests."""

from __future__ import annotations

import itertools
from pathlib import Path

from org_registry.adapters.profiles import read_profile_files
from org_registry.domain.kedudukan import KedudukanRules
from org_registry.domain.roles import RoleRules
from org_registry.domain.structure import JabatanKind, Jenjang, PdType, PerangkatDaerah, Position, Structure, Unit

PROFILES = Path(__file__).resolve().parents[4] / "policies" / "sikerja" / "profiles"
K = JabatanKind

# shape → list of (unit key, parent key, leader title, leader kind, leader jenjang)
SHAPES = {
    "jpt3": [("root", None, "Kepala Dinas", K.JPT_PRATAMA, None),
             ("bidang", "root", "Kepala Bidang", K.ADMINISTRATOR, None),
             ("seksi", "bidang", "Kepala Seksi", K.PENGAWAS, None)],
    "setda": [("root", None, "Sekretaris Daerah", K.JPT_PRATAMA, None),
              ("asisten", "root", "Asisten Pemerintahan dan Kesejahteraan Rakyat", K.JPT_PRATAMA, None),
              ("bagian", "asisten", "Kepala Bagian", K.ADMINISTRATOR, None),
              ("subbagian", "bagian", "Kepala Sub Bagian", K.PENGAWAS, None)],
    "admin2": [("root", None, "Camat", K.ADMINISTRATOR, None),
               ("seksi", "root", "Kepala Seksi", K.PENGAWAS, None)],
    "admin3": [("root", None, "Direktur", K.ADMINISTRATOR, None),
               ("bagian", "root", "Kepala Bagian", K.ADMINISTRATOR, None),
               ("seksi", "bagian", "Kepala Seksi", K.PENGAWAS, None)],
    "rs-jpt": [("root", None, "Direktur", K.JPT_PRATAMA, None),
               ("wadir", "root", "Wakil Direktur", K.ADMINISTRATOR, None),
               ("bidang", "wadir", "Kepala Bidang", K.ADMINISTRATOR, None),
               ("seksi", "bidang", "Kepala Seksi", K.PENGAWAS, None)],
    "kelurahan": [("root", None, "Lurah", K.PENGAWAS, None),
                  ("seksi", "root", "Kepala Seksi", K.PENGAWAS, None)],
    "pengawas1": [("root", None, "Kepala UPTD", K.PENGAWAS, None)],
    "jf1": [("root", None, "Kepala Puskesmas", K.FUNGSIONAL, Jenjang.AHLI_MUDA)],
    "jpt1": [("root", None, "Kepala Dinas", K.JPT_PRATAMA, None)],
}

_ids = itertools.count(1)


class Org:
    """One PD of the given shape (plus, for UPTD-like PDs, the Dinas it belongs to)."""

    def __init__(self, pd_type: PdType, shape: str, *, pattern: str | None = None,
                 head_title: str | None = None, parent_head: str = "Kepala Dinas Kesehatan") -> None:
        self.structure = Structure()
        self.positions: dict[str, Position] = {}
        parent_pd_id = None
        if pd_type in {PdType.PUSKESMAS, PdType.UPTD_SATUAN_PENDIDIKAN, PdType.UPTD, PdType.UPTD_TIPE_B,
                       PdType.UPTD_RUMAH_SAKIT}:
            parent_pd_id = "pd-induk"
            self.structure.add_pd(PerangkatDaerah(parent_pd_id, "inst", "Dinas Kesehatan", PdType.DINAS))
            self.structure.add_unit(Unit("u-induk", parent_pd_id, "Dinas Kesehatan"))
            self._position("induk", "u-induk", parent_head, K.JPT_PRATAMA, None, leads=True)
        self.pd = PerangkatDaerah(f"pd-{next(_ids)}", "inst", f"PD {pd_type.value}", pd_type, pattern, parent_pd_id)
        self.structure.add_pd(self.pd)
        for key, parent, title, kind, jenjang in SHAPES[shape]:
            self.structure.add_unit(Unit(f"u-{key}", self.pd.id, key, f"u-{parent}" if parent else None))
            if key == "root" and head_title:
                title = head_title
            self._position(key, f"u-{key}", title, kind, jenjang, leads=True)

    def _position(self, key, unit_id, title, kind, jenjang, *, leads=False) -> Position:
        position = Position(f"p{next(_ids)}", unit_id, title, kind, jenjang, leads_unit=leads)
        self.structure.add_position(position)
        self.positions[key] = position
        return position

    def place(self, kind: JabatanKind, jenjang: Jenjang | None, unit: str, title: str = "Anggota") -> Position:
        return self._position(f"appraisee-{next(_ids)}", f"u-{unit}", title, kind, jenjang)

    def leader(self, key: str) -> Position:
        return self.positions[key]


def load_profile(profile_id: str) -> dict:
    return read_profile_files(PROFILES / profile_id)


def load_rules(profile_id: str) -> KedudukanRules:
    return KedudukanRules.from_profile(profile_id, load_profile(profile_id))


def load_role_rules(profile_id: str) -> RoleRules:
    return RoleRules.from_profile(profile_id, load_profile(profile_id))
