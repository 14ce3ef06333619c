"""Who the regulation says a pegawai's atasan langsung and Pejabat Penilai Kinerja is.

The rules are data (a regulation profile's ``kedudukan`` section); this module is the generic engine:
a profile maps each PD to a *pattern*; a pattern is an ordered list of rules; the first rule whose appraisee
matcher fits the position decides, through a *selector* that walks the unit tree. Every answer and every
discrepancy carries the source (Pasal, Lampiran part, line of the seed) of the rule that decided it.

A rule's ``penilai`` is a list of selectors tried in order (the first that finds a position decides; later ones
are the regulation's fallbacks); ``alternatives`` are other placements the regulation also allows ("dan/atau").

Selectors:
- ``{"nearest": [kinds]}``: from the appraisee's own unit upwards, the first unit led by one of ``kinds``;
- ``{"pd_head": true}``: the leader of the PD's top unit;
- ``{"parent_pd_head": true}``: the leader of the PD that the appraisee's PD belongs to (a UPTD's Dinas).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from org_registry.domain.structure import STRUCTURAL, JabatanKind, Jenjang, PdType, Position, Structure


class InvalidProfile(ValueError):
    """A profile's kedudukan section does not follow the format."""


@dataclass(frozen=True)
class Selector:
    nearest: tuple[JabatanKind, ...] = ()
    pd_head: bool = False
    parent_pd_head: bool = False
    source: str | None = None

    @classmethod
    def parse(cls, raw: Mapping[str, Any], where: str) -> Selector:
        known = {"nearest", "pd_head", "parent_pd_head", "source"}
        if unknown := set(raw) - known:
            raise InvalidProfile(f"{where}: unknown selector keys {sorted(unknown)}")
        try:
            selector = cls(
                nearest=tuple(JabatanKind(k) for k in raw.get("nearest", ())),
                pd_head=bool(raw.get("pd_head", False)),
                parent_pd_head=bool(raw.get("parent_pd_head", False)),
                source=raw.get("source"),
            )
        except ValueError as exc:
            raise InvalidProfile(f"{where}: {exc}") from exc
        if sum(map(bool, (selector.nearest, selector.pd_head, selector.parent_pd_head))) != 1:
            raise InvalidProfile(f"{where}: a selector names exactly one of nearest, pd_head, parent_pd_head")
        return selector


@dataclass(frozen=True)
class Rule:
    id: str
    source: str
    kinds: frozenset[JabatanKind]
    jenjang: frozenset[Jenjang] | None
    same_jenjang_as_leader: bool | None
    penilai: tuple[Selector, ...]  # tried in order: the first that finds a position decides (fallbacks, V9)
    alternatives: tuple[Selector, ...] = ()
    note: str | None = None

    @classmethod
    def parse(cls, raw: Mapping[str, Any], where: str) -> Rule:
        try:
            appraisee = raw.get("appraisee", {})
            rule_id = raw["id"]
            return cls(
                id=rule_id,
                source=raw["source"],
                kinds=frozenset(JabatanKind(k) for k in appraisee["kinds"]),
                jenjang=frozenset(Jenjang(j) for j in appraisee["jenjang"]) if "jenjang" in appraisee else None,
                same_jenjang_as_leader=appraisee.get("same_jenjang_as_leader"),
                penilai=tuple(Selector.parse(p, f"{where}.{rule_id}.penilai") for p in raw["penilai"]),
                alternatives=tuple(
                    Selector.parse(a, f"{where}.{rule_id}.alternatives") for a in raw.get("alternatives", ())
                ),
                note=raw.get("note"),
            )
        except KeyError as exc:
            raise InvalidProfile(f"{where}: missing {exc}") from exc
        except ValueError as exc:
            raise InvalidProfile(f"{where}: {exc}") from exc

    def matches(self, position: Position, structure: Structure) -> bool:
        if position.kind not in self.kinds:
            return False
        if self.jenjang is not None and position.jenjang not in self.jenjang:
            return False
        if self.same_jenjang_as_leader is not None:
            leader = _unit_leader_other_than(structure, position)
            same = leader is not None and leader.jenjang is not None and leader.jenjang == position.jenjang
            if same != self.same_jenjang_as_leader:
                return False
        return True


