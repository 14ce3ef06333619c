"""The structure of an instansi: Perangkat Daerah, the unit tree and positions (jabatan). Pure Python.

Structure, kedudukan and roles are kept apart (org-model §8): this module only knows who leads which unit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class PdType(enum.StrEnum):
    """Every Perangkat Daerah or unit type any of the five regulations names (org-model §2.2)."""

    SEKRETARIAT_DAERAH = "sekretariat_daerah"
    SEKRETARIAT_DPRD = "sekretariat_dprd"
    INSPEKTORAT = "inspektorat"
    DINAS = "dinas"
    BADAN = "badan"
    DPMPTSP = "dpmptsp"
    SATPOL_PP = "satpol_pp"
    BPBD = "bpbd"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    RSUD = "rsud"
    RUMAH_SAKIT_KHUSUS = "rumah_sakit_khusus"
    UPTD = "uptd"
    UPTD_TIPE_B = "uptd_tipe_b"
    UPTD_SATUAN_PENDIDIKAN = "uptd_satuan_pendidikan"
    PUSKESMAS = "puskesmas"
    UPTD_RUMAH_SAKIT = "uptd_rumah_sakit"


class JabatanKind(enum.StrEnum):
    JPT_MADYA = "jpt_madya"
    JPT_PRATAMA = "jpt_pratama"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    FUNGSIONAL = "fungsional"
    PELAKSANA = "pelaksana"


STRUCTURAL = {JabatanKind.JPT_MADYA, JabatanKind.JPT_PRATAMA, JabatanKind.ADMINISTRATOR, JabatanKind.PENGAWAS}


class JfCategory(enum.StrEnum):
    KEAHLIAN = "keahlian"
    KETERAMPILAN = "keterampilan"


class Jenjang(enum.StrEnum):
    """JF levels (PermenPANRB via Perwal Palangka Raya 13/2024 Pasal 6), low to high within each category."""

    AHLI_PERTAMA = "ahli_pertama"
    AHLI_MUDA = "ahli_muda"
    AHLI_MADYA = "ahli_madya"
    AHLI_UTAMA = "ahli_utama"
    PEMULA = "pemula"
    TERAMPIL = "terampil"
    MAHIR = "mahir"
    PENYELIA = "penyelia"

    @property
    def category(self) -> JfCategory:
        return JfCategory.KEAHLIAN if self.value.startswith("ahli_") else JfCategory.KETERAMPILAN


class InvalidStructure(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Position:
    """A jabatan in a unit. ``leads_unit`` marks the unit's leader (for a JF: a tugas tambahan as head)."""

    id: str
    unit_id: str
    title: str
    kind: JabatanKind
    jenjang: Jenjang | None = None
    kelas_jabatan: int | None = None
    leads_unit: bool = False

    def __post_init__(self) -> None:
        if self.kind is JabatanKind.FUNGSIONAL and self.jenjang is None:
            raise InvalidStructure("jenjang", "jabatan fungsional wajib mempunyai jenjang")
        if self.kind is not JabatanKind.FUNGSIONAL and self.jenjang is not None:
            raise InvalidStructure("jenjang", "hanya jabatan fungsional yang mempunyai jenjang")
        if self.kind is JabatanKind.PELAKSANA and self.leads_unit:
            raise InvalidStructure("leads_unit", "pelaksana tidak dapat memimpin unit organisasi")
        if self.kelas_jabatan is not None and not 1 <= self.kelas_jabatan <= 17:
            raise InvalidStructure("kelas_jabatan", "kelas jabatan harus 1 sampai 17")


@dataclass(frozen=True)
class Unit:
    """A unit organisasi. ``level`` is relative to the head of its PD (head = 1); a Pengawas may be level I–III."""

    id: str
    pd_id: str
    name: str
    parent_id: str | None = None


@dataclass(frozen=True)
class PerangkatDaerah:
    id: str
    instansi_id: str
    name: str
    pd_type: PdType
    kedudukan_pattern: str | None = None  # explicit pattern of the profile; otherwise by pd_type
    parent_pd_id: str | None = None  # a UPTD, Puskesmas or school belongs to a Dinas or Badan


@dataclass
class Structure:
    """An instansi's PDs, units and positions, indexed for walking up the tree."""

    pds: dict[str, PerangkatDaerah] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    _leaders: dict[str, Position] = field(default_factory=dict, repr=False)
    _roots: dict[str, Unit] = field(default_factory=dict, repr=False)

    def add_pd(self, pd: PerangkatDaerah) -> None:
        if pd.parent_pd_id is not None and pd.parent_pd_id not in self.pds:
            raise InvalidStructure("parent_pd_id", f"perangkat daerah induk {pd.parent_pd_id} tidak dikenal")
        self.pds[pd.id] = pd

    def add_unit(self, unit: Unit) -> None:
        if unit.pd_id not in self.pds:
            raise InvalidStructure("pd_id", f"perangkat daerah {unit.pd_id} tidak dikenal")
        if unit.parent_id is None:
            if unit.pd_id in self._roots:
                raise InvalidStructure("parent_id", "perangkat daerah sudah mempunyai unit puncak")
            self._roots[unit.pd_id] = unit
        else:
            parent = self.units.get(unit.parent_id)
            if parent is None:
                raise InvalidStructure("parent_id", f"unit induk {unit.parent_id} tidak dikenal")
            if parent.pd_id != unit.pd_id:
                raise InvalidStructure("parent_id", "unit induk berada di perangkat daerah lain")
        # A new unit can only hang below an existing one, so the tree cannot get a cycle here;
        # re-parenting goes through move_unit, which checks.
        self.units[unit.id] = unit

    def move_unit(self, unit_id: str, new_parent_id: str) -> None:
        ancestor: str | None = new_parent_id
        while ancestor is not None:
            if ancestor == unit_id:
                raise InvalidStructure("parent_id", "pemindahan ini membuat siklus dalam pohon unit")
            ancestor = self.units[ancestor].parent_id
        unit = self.units[unit_id]
        self.units[unit_id] = Unit(unit.id, unit.pd_id, unit.name, new_parent_id)

    def add_position(self, position: Position) -> None:
        if position.unit_id not in self.units:
            raise InvalidStructure("unit_id", f"unit {position.unit_id} tidak dikenal")
        if position.leads_unit:
            if position.unit_id in self._leaders:
                raise InvalidStructure("leads_unit", "unit ini sudah mempunyai pimpinan")
            if position.kind not in STRUCTURAL | {JabatanKind.FUNGSIONAL}:
                raise InvalidStructure("leads_unit", "pimpinan unit harus pejabat struktural atau fungsional")
            self._leaders[position.unit_id] = position
        self.positions[position.id] = position

    def leader_of(self, unit_id: str) -> Position | None:
        return self._leaders.get(unit_id)

    def root_unit_of(self, pd_id: str) -> Unit | None:
        return self._roots.get(pd_id)

    def pd_of_unit(self, unit_id: str) -> PerangkatDaerah:
        return self.pds[self.units[unit_id].pd_id]

    def ancestors(self, unit_id: str):
        """The unit itself, then each parent up to the PD's root unit."""
        current: str | None = unit_id
        while current is not None:
            yield self.units[current]
            current = self.units[current].parent_id

    def level_of(self, unit_id: str) -> int:
        """Level of a unit relative to the head of its PD (the PD's root unit is level 1)."""
        return sum(1 for _ in self.ancestors(unit_id))
