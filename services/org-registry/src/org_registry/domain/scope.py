"""Where two places in the government sit relative to each other, and who leads each side of the boundary."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from org_registry.domain.structure import Position, Structure


class Scope(enum.StrEnum):
    SAME_UNIT = "dalam_unit_organisasi"
    LINTAS_UNIT = "lintas_unit_organisasi"
    LINTAS_PD = "lintas_perangkat_daerah"
    LINTAS_INSTANSI = "lintas_instansi"


@dataclass(frozen=True)
class Side:
    instansi_id: str
    pd_id: str
    unit_id: str
    puo: Position | None  # Pimpinan Unit Organisasi of the unit
    pd_head: Position | None  # head of the Perangkat Daerah


def puo_of(structure: Structure, unit_id: str) -> Position | None:
    """The leader of the unit, or of the nearest unit above it that has one."""
    for unit in structure.ancestors(unit_id):
        leader = structure.leader_of(unit.id)
        if leader is not None:
            return leader
    return None


def side_of(structure: Structure, instansi_id: str, position: Position) -> Side:
    unit = structure.units[position.unit_id]
    working_unit = unit.id
    if position.leads_unit and unit.parent_id is not None:
        working_unit = unit.parent_id  # a unit's leader belongs to the unit above for assignments
    root = structure.root_unit_of(unit.pd_id)
    return Side(instansi_id, unit.pd_id, working_unit, puo_of(structure, working_unit),
                structure.leader_of(root.id) if root else None)


def scope_between(a: Side, b: Side) -> Scope:
    if a.instansi_id != b.instansi_id:
        return Scope.LINTAS_INSTANSI
    if a.pd_id != b.pd_id:
        return Scope.LINTAS_PD
    if a.unit_id != b.unit_id:
        return Scope.LINTAS_UNIT
    return Scope.SAME_UNIT


def chain_of_command(structure: Structure, position: Position) -> list[Position]:
    """The leaders above a position, nearest first: up its own PD, then up the PD it belongs to (UPTD → Dinas)."""
    chain: list[Position] = []
    unit_id: str | None = position.unit_id
    while unit_id is not None:
        for unit in structure.ancestors(unit_id):
            leader = structure.leader_of(unit.id)
            if leader is not None and leader.id != position.id and leader not in chain:
                chain.append(leader)
        parent_pd = structure.pd_of_unit(unit_id).parent_pd_id
        root = structure.root_unit_of(parent_pd) if parent_pd else None
        unit_id = root.id if root else None
    return chain