@dataclass(frozen=True)
class Coordination:
    """A Pengawas coordinating the JF and Pelaksana of its unit on the penilai's behalf (V5, V6).

    ``mode`` is ``ex_officio`` (the Pengawas is Ketua Tim by virtue of the position) or ``appointed`` (the PUO
    appoints it, recorded as a role); ``may_form_team`` false where the regulation says it cannot form a Tim Kerja
    because it already is one; ``sets_kinerja`` where it sets the kinerja of those it coordinates after coordinating
    with the penilai and sends the penilai a rekomendasi penilaian.
    """

    mode: str
    may_form_team: bool
    sets_kinerja: bool
    source: str

    @classmethod
    def parse(cls, raw: Mapping[str, Any], where: str) -> Coordination:
        try:
            coordination = cls(raw["mode"], bool(raw["may_form_team"]), bool(raw["sets_kinerja"]), raw["source"])
        except KeyError as exc:
            raise InvalidProfile(f"{where}.coordination: missing {exc}") from exc
        if coordination.mode not in {"ex_officio", "appointed"}:
            raise InvalidProfile(f"{where}.coordination: unknown mode {coordination.mode}")
        return coordination


@dataclass(frozen=True)
class DelegatedBy:
    """The official on whose pendelegasian kewenangan the pattern's penilai acts (V7)."""

    selector: Selector
    source: str


@dataclass(frozen=True)
class Pattern:
    id: str
    title: str
    source: str
    rules: tuple[Rule, ...]
    coordination: Coordination | None = None
    delegated_by: DelegatedBy | None = None


@dataclass(frozen=True)
class KedudukanRules:
    """The kedudukan section of one regulation profile."""

    profile_id: str
    regulation: str
    strategy: str
    decided_by: str
    decided_by_source: str
    patterns: Mapping[str, Pattern]
    pd_type_patterns: Mapping[PdType, str]
    structural_rule: Rule

    @classmethod
    def from_profile(cls, profile_id: str, profile: Mapping[str, Any]) -> KedudukanRules:
        try:
            section = profile["kedudukan"]
            patterns = {
                pattern_id: Pattern(
                    id=pattern_id,
                    title=raw["title"],
                    source=raw["source"],
                    rules=tuple(Rule.parse(r, f"{profile_id}.{pattern_id}") for r in raw["rules"]),
                    coordination=(Coordination.parse(raw["coordination"], f"{profile_id}.{pattern_id}")
                                  if "coordination" in raw else None),
                    delegated_by=(DelegatedBy(Selector.parse(raw["delegated_by"]["selector"],
                                                             f"{profile_id}.{pattern_id}.delegated_by"),
                                              raw["delegated_by"]["source"]) if "delegated_by" in raw else None),
                )
                for pattern_id, raw in section["patterns"].items()
            }
            pd_type_patterns = {PdType(t): p for t, p in section["pd_type_patterns"].items()}
            rules = cls(
                profile_id=profile_id,
                regulation=profile["regulation"],
                strategy=section["strategy"],
                decided_by=section["decided_by"]["role"],
                decided_by_source=section["decided_by"]["source"],
                patterns=patterns,
                pd_type_patterns=pd_type_patterns,
                structural_rule=Rule.parse(section["structural_rule"], f"{profile_id}.structural_rule"),
            )
        except KeyError as exc:
            raise InvalidProfile(f"{profile_id}: missing {exc}") from exc
        except ValueError as exc:
            raise InvalidProfile(f"{profile_id}: {exc}") from exc
        if rules.strategy not in {"unit_pattern", "jenjang_matrix", "hybrid"}:
            raise InvalidProfile(f"{profile_id}: unknown strategy {rules.strategy}")
        if rules.decided_by not in {"bupati", "wali_kota", "pembina_kepegawaian"}:
            raise InvalidProfile(f"{profile_id}: unknown kedudukan authority {rules.decided_by}")
        for pd_type, pattern_id in pd_type_patterns.items():
            if pattern_id not in patterns:
                raise InvalidProfile(f"{profile_id}: {pd_type} maps to unknown pattern {pattern_id}")
        return rules

    def pattern_for(self, structure: Structure, pd_id: str) -> Pattern | None:
        pd = structure.pds[pd_id]
        pattern_id = pd.kedudukan_pattern or self.pd_type_patterns.get(pd.pd_type)
        return self.patterns.get(pattern_id) if pattern_id else None


@dataclass(frozen=True)
class Resolution:
    """The expected penilai of one position, with the rule that decided it."""

    position_id: str
    penilai: Position | None
    alternatives: tuple[Position, ...]
    rule_id: str | None
    pattern_id: str | None
    source: str
    reason: str
    coordinator: Position | None = None  # the Pengawas coordinating the appraisee for the penilai (V5)
    coordination: Coordination | None = None
    delegated_by: Position | None = None  # the official whose delegation the penilai acts on (V7)
    delegated_by_source: str | None = None

    @property
    def acceptable(self) -> set[str]:
        return {p.id for p in (self.penilai, *self.alternatives) if p is not None}


@dataclass(frozen=True)
class Discrepancy:
    position_id: str
    code: str
    message: str
    source: str
    expected_position_id: str | None
    declared_position_id: str | None
    rule_id: str | None = None


