"""Who holds each workflow role of a request: the profile's role catalogue bound to the organisation.

A profile names roles relative to the request (``puo_pemilik_kinerja``, ``kepala_perangkat_daerah_asal``,
``pejabat_yang_berwenang_asal``, ``pegawai``…) and says how each is recognised (``binding``): an office held over
one side's place (``{"kind": "office", "as": "puo", "side": "pemilik_kinerja", "level": "unit"}``) or a person
named on the request (``{"kind": "person", "side": "pegawai", "field": "penilai_kinerja"}``). This module binds
them to NIPs from assignment's read model, so that the service can say who must act next and tell the policy,
in the actor's ``officiates``, which offices the actor holds over the request's places.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from assignment.adapters.org_directory import OrgDirectory
from assignment.domain.penugasan import PenugasanRequest, Side

SIDES = {"pemilik_kinerja", "pegawai"}
LEVEL_KEYS = {"unit": "unit", "perangkat_daerah": "perangkat_daerah", "instansi": "instansi"}


@dataclass(frozen=True)
class RoleHolder:
    role: str
    nip: str | None
    office: str | None  # the office in the binding (``puo``, ``kepala_perangkat_daerah``…), None for a person
    of: str | None  # the unit, PD or instansi the office is held over


class WorkflowRoles:
    """The holders of every role of one request on one day, resolved once and reused for the whole transition."""

    def __init__(self, directory: OrgDirectory, catalogue: dict[str, Any], on: date) -> None:
        self._directory = directory
        self._catalogue = catalogue
        self._on = on
        self._memo: dict[tuple, str | None] = {}

    async def holders(self, request: PenugasanRequest) -> dict[str, RoleHolder]:
        return {role: await self.holder(role, request) for role in self._catalogue}

    async def holder(self, role: str, request: PenugasanRequest) -> RoleHolder:
        binding = self._catalogue.get(role, {}).get("binding", {})
        side_name = binding.get("side")
        if side_name not in SIDES:
            return RoleHolder(role, None, None, None)
        side: Side = request.pemilik_kinerja if side_name == "pemilik_kinerja" else request.pegawai
        if binding.get("kind") == "person":
            nip = side.nip if binding.get("field") == "id" else await self.penilai_of_side(side)
            return RoleHolder(role, nip, None, None)
        office, level = binding.get("as"), binding.get("level")
        of = side.place.get(LEVEL_KEYS.get(level, ""), None)
        return RoleHolder(role, await self._office_holder(office, level, of, side), office, of)

    async def officiates_for(self, nip: str, request: PenugasanRequest) -> list[dict[str, str]]:
        """The offices ``nip`` holds over this request's places, directly or by a penugasan delegation in force."""
        offices = []
        for holder in (await self.holders(request)).values():
            if holder.office is None or holder.of is None or holder.nip is None:
                continue
            delegated = await self._directory.delegation_in_force(holder.nip, "penugasan", self._on)
            if holder.nip == nip or (delegated is not None and delegated.to_nip == nip):
                entry = {"as": holder.office, "of": holder.of}
                if entry not in offices:
                    offices.append(entry)
        return offices

    async def penilai_of_side(self, side: Side) -> str | None:
        """The Pejabat Penilai Kinerja of the side's pegawai. Before a unit has named the pegawai it will assign,
        the penilai of whoever it names is taken to be the unit's PUO, who appraises the unit's JF and Pelaksana in
        the usual kedudukan (a reading: the regulations address the request to "the penilai of the pegawai")."""
        key = ("penilai", side.nip, side.place.get("unit"))
        if key not in self._memo:
            self._memo[key] = (await self._directory.penilai_of(side.nip, self._on) if side.nip
                               else await self._directory.puo_of(side.place["unit"], self._on))
        return self._memo[key]

    async def _office_holder(self, office: str | None, level: str | None, of: str | None, side: Side) -> str | None:
        key = (office, level, of)
        if key in self._memo:
            return self._memo[key]
        directory, on = self._directory, self._on
        holder = None
        if of is None:
            holder = None
        elif office in {"puo", "pimpinan_unit_kerja"} and level == "unit":
            holder = await directory.puo_of(of, on)
        elif office in {"puo", "kepala_perangkat_daerah"} and level == "perangkat_daerah":
            # Where a profile reads the Unit Organisasi as the whole PD (Jepara), its PUO is the PD's head.
            holder = await directory.kepala_perangkat_daerah_of(of, on)
        elif office == "pejabat_yang_berwenang":
            holder = await directory.pejabat_yang_berwenang_of(side.instansi_id, on)
        elif office == "sekretariat":
            holder = await directory.sekretaris_of(of, on)
        elif office == "sekretaris_daerah":
            holder = await directory.head_of_pd_type(side.instansi_id, "sekretariat_daerah", on)
        self._memo[key] = holder
        return holder
