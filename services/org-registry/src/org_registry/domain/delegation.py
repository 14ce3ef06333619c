"""Pendelegasian kewenangan: an official lets someone in their own part of the organisation act for them.

Sumenep's patterns rest on it (Perbup Sumenep 9/2024 Lampiran: "berdasarkan pendelegasian kewenangan yang
diberikan oleh …"), and every regulation's definition of Pejabat Penilai Kinerja admits "pejabat lain yang diberi
pendelegasian kewenangan".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from org_registry.domain.structure import Structure

SOURCE = ("Definisi Pejabat Penilai Kinerja pada kelima peraturan (mis. Perbup Sumenep 9/2024 Pasal 1 angka 10): "
          "pejabat lain yang diberi pendelegasian kewenangan")


class DelegationScope(enum.StrEnum):
    PENILAIAN = "penilaian"
    PENUGASAN = "penugasan"
    PENETAPAN_KINERJA = "penetapan_kinerja"


@dataclass(frozen=True)
class Delegation:
    from_nip: str
    to_nip: str
    scope: DelegationScope
    start: date
    end: date | None
    reason: str


def delegation_problems(structure: Structure, positions_of: dict[str, list[str]],
                        delegation: Delegation) -> list[tuple[str, str]]:
    """Why a delegation cannot stand, as (field, reason) pairs; empty when it can."""
    if delegation.from_nip == delegation.to_nip:
        return [("to_nip", "kewenangan tidak dapat didelegasikan kepada diri sendiri")]
    if delegation.end is not None and delegation.end < delegation.start:
        return [("end", "akhir pendelegasian mendahului awalnya")]
    led_units = [structure.positions[p].unit_id for p in positions_of.get(delegation.from_nip, [])
                 if structure.positions[p].leads_unit]
    if not led_units:
        return [("from_nip", "pemberi delegasi tidak memimpin unit organisasi, sehingga tidak mempunyai kewenangan "
                             "untuk didelegasikan")]
    delegate_units = [structure.positions[p].unit_id for p in positions_of.get(delegation.to_nip, [])]
    within = any(
        led in {u.id for u in structure.ancestors(unit)} or _below_parent_pd(structure, led, unit)
        for led in led_units for unit in delegate_units
    )
    if not within:
        return [("to_nip", "penerima delegasi berada di luar unit organisasi yang dipimpin pemberi delegasi")]
    return []


def _below_parent_pd(structure: Structure, led_unit: str, unit: str) -> bool:
    """A PD head may delegate to someone in a UPTD, Puskesmas or school that belongs to the PD."""
    led_pd = structure.units[led_unit]
    if led_pd.parent_id is not None:
        return False
    pd = structure.pd_of_unit(unit)
    return pd.parent_pd_id == led_pd.pd_id