def _unit_leader_other_than(structure: Structure, position: Position) -> Position | None:
    leader = structure.leader_of(position.unit_id)
    return None if leader is None or leader.id == position.id else leader


def _select(selector: Selector, structure: Structure, position: Position) -> Position | None:
    pd = structure.pd_of_unit(position.unit_id)
    if selector.pd_head or selector.parent_pd_head:
        target_pd = pd.parent_pd_id if selector.parent_pd_head else pd.id
        root = structure.root_unit_of(target_pd) if target_pd else None
        leader = structure.leader_of(root.id) if root else None
        return None if leader is None or leader.id == position.id else leader
    start = position.unit_id
    if position.leads_unit:  # a leader's atasan is found above the unit it leads
        start = structure.units[position.unit_id].parent_id
        if start is None:
            return None
    for unit in structure.ancestors(start):
        leader = structure.leader_of(unit.id)
        if leader is not None and leader.id != position.id and leader.kind in selector.nearest:
            return leader
    return None


def resolve(rules: KedudukanRules, structure: Structure, position_id: str) -> Resolution:
    """Who the profile says is the penilai of whoever holds ``position_id``."""
    position = structure.positions[position_id]
    pd = structure.pd_of_unit(position.unit_id)
    if position.leads_unit or position.kind in STRUCTURAL:
        rule, pattern_id = rules.structural_rule, None
    else:
        pattern = rules.pattern_for(structure, pd.id)
        if pattern is None:
            return Resolution(position_id, None, (), None, None, rules.regulation,
                              f"profil {rules.profile_id} tidak mengatur pola kedudukan untuk {pd.pd_type.value}")
        rule = next((r for r in pattern.rules if r.matches(position, structure)), None)
        pattern_id = pattern.id
        if rule is None:
            return Resolution(position_id, None, (), None, pattern.id, pattern.source,
                              f"tidak ada aturan pola {pattern.id} untuk {position.kind.value}")
    penilai = next((p for p in (_select(s, structure, position) for s in rule.penilai) if p is not None), None)
    alternatives = tuple(
        p for p in (_select(a, structure, position) for a in rule.alternatives) if p is not None and p != penilai
    )
    coordinator, coordination, delegator, delegator_source = None, None, None, None
    if pattern_id is not None:
        pattern = rules.patterns[pattern_id]
        leader = _unit_leader_other_than(structure, position)
        if pattern.coordination and leader is not None and leader.kind == JabatanKind.PENGAWAS and leader != penilai:
            coordinator, coordination = leader, pattern.coordination
        if pattern.delegated_by and penilai is not None:
            delegator = _select(pattern.delegated_by.selector, structure, penilai)
            if delegator is not None and delegator != penilai:
                delegator_source = pattern.delegated_by.source
            else:
                delegator = None
    reason = (
        f"{position.title} berkedudukan di bawah {penilai.title} selaku Pejabat Penilai Kinerja"
        if penilai
        else f"struktur tidak mempunyai jabatan yang disyaratkan aturan {rule.id} untuk {position.title}"
    )
    return Resolution(position_id, penilai, alternatives, rule.id, pattern_id, rule.source, reason,
                      coordinator, coordination, delegator, delegator_source)


@dataclass
class Validation:
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    discrepancies: list[Discrepancy] = field(default_factory=list)


def validate(
    rules: KedudukanRules, structure: Structure, declared: Mapping[str, str | None]
) -> Validation:
    """Compare declared kedudukan (position id → declared penilai position id) with what the profile requires."""
    result = Validation()
    for position_id, declared_penilai in declared.items():
        resolution = resolve(rules, structure, position_id)
        result.resolutions[position_id] = resolution
        title = structure.positions[position_id].title
        if resolution.penilai is None:
            result.discrepancies.append(Discrepancy(
                position_id, "kedudukan.unresolvable", resolution.reason, resolution.source, None, declared_penilai,
                resolution.rule_id))
        elif declared_penilai is None:
            result.discrepancies.append(Discrepancy(
                position_id, "kedudukan.missing",
                f"{title} belum mempunyai kedudukan; seharusnya di bawah {resolution.penilai.title}",
                resolution.source, resolution.penilai.id, None, resolution.rule_id))
        elif declared_penilai not in resolution.acceptable:
            declared_title = structure.positions[declared_penilai].title if declared_penilai in structure.positions \
                else declared_penilai
            result.discrepancies.append(Discrepancy(
                position_id, "kedudukan.wrong_penilai",
                f"{title} dinyatakan di bawah {declared_title}, padahal seharusnya di bawah {resolution.penilai.title}",
                resolution.source, resolution.penilai.id, declared_penilai, resolution.rule_id))
    return result
