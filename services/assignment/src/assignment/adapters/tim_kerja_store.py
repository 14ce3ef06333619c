"""Persistence of Tim Kerja: the team with its version guard, its members and roles, its transitions, and the
memberships and squad counts the policy input needs. Letters and idempotency keys live in the tables penugasan
uses (``letters.request_id`` holds the team id)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sikerja_database import write_behind
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from assignment.adapters import orm
from assignment.adapters.penugasan_store import (
    ConcurrentChange,  # one conflict for both aggregates
)
from assignment.domain.tim_kerja import Member, Role, TeamStatus, TeamStep, TimKerja


def _team_row(team: TimKerja) -> dict[str, Any]:
    return {
        "id": team.id, "instansi_id": team.instansi_id, "profile": team.profile, "kind": team.kind,
        "purpose": team.purpose, "name": team.name, "scope": team.scope, "status": team.status.value,
        "owner_place": team.owner, "owner_pd_id": team.owner["perangkat_daerah"], "owner_nip": team.owner_nip,
        "contents": team.contents, "period_start": team.period_start, "period_end": team.period_end,
        "tahun_anggaran": team.tahun_anggaran, "law_requires_keputusan": team.law_requires_keputusan,
        "koordinator_nip": team.koordinator_nip, "opened_at": team.opened_at,
    }


async def insert_team(session: AsyncSession, team: TimKerja) -> None:
    team.version = 1
    await session.execute(insert(orm.tim_kerja_teams).values(**_team_row(team), version=1,
                                                              updated_at=datetime.now(UTC)))


async def save_team(session: AsyncSession, team: TimKerja, *, read_version: int) -> None:
    """Write the team and its members only if it is still at the version it was read at; bump the version."""
    table = orm.tim_kerja_teams
    result = await session.execute(
        update(table).where(table.c.id == team.id, table.c.version == read_version)
        .values(**_team_row(team), version=read_version + 1, updated_at=datetime.now(UTC)))
    if result.rowcount != 1:
        raise ConcurrentChange(team.id)
    team.version = read_version + 1
    members = orm.tim_kerja_members
    await session.execute(delete(members).where(members.c.team_id == team.id))
    if team.members:
        await session.execute(insert(members), [
            {"team_id": team.id, "nip": m.nip, "instansi_id": m.instansi_id, "place": m.place, "role": m.role.value,
             "since_seq": m.since_seq} for m in team.members])


async def load_team(session: AsyncSession, team_id: str) -> TimKerja | None:
    row = (await session.execute(
        select(orm.tim_kerja_teams).where(orm.tim_kerja_teams.c.id == team_id))).mappings().first()
    if row is None:
        return None
    members = (await session.execute(
        select(orm.tim_kerja_members).where(orm.tim_kerja_members.c.team_id == team_id)
        .order_by(orm.tim_kerja_members.c.since_seq, orm.tim_kerja_members.c.nip))).mappings().all()
    transitions = (await session.execute(
        select(orm.tim_kerja_transitions).where(orm.tim_kerja_transitions.c.team_id == team_id)
        .order_by(orm.tim_kerja_transitions.c.seq))).mappings().all()
    return TimKerja(
        id=row["id"], instansi_id=row["instansi_id"], profile=row["profile"], kind=row["kind"],
        purpose=row["purpose"], name=row["name"], owner=row["owner_place"], owner_nip=row["owner_nip"],
        scope=row["scope"], contents=row["contents"], period_start=row["period_start"],
        period_end=row["period_end"], opened_at=row["opened_at"], tahun_anggaran=row["tahun_anggaran"],
        law_requires_keputusan=row["law_requires_keputusan"], status=TeamStatus(row["status"]),
        koordinator_nip=row["koordinator_nip"], version=row["version"],
        members=[Member(m["nip"], m["place"], Role(m["role"]), m["since_seq"]) for m in members],
        steps=[TeamStep(t["seq"], t["action"], t["actor_nip"], t["actor_instansi_id"], t["at"], t["decision_id"],
                        tuple(t["reasons"]), t["obligations"], t["payload"], t["letter_id"]) for t in transitions],
    )


def insert_transition(session: AsyncSession, team_id: str, step: TeamStep) -> None:
    """Written when the transaction commits (write-behind): nothing reads it back before."""
    write_behind(session).insert(orm.tim_kerja_transitions, [{
        "team_id": team_id, "seq": step.seq, "action": step.action, "actor_nip": step.actor_nip,
        "actor_instansi_id": step.actor_instansi_id, "at": step.at, "decision_id": step.decision_id,
        "reasons": list(step.reasons), "obligations": step.obligations, "payload": step.payload,
        "letter_id": step.letter_id}])


async def memberships_of(session: AsyncSession, nip: str) -> list[dict[str, str]]:
    """The teams not yet closed ``nip`` is on: ``[{team_id, kind, role}]`` as the policy's candidate.memberships."""
    teams, members = orm.tim_kerja_teams, orm.tim_kerja_members
    rows = await session.execute(
        select(members.c.team_id, teams.c.kind, members.c.role)
        .join(teams, teams.c.id == members.c.team_id)
        .where(members.c.nip == nip, teams.c.status != TeamStatus.CLOSED.value)
        .order_by(members.c.team_id))
    return [{"team_id": r.team_id, "kind": r.kind, "role": r.role} for r in rows]


async def squads_in(session: AsyncSession, pd_id: str, kind: str, *, excluding: str) -> int:
    """Teams of ``kind`` formed or set (not closed) in a Perangkat Daerah, this one not counted."""
    teams = orm.tim_kerja_teams
    return await session.scalar(select(func.count()).select_from(teams).where(
        teams.c.owner_pd_id == pd_id, teams.c.kind == kind, teams.c.id != excluding,
        teams.c.status.in_([TeamStatus.FORMED.value, TeamStatus.ACTIVE.value]))) or 0


async def letter_team_id(session: AsyncSession, letter_id: str) -> str | None:
    """The team a letter belongs to, if ``letters.request_id`` names a team."""
    letters, teams = orm.letters, orm.tim_kerja_teams
    return await session.scalar(select(teams.c.id).join(letters, letters.c.request_id == teams.c.id)
                                .where(letters.c.id == letter_id))
