"""What assignment knows of the organisation (from org-registry's events) and the rules it reads off it.

org-registry owns the organisation; these are assignment's own, read-only view of the few facts its policies need:
where a pegawai works, who leads a unit, who heads a Perangkat Daerah. The rules mirror org-registry's
(``org_registry.domain.scope``): a unit's leader belongs to the unit above it for assignments, and the Pimpinan
Unit Organisasi of a unit is its leader or the leader of the nearest unit above it that has one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

SEKRETARIAT_DAERAH = "sekretariat_daerah"  # the PD type whose head is the Pejabat yang Berwenang by default
PEJABAT_YANG_BERWENANG = "pejabat_yang_berwenang"


@dataclass(frozen=True)
class Place:
    """Where a pegawai works: the working unit, its Perangkat Daerah and instansi."""

    instansi: str
    perangkat_daerah: str
    unit: str

    def as_input(self) -> dict[str, str]:
        return {"instansi": self.instansi, "perangkat_daerah": self.perangkat_daerah, "unit": self.unit}


@dataclass(frozen=True)
class Jabatan:
    kind: str  # jpt_madya, jpt_pratama, administrator, pengawas, fungsional, pelaksana
    jenjang: str | None
    position_id: str
    title: str
    kelas: int | None = None  # kelas jabatan of the position, when org-registry sent it

    def as_input(self) -> dict[str, str | int | None]:
        return {"kind": self.kind, "jenjang": self.jenjang, **({"kelas": self.kelas} if self.kelas else {})}


@dataclass(frozen=True)
class UnitNode:
    id: str
    pd_id: str
    parent_id: str | None
    name: str = ""


@dataclass(frozen=True)
class Placement:
    """A pegawai placed in a position of a unit, from ``start`` to ``end`` (both inclusive; open when None)."""

    nip: str
    instansi_id: str
    position_id: str
    title: str
    kind: str
    jenjang: str | None
    pd_id: str
    unit_id: str
    leads_unit: bool
    tugas_tambahan: bool
    start: date
    end: date | None = None
    kelas: int | None = None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class PegawaiFacts:
    """A placed pegawai as the policies see it; the record fields are None until its pegawai_updated arrived."""

    nip: str
    place: Place
    jabatan: Jabatan
    name: str | None = None
    status: str | None = None  # PNS or PPPK
    pendidikan: str | None = None
    pangkat_golongan: str | None = None
    talent_pool: bool = False
    competencies: tuple[str, ...] = ()
    kinerja: Mapping[str, str] = field(default_factory=dict)  # predikat per year
    leads_unit: str | None = None  # the unit this pegawai leads (its PUO), if any

    @property
    def own_place(self) -> Place:
        """Where this pegawai acts from as an official: the unit it leads, else where it works."""
        return Place(self.place.instansi, self.place.perangkat_daerah, self.leads_unit) if self.leads_unit \
            else self.place


@dataclass(frozen=True)
class Delegation:
    """A pendelegasian kewenangan (penilaian, penugasan, penetapan_kinerja) from one official to another."""

    from_nip: str
    to_nip: str
    scope: str
    start: date
    end: date | None
    reason: str

    def in_force_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, order=True)
class Officiating:
    """The actor acts as ``as_`` of ``of`` (a unit, Perangkat Daerah or instansi id), as in the policies' input."""

    as_: str
    of: str

    def as_input(self) -> dict[str, str]:
        return {"as": self.as_, "of": self.of}


def main_placement(placements: Iterable[Placement]) -> Placement | None:
    """The placement that says where a pegawai works: not a unit leadership held beside another position, not a
    tugas tambahan, else the earliest (org-registry reads a pegawai's place the same way)."""
    ordered = sorted(placements, key=lambda p: (p.tugas_tambahan, p.start, p.position_id))
    if len(ordered) > 1:
        ordered.sort(key=lambda p: p.leads_unit)  # stable: keeps the order above among equals
    return ordered[0] if ordered else None


def working_unit(placement: Placement, units: Mapping[str, UnitNode]) -> str:
    """The unit a pegawai belongs to for assignments: a unit's leader belongs to the unit above it."""
    unit = units.get(placement.unit_id)
    if placement.leads_unit and unit is not None and unit.parent_id is not None:
        return unit.parent_id
    return placement.unit_id


def ancestors(unit_id: str, units: Mapping[str, UnitNode]) -> list[str]:
    """The unit and the units above it inside its Perangkat Daerah, nearest first."""
    chain: list[str] = []
    current: str | None = unit_id
    while current is not None and current not in chain:
        chain.append(current)
        node = units.get(current)
        current = node.parent_id if node else None
    return chain


def leaders_by_unit(placements: Iterable[Placement]) -> dict[str, str]:
    """unit id → NIP of its leader, from placements in positions that lead their unit. A definitive holder goes
    before one holding it as tugas tambahan, a later placement before an earlier one."""
    leading = sorted((p for p in placements if p.leads_unit),
                     key=lambda p: (not p.tugas_tambahan, p.start, p.nip))
    return {p.unit_id: p.nip for p in leading}  # the last written wins


def nearest_leader(unit_id: str, units: Mapping[str, UnitNode], leaders: Mapping[str, str]) -> str | None:
    """The Pimpinan Unit Organisasi of a unit: its leader, or the leader of the nearest unit above it."""
    return next((leaders[u] for u in ancestors(unit_id, units) if u in leaders), None)


def root_unit_of(pd_id: str, units: Mapping[str, UnitNode]) -> str | None:
    """The top unit of a Perangkat Daerah (the one its head leads)."""
    roots = sorted(u.id for u in units.values() if u.pd_id == pd_id and u.parent_id is None)
    return roots[0] if roots else None
