"""Questions the penugasan and Tim Kerja policies ask of the organisation, answered from assignment's read model.

A thin adapter over the tables that ``org_events`` keeps; the rules (working unit, nearest leader) are in
``assignment.domain.org_facts``. It reads inside the caller's session, so a use case sees one snapshot. Every
question is about a day (``on``, today in UTC by default): placements, kedudukan, roles and delegations are dated.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from assignment.adapters import orm
from assignment.adapters.org_events import INSTANSI_WIDE, instansi_rules_of
from assignment.domain.model import InstansiRules
from assignment.domain.org_facts import (
    PEJABAT_YANG_BERWENANG,
    SEKRETARIAT_DAERAH,
    Delegation,
    Jabatan,
    Officiating,
    PegawaiFacts,
    Place,
    Placement,
    UnitNode,
    leaders_by_unit,
    main_placement,
    nearest_leader,
    root_unit_of,
    working_unit,
)


class OrgDirectoryCache:
    """Answers of the read model shared by the directories of one process, valid for one generation of it.

    Each org event applied bumps ``org_read_model_generation`` in its own transaction, so an answer kept for the
    generation a directory reads at its start is exactly what the tables would answer in that snapshot. Replicas
    each keep their own cache; none can serve a stale answer because each reads the generation first.
    """

    def __init__(self, max_entries: int = 50_000) -> None:
        self.generation: int | None = None
        self.answers: dict[tuple, Any] = {}
        self._max_entries = max_entries

    def at(self, generation: int) -> dict[tuple, Any]:
        if generation != self.generation or len(self.answers) > self._max_entries:
            self.generation, self.answers = generation, {}
        return self.answers


def _memoized(method):
    """Answer each question once per generation of the read model (with a shared cache) or once per directory:
    a transition asks the same things several times (the actor's offices, the letter's signer, who acts next)."""
    @functools.wraps(method)
    async def wrapper(self, *args, **kwargs):
        memo = await self._answers()
        key = (method.__name__, tuple(frozenset(a) if isinstance(a, set) else a for a in args),
               tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = await method(self, *args, **kwargs)
        answer = memo[key]
        return copy.copy(answer) if isinstance(answer, list | dict) else answer
    return wrapper


def today() -> date:
    return datetime.now(UTC).date()


def _in_force(table, on: date):
    return and_(table.c.start_date <= on, or_(table.c.end_date.is_(None), table.c.end_date >= on))


def _placement(row: Row) -> Placement:
    return Placement(
        nip=row.nip, instansi_id=row.instansi_id, position_id=row.position_id, title=row.position_title,
        kind=row.kind, jenjang=row.jenjang, pd_id=row.pd_id, unit_id=row.unit_id, leads_unit=row.leads_unit,
        tugas_tambahan=row.tugas_tambahan, start=row.start_date, end=row.end_date, kelas=row.kelas_jabatan,
    )


class OrgDirectory:
    """The organisation as assignment knows it from org-registry's events."""

    def __init__(self, session: AsyncSession, cache: OrgDirectoryCache | None = None) -> None:
        self._session = session
        self._cache = cache
        self._memo: dict[tuple, Any] | None = None if cache is not None else {}

    async def _answers(self) -> dict[tuple, Any]:
        if self._memo is None:
            generation = await self._session.scalar(select(orm.org_read_model_generation.c.generation)
                                                    .where(orm.org_read_model_generation.c.id == 1))
            self._memo = self._cache.at(generation or 0)
        return self._memo

    # ------------------------------------------------------------------ the instansi

    @_memoized
    async def instansi_rules(self, instansi_id: str) -> InstansiRules | None:
        """The regulation profile, name and code of an instansi (from its ``instansi_registered`` event)."""
        return await instansi_rules_of(self._session, instansi_id)

    # ------------------------------------------------------------------ where people work

    @_memoized
    async def place_of(self, nip: str, on: date | None = None) -> PegawaiFacts | None:
        """Where ``nip`` works on ``on`` (the working unit), the jabatan and the record; None if not placed."""
        return (await self.places_of([nip], on)).get(nip)

    async def places_of(self, nips: Iterable[str], on: date | None = None) -> dict[str, PegawaiFacts]:
        """``place_of`` for several pegawai at once; those not placed on ``on`` are left out."""
        on = on or today()
        nips = sorted(set(nips))
        if not nips:
            return {}
        table = orm.org_placements
        rows = await self._session.execute(select(table).where(table.c.nip.in_(nips), _in_force(table, on)))
        by_nip: dict[str, list[Placement]] = {}
        for row in rows:
            by_nip.setdefault(row.nip, []).append(_placement(row))
        main = {nip: main_placement(placements) for nip, placements in by_nip.items()}
        units = await self._units_of({p.pd_id for p in main.values()})
        people = {row.nip: row for row in await self._session.execute(
            select(orm.org_pegawai).where(orm.org_pegawai.c.nip.in_(list(main))))}
        facts = {}
        for nip, placement in main.items():
            record = people.get(nip)
            facts[nip] = PegawaiFacts(
                nip=nip,
                place=Place(placement.instansi_id, placement.pd_id, working_unit(placement, units)),
                jabatan=Jabatan(placement.kind, placement.jenjang, placement.position_id, placement.title,
                                placement.kelas),
                leads_unit=placement.unit_id if placement.leads_unit else None,
                **({} if record is None else {
                    "name": record.name, "status": record.status, "pendidikan": record.pendidikan,
                    "pangkat_golongan": record.pangkat_golongan, "talent_pool": record.talent_pool,
                    "competencies": tuple(record.competencies), "kinerja": dict(record.kinerja)}),
            )
        return facts

    # ------------------------------------------------------------------ officials

    @_memoized
    async def puo_of(self, unit_id: str, on: date | None = None) -> str | None:
        """NIP of the Pimpinan Unit Organisasi of a unit: its leader, or that of the nearest unit above it."""
        pd_id = await self._session.scalar(select(orm.org_units.c.pd_id).where(orm.org_units.c.unit_id == unit_id))
        if pd_id is None:  # the unit is not (yet) known: only its own leader can be named
            return (await self._leaders_of_units([unit_id], on or today())).get(unit_id)
        units = await self._units_of({pd_id})
        return nearest_leader(unit_id, units, await self._leaders_in(pd_id, on or today()))

    @_memoized
    async def kepala_perangkat_daerah_of(self, pd_id: str, on: date | None = None) -> str | None:
        """NIP of the head of a Perangkat Daerah: the leader of its top unit."""
        root = root_unit_of(pd_id, await self._units_of({pd_id}))
        if root is None:
            return None
        return (await self._leaders_of_units([root], on or today())).get(root)

    @_memoized
    async def pejabat_yang_berwenang_of(self, instansi_id: str, on: date | None = None, *,
                                        default_pd_type: str = SEKRETARIAT_DAERAH) -> str | None:
        """NIP of the instansi's Pejabat yang Berwenang: the recorded appointment in force (its holder still placed),
        else the head of the PD of ``default_pd_type`` (org-registry's documented reading: the Sekretaris Daerah)."""
        on = on or today()
        roles = orm.org_role_appointments
        recorded = (await self._session.scalars(
            select(roles.c.nip).where(roles.c.instansi_id == instansi_id, roles.c.role == PEJABAT_YANG_BERWENANG,
                                      roles.c.unit_key == INSTANSI_WIDE, _in_force(roles, on))
            .order_by(roles.c.start_date.desc(), roles.c.nip))).all()
        if recorded:
            placed = await self._placed_nips(recorded, on)
            if holder := next((nip for nip in recorded if nip in placed), None):
                return holder
        return await self.head_of_pd_type(instansi_id, default_pd_type, on)

    @_memoized
    async def sekretaris_of(self, pd_id: str, on: date | None = None) -> str | None:
        """NIP of the head of the PD's Sekretariat (the unit right under the PD's top unit whose name begins with
        "Sekretariat"), else the head of the PD, who runs the PD's administration where there is none."""
        on = on or today()
        units = await self._units_of({pd_id})
        root = root_unit_of(pd_id, units)
        secretariats = sorted(u.id for u in units.values()
                              if u.parent_id == root and u.name.lower().startswith("sekretariat"))
        if secretariats:
            if head := (await self._leaders_of_units(secretariats, on)).get(secretariats[0]):
                return head
        return await self.kepala_perangkat_daerah_of(pd_id, on)

    @_memoized
    async def head_of_pd_type(self, instansi_id: str, pd_type: str, on: date | None = None) -> str | None:
        """NIP of the head of the instansi's PD of a type, e.g. the Sekretaris Daerah for ``sekretariat_daerah``."""
        pds = orm.org_perangkat_daerah
        for pd_id in (await self._session.scalars(
                select(pds.c.pd_id).where(pds.c.instansi_id == instansi_id, pds.c.pd_type == pd_type)
                .order_by(pds.c.pd_id))).all():
            if head := await self.kepala_perangkat_daerah_of(pd_id, on or today()):
                return head
        return None

    @_memoized
    async def penilai_of(self, nip: str, on: date | None = None) -> str | None:
        """NIP of the declared Pejabat Penilai Kinerja of ``nip`` on ``on`` (the latest kedudukan begun by then).

        A penilaian delegation in force from that penilai names who appraises on its behalf:
        ``delegation_in_force(penilai, "penilaian", on)``."""
        table = orm.org_kedudukan
        return await self._session.scalar(
            select(table.c.penilai_nip).where(table.c.nip == nip, table.c.start_date <= (on or today()))
            .order_by(table.c.start_date.desc()).limit(1))

    @_memoized
    async def delegation_in_force(self, from_nip: str, scope: str, on: date | None = None) -> Delegation | None:
        """The pendelegasian kewenangan of ``scope`` (penilaian, penugasan, penetapan_kinerja) ``from_nip`` gave that
        is in force on ``on``; the latest begun if several."""
        table = orm.org_delegations
        row = (await self._session.execute(
            select(table).where(table.c.from_nip == from_nip, table.c.scope == scope, _in_force(table, on or today()))
            .order_by(table.c.start_date.desc(), table.c.to_nip).limit(1))).first()
        if row is None:
            return None
        return Delegation(row.from_nip, row.to_nip, row.scope, row.start_date, row.end_date, row.reason)

    @_memoized
    async def officiates(self, nip: str, on: date | None = None) -> list[dict[str, str]]:
        """What ``nip`` acts as on ``on``, as the policies' ``actor.officiates``: ``[{"as": ..., "of": id}]``.

        - ``puo`` and ``pemilik_kinerja`` of each unit it leads;
        - ``kepala_perangkat_daerah`` of the PD whose top unit it leads (and ``sekretaris_daerah`` of the instansi
          when that PD is the Sekretariat Daerah);
        - ``pejabat_yang_berwenang`` of the instansi (recorded, or by the reading above);
        - ``penilai_kinerja`` of the working unit of each pegawai whose kedudukan names it;
        - each recorded role appointment in force, of its unit (or of the instansi for an instansi-wide one).
        """
        on = on or today()
        found: set[Officiating] = set()
        table = orm.org_placements
        placements = [_placement(row) for row in await self._session.execute(
            select(table).where(table.c.nip == nip, _in_force(table, on)))]
        leading = [p for p in placements if p.leads_unit]
        units = await self._units_of({p.pd_id for p in leading})
        pd_types = await self._pd_types({p.pd_id for p in leading})
        for p in leading:
            found |= {Officiating("puo", p.unit_id), Officiating("pemilik_kinerja", p.unit_id)}
            if root_unit_of(p.pd_id, units) == p.unit_id:
                found.add(Officiating("kepala_perangkat_daerah", p.pd_id))
                if pd_types.get(p.pd_id) == SEKRETARIAT_DAERAH:
                    found.add(Officiating("sekretaris_daerah", p.instansi_id))
        instansi_id = placements[0].instansi_id if placements else await self._session.scalar(
            select(orm.org_pegawai.c.instansi_id).where(orm.org_pegawai.c.nip == nip))
        if instansi_id is not None and await self.pejabat_yang_berwenang_of(instansi_id, on) == nip:
            found.add(Officiating(PEJABAT_YANG_BERWENANG, instansi_id))
        appraised = await self._appraised_by(nip, on)
        found |= {Officiating("penilai_kinerja", facts.place.unit)
                  for facts in (await self.places_of(appraised, on)).values()}
        roles = orm.org_role_appointments
        for row in await self._session.execute(
                select(roles.c.role, roles.c.unit_id, roles.c.instansi_id).where(roles.c.nip == nip,
                                                                                  _in_force(roles, on))):
            if row.role == PEJABAT_YANG_BERWENANG:
                continue  # the instansi has one, decided above
            found.add(Officiating(row.role, row.unit_id or row.instansi_id))
        return [o.as_input() for o in sorted(found)]

    async def coordinating_pengawas_units(self, nip: str, kedudukan: Mapping[str, Any],
                                          on: date | None = None) -> list[str]:
        """The units ``nip`` leads as a Pejabat Pengawas who coordinates its unit's substantive work ex officio,
        "selayaknya Ketua Tim Kerja": the kedudukan pattern of the PD (its own, else the profile's pattern for its
        pd_type) says ``coordination.mode: ex_officio``. A pengawas heading a whole PD (a Lurah, a Kepala UPTD) is
        not one (the Sumenep profile's reading of ``pengawas_koordinator``)."""
        on = on or today()
        table = orm.org_placements
        leading = [_placement(row) for row in await self._session.execute(
            select(table).where(table.c.nip == nip, table.c.kind == "pengawas", table.c.leads_unit.is_(True),
                                _in_force(table, on)))]
        if not leading:
            return []
        pds = orm.org_perangkat_daerah
        pd_rows = {row.pd_id: row for row in await self._session.execute(
            select(pds.c.pd_id, pds.c.pd_type, pds.c.kedudukan_pattern)
            .where(pds.c.pd_id.in_(sorted({p.pd_id for p in leading}))))}
        units = await self._units_of({p.pd_id for p in leading})
        patterns, by_type = kedudukan.get("patterns", {}), kedudukan.get("pd_type_patterns", {})
        found = []
        for p in leading:
            pd = pd_rows.get(p.pd_id)
            if pd is None or root_unit_of(p.pd_id, units) == p.unit_id:
                continue
            pattern = patterns.get(pd.kedudukan_pattern or by_type.get(pd.pd_type, ""), {})
            if pattern.get("coordination", {}).get("mode") == "ex_officio" and p.unit_id not in found:
                found.append(p.unit_id)
        return found

    @_memoized
    async def pd_type_of(self, pd_id: str) -> str | None:
        return await self._session.scalar(
            select(orm.org_perangkat_daerah.c.pd_type).where(orm.org_perangkat_daerah.c.pd_id == pd_id))

    async def officials_of_place(self, place: Place | Mapping[str, str],
                                 on: date | None = None) -> dict[str, str | None]:
        """NIPs of the officials of a place: ``{"puo", "kepala_perangkat_daerah", "pejabat_yang_berwenang"}``."""
        if isinstance(place, Mapping):
            place = Place(place["instansi"], place["perangkat_daerah"], place["unit"])
        on = on or today()
        return {
            "puo": await self.puo_of(place.unit, on),
            "kepala_perangkat_daerah": await self.kepala_perangkat_daerah_of(place.perangkat_daerah, on),
            "pejabat_yang_berwenang": await self.pejabat_yang_berwenang_of(place.instansi, on),
        }

    # ------------------------------------------------------------------ policy input

    async def policy_actor(self, nip: str, roles: Sequence[str], *, instansi: str | None = None,
                           on: date | None = None) -> dict[str, Any]:
        """The ``actor`` of a policy input (policies/README.md): id, instansi, roles (from the token), and from the
        read model its place, jabatan, status and what it officiates. A pegawai assignment does not know (another
        instansi's, or not placed on ``on``) gets no place, jabatan or status and keeps the token's ``instansi``."""
        on = on or today()
        facts = await self.place_of(nip, on)
        actor: dict[str, Any] = {"id": nip, "instansi": facts.place.instansi if facts else instansi,
                                 "roles": list(roles)}
        if facts is not None:
            actor["place"] = facts.place.as_input()
            actor["jabatan"] = facts.jabatan.as_input()
            if facts.status is not None:
                actor["status"] = facts.status
        actor["officiates"] = await self.officiates(nip, on)
        return actor

    # ------------------------------------------------------------------ helpers

    @_memoized
    async def _units_of(self, pd_ids: set[str]) -> dict[str, UnitNode]:
        if not pd_ids:
            return {}
        table = orm.org_units
        rows = await self._session.execute(
            select(table.c.unit_id, table.c.pd_id, table.c.parent_id, table.c.name)
            .where(table.c.pd_id.in_(sorted(pd_ids))))
        return {row.unit_id: UnitNode(row.unit_id, row.pd_id, row.parent_id, row.name) for row in rows}

    @_memoized
    async def _pd_types(self, pd_ids: set[str]) -> dict[str, str]:
        if not pd_ids:
            return {}
        table = orm.org_perangkat_daerah
        rows = await self._session.execute(
            select(table.c.pd_id, table.c.pd_type).where(table.c.pd_id.in_(sorted(pd_ids))))
        return {row.pd_id: row.pd_type for row in rows}

    @_memoized
    async def _leaders_in(self, pd_id: str, on: date) -> dict[str, str]:
        table = orm.org_placements
        rows = await self._session.execute(
            select(table).where(table.c.pd_id == pd_id, table.c.leads_unit.is_(True), _in_force(table, on)))
        return leaders_by_unit(_placement(row) for row in rows)

    async def _leaders_of_units(self, unit_ids: list[str], on: date) -> dict[str, str]:
        table = orm.org_placements
        rows = await self._session.execute(
            select(table).where(table.c.unit_id.in_(unit_ids), table.c.leads_unit.is_(True), _in_force(table, on)))
        return leaders_by_unit(_placement(row) for row in rows)

    async def _placed_nips(self, nips: Sequence[str], on: date) -> set[str]:
        table = orm.org_placements
        return set((await self._session.scalars(
            select(table.c.nip).where(table.c.nip.in_(list(nips)), _in_force(table, on)))).all())

    async def _appraised_by(self, penilai_nip: str, on: date) -> list[str]:
        """NIPs whose kedudukan in force on ``on`` (the latest begun by then) names ``penilai_nip``."""
        table = orm.org_kedudukan
        candidates = (await self._session.scalars(
            select(table.c.nip).where(table.c.penilai_nip == penilai_nip, table.c.start_date <= on).distinct())).all()
        if not candidates:
            return []
        latest: dict[str, tuple[date, str]] = {}
        for row in await self._session.execute(
                select(table.c.nip, table.c.start_date, table.c.penilai_nip)
                .where(table.c.nip.in_(candidates), table.c.start_date <= on)):
            if row.nip not in latest or row.start_date > latest[row.nip][0]:
                latest[row.nip] = (row.start_date, row.penilai_nip)
        return sorted(nip for nip, (_, penilai) in latest.items() if penilai == penilai_nip)
