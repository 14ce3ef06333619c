"""Roles that are not positions (org-model §2.6, §8): who acts as what, dated, on a basis document.

Some roles follow from the structure and the profile and are never recorded: every Pimpinan Unit Organisasi is
the pemilik kinerja of its unit, and where a profile makes a coordinating Pengawas Ketua Tim ex officio, that
Pengawas is. Others are appointments that the instansi records: a Pengawas appointed Ketua Tim, a Koordinator
Tim Kerja, a koordinator substansi or pelayanan, the Pejabat yang Berwenang of the instansi. Which appointments a
regulation knows, and who may hold them, is the ``roles`` section of its profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from org_registry.domain.kedudukan import InvalidProfile
from org_registry.domain.structure import JabatanKind, Jenjang, PdType, Position, Structure


@dataclass(frozen=True)
class RoleRule:
    """Who may hold one kind of appointment under a profile."""

    role: str
    title: str
    source: str
    holder_kinds: frozenset[JabatanKind]
    holder_jenjang: frozenset[Jenjang] | None
    instansi_wide: bool  # one holder for the whole instansi (Pejabat yang Berwenang) instead of one per unit
    unit_led_by: frozenset[JabatanKind] | None  # the unit must be led by one of these kinds

    @classmethod
    def parse(cls, role: str, raw: Mapping[str, Any], where: str) -> RoleRule:
        try:
            holder = raw["holder"]
            return cls(
                role=role, title=raw["title"], source=raw["source"],
                holder_kinds=frozenset(JabatanKind(k) for k in holder["kinds"]),
                holder_jenjang=frozenset(Jenjang(j) for j in holder["jenjang"]) if "jenjang" in holder else None,
                instansi_wide=bool(raw.get("instansi_wide", False)),
                unit_led_by=frozenset(JabatanKind(k) for k in raw["unit_led_by"]) if "unit_led_by" in raw else None,
            )
        except KeyError as exc:
            raise InvalidProfile(f"{where}.{role}: missing {exc}") from exc
        except ValueError as exc:
            raise InvalidProfile(f"{where}.{role}: {exc}") from exc


@dataclass(frozen=True)
class DefaultPejabatYangBerwenang:
    """Where no Pejabat yang Berwenang is recorded, the head of the PD of this type (a reading: no seed defines it)."""

    pd_type: PdType
    source: str


@dataclass(frozen=True)
class RoleRules:
    profile_id: str
    appointments: Mapping[str, RoleRule]
    pemilik_kinerja_source: str
    default_pejabat_yang_berwenang: DefaultPejabatYangBerwenang

    @classmethod
    def from_profile(cls, profile_id: str, profile: Mapping[str, Any]) -> RoleRules:
        try:
            section = profile["roles"]
            default = section["pejabat_yang_berwenang_default"]
            return cls(
                profile_id=profile_id,
                appointments={role: RoleRule.parse(role, raw, f"{profile_id}.roles")
                              for role, raw in section["appointments"].items()},
                pemilik_kinerja_source=section["pemilik_kinerja"]["source"],
                default_pejabat_yang_berwenang=DefaultPejabatYangBerwenang(PdType(default["pd_type"]),
                                                                           default["source"]),
            )
        except KeyError as exc:
            raise InvalidProfile(f"{profile_id}.roles: missing {exc}") from exc
        except ValueError as exc:
            raise InvalidProfile(f"{profile_id}.roles: {exc}") from exc


@dataclass(frozen=True)
class RoleAssignment:
    nip: str
    role: str
    unit_id: str | None
    start: date
    end: date | None
    basis_document: str | None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class RoleProblem:
    field: str
    reason: str
    source: str


def role_problems(rules: RoleRules, structure: Structure, held: list[Position],
                  assignment: RoleAssignment) -> list[RoleProblem]:
    """Why an appointment cannot stand under the profile, field by field; empty when it can."""
    rule = rules.appointments.get(assignment.role)
    if rule is None:
        known = ", ".join(sorted(rules.appointments)) or "tidak ada"
        return [RoleProblem("role", f"peraturan profil {rules.profile_id} tidak mengenal penunjukan peran "
                                    f"{assignment.role} (yang dikenal: {known})", rules.profile_id)]
    problems = []
    if assignment.end is not None and assignment.end < assignment.start:
        problems.append(RoleProblem("end", "akhir penunjukan mendahului awalnya", rule.source))
    fitting = [p for p in held if p.kind in rule.holder_kinds
               and (rule.holder_jenjang is None or p.jenjang in rule.holder_jenjang)]
    if not fitting:
        wanted = " atau ".join(sorted(k.value for k in rule.holder_kinds))
        if rule.holder_jenjang:
            wanted += " jenjang " + " atau ".join(sorted(j.value for j in rule.holder_jenjang))
        problems.append(RoleProblem("nip", f"{rule.title} harus dijabat oleh pejabat {wanted}", rule.source))
    if rule.instansi_wide:
        if assignment.unit_id is not None:
            problems.append(RoleProblem("unit", f"{rule.title} berlaku untuk seluruh instansi, bukan per unit",
                                        rule.source))
        return problems
    if assignment.unit_id is None:
        problems.append(RoleProblem("unit", f"{rule.title} ditunjuk untuk unit organisasi tertentu", rule.source))
        return problems
    if rule.unit_led_by is not None:
        leader = structure.leader_of(assignment.unit_id)
        if leader is None or leader.kind not in rule.unit_led_by:
            wanted = " atau ".join(sorted(k.value for k in rule.unit_led_by))
            problems.append(RoleProblem("unit", f"{rule.title} hanya ditunjuk pada unit yang dipimpin pejabat {wanted}",
                                        rule.source))
    if fitting and not any(assignment.unit_id in {u.id for u in structure.ancestors(p.unit_id)} for p in fitting):
        problems.append(RoleProblem("nip", f"{rule.title} harus berasal dari unit organisasi yang dikoordinasikannya "
                                           "atau unit di bawahnya", rule.source))
    return problems


def default_pejabat_yang_berwenang(rules: RoleRules, structure: Structure) -> Position | None:
    for pd in structure.pds.values():
        if pd.pd_type == rules.default_pejabat_yang_berwenang.pd_type:
            root = structure.root_unit_of(pd.id)
            if root is not None:
                return structure.leader_of(root.id)
    return None
