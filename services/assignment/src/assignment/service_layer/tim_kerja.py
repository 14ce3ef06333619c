"""Use cases of Tim Kerja. Every step asks the tim_kerja policy first (with facts from the org read model and the
team's own recorded steps, never the client's word about people), then writes the team, its members and roles, the
transition row (decision id and reasons), the letter that sets it and the outbox event in one transaction."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sikerja_outbox import stage_events_at_commit
from sikerja_policy_client import Decision, PolicyClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from assignment.adapters import orm
from assignment.adapters import penugasan_store as letters_store
from assignment.adapters import tim_kerja_store as store
from assignment.adapters.event_contracts import (
    TIM_KERJA_TOPIC,
    LetterRefV1,
    TeamChangeV1,
    TeamMemberV1,
    TimKerjaChangedV1,
    tim_kerja_cloudevent,
)
from assignment.adapters.letter_numbers import allocate_number
from assignment.adapters.org_directory import OrgDirectory, OrgDirectoryCache
from assignment.domain.letters import Letter, validate_letter
from assignment.domain.org_facts import SEKRETARIAT_DAERAH, PegawaiFacts
from assignment.domain.tim_kerja import (
    ORDER_SOURCE,
    Member,
    Role,
    TeamStateError,
    TeamStatus,
    TeamStep,
    TimKerja,
)
from assignment.service_layer.commands import (
    Caller,
    Idempotency,
    Refused,
    VersionMismatch,
    run_once,
)
from assignment.service_layer.letter_drafting import (
    LetterCannotBeDrafted,
    TeamLetterContext,
    draft_team_letter,
)
from assignment.service_layer.penugasan import RequestNotFound, scope_between

TIM_KERJA_DECISION = "sikerja.tim_kerja.decision"
SCOPES = ("dalam_unit_organisasi", "lintas_unit_organisasi", "lintas_perangkat_daerah", "lintas_instansi")
DATA_SOURCE = "Sikerja: data organisasi dari org-registry"

# How the read model spells a pendidikan or a predikat kinerja, mapped to the policy's vocabulary.
_PENDIDIKAN = {"SD": "SD", "SMP": "SMP", "SLTP": "SMP", "SMA": "SMA", "SMK": "SMA", "SLTA": "SMA", "D1": "D1",
               "DI": "D1", "D2": "D2", "DII": "D2", "D3": "D3", "DIII": "D3", "D4": "D4", "DIV": "D4", "S1": "S1",
               "S2": "S2", "S3": "S3"}
_PREDIKAT = {"sangat_kurang", "kurang", "butuh_perbaikan", "baik", "sangat_baik"}

class TeamNotFound(RequestNotFound):
    pass


@dataclass(frozen=True)
class OpenTeam:
    action: str  # propose or form
    name: str
    kind: str
    purpose: str
    members: list[str]
    owner_unit_id: str | None = None  # the unit pemilik kinerja; the caller's own unit by default
    contents: dict[str, Any] = field(default_factory=dict)  # maksud_tujuan, target_kinerja, kompetensi [...]
    period_start: date | None = None
    period_end: date | None = None
    tahun_anggaran: int | None = None
    law_requires_keputusan: bool = False
    identifikasi: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TeamCommand:
    action: str
    nip: str | None = None  # the member to add, or the Ketua Tim / Koordinator to appoint
    note: str | None = None


def normalize_pendidikan(value: str | None) -> str | None:
    return _PENDIDIKAN.get(re.sub(r"[^A-Z0-9]", "", (value or "").upper()))


def normalize_predikat(value: str | None) -> str | None:
    predikat = re.sub(r"\s+", "_", (value or "").strip().lower())
    return predikat if predikat in _PREDIKAT else None


def widest_scope(owner: dict[str, str], places: list[dict[str, str]]) -> str:
    return SCOPES[max([0] + [SCOPES.index(scope_between(owner, p)) for p in places])]


def _refusal(code: str, message: str, source: str, field_name: str | None = None) -> Refused:
    return Refused([{"code": code, "message": message, "source": source,
                     **({"field": field_name} if field_name else {})}])


@dataclass
class TimKerjaService:
    sessions: async_sessionmaker[AsyncSession]
    policy: PolicyClient
    on_commit: Callable[[], None] = lambda: None
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    directory_cache: OrgDirectoryCache | None = None  # answers of the org read model kept per generation
    _kedudukan: dict[str, dict[str, Any]] = field(default_factory=dict)

    # ------------------------------------------------------------------ commands

    async def open(self, command: OpenTeam, caller: Caller, idempotency: Idempotency,
                   correlation_id: str | None) -> tuple[int, dict[str, Any]]:
        async def run(session: AsyncSession) -> dict[str, Any]:
            directory = OrgDirectory(session, self.directory_cache)
            team = await self._new_team(session, directory, command, caller)
            await store.insert_team(session, team)
            payload = {"identifikasi": command.identifikasi} if command.identifikasi else {}
            return await self._transition(session, directory, team, caller, TeamCommand(command.action),
                                          correlation_id, payload=payload, read_version=team.version)
        return await self._idempotent(caller, idempotency, 201, run)

    async def take_step(self, team_id: str, command: TeamCommand, caller: Caller, idempotency: Idempotency,
                        expected_version: int | None, correlation_id: str | None) -> tuple[int, dict[str, Any]]:
        async def run(session: AsyncSession) -> dict[str, Any]:
            team = await store.load_team(session, team_id)
            if team is None:
                raise TeamNotFound(team_id)
            if expected_version is not None and expected_version != team.version:
                raise VersionMismatch(team.version)
            payload = {k: v for k, v in {"nip": command.nip, "note": command.note}.items() if v}
            return await self._transition(session, OrgDirectory(session, self.directory_cache), team, caller, command, correlation_id,
                                          payload=payload, read_version=team.version)
        return await self._idempotent(caller, idempotency, 200, run)

    # ------------------------------------------------------------------ queries

    async def view(self, team_id: str, caller: Caller) -> tuple[TimKerja, list[tuple[str, Letter]]]:
        async with self.sessions() as session:
            team = await store.load_team(session, team_id)
            if team is None:
                raise TeamNotFound(team_id)
            self._authorize_read(team, caller)
            return team, await letters_store.letters_of(session, team_id)

    async def letter(self, letter_id: str, caller: Caller) -> Letter | None:
        """A team's letter, if ``letter_id`` is one (None when it belongs to a penugasan request)."""
        async with self.sessions() as session:
            team_id = await store.letter_team_id(session, letter_id)
            if team_id is None:
                return None
            team = await store.load_team(session, team_id)
            self._authorize_read(team, caller)
            found = await letters_store.load_letter(session, letter_id)
            return found[0] if found else None

    @staticmethod
    def _authorize_read(team: TimKerja, caller: Caller) -> None:
        """The owner's instansi reads its teams; a member of another instansi reads the team it is on."""
        if caller.instansi == team.instansi_id or team.member(caller.nip) or "platform_admin" in caller.roles:
            return
        raise _refusal("tim_kerja.read_not_allowed", "Tim Kerja ini milik instansi lain dan pengguna bukan anggotanya.",
                       "Sikerja: Tim Kerja dibaca oleh instansi pemiliknya dan anggotanya")

    # ------------------------------------------------------------------ the transition

    async def _new_team(self, session: AsyncSession, directory: OrgDirectory, command: OpenTeam,
                        caller: Caller) -> TimKerja:
        today = self.clock().date()
        actor = await directory.place_of(caller.nip, today)
        if actor is None:
            raise _refusal("tim_kerja.actor_unknown", f"pegawai {caller.nip} tidak menduduki jabatan menurut data "
                           "organisasi", DATA_SOURCE)
        owner = await self._unit_place(session, command.owner_unit_id or actor.own_place.unit)
        rules = await directory.instansi_rules(owner["instansi"])
        if rules is None:
            raise _refusal("tim_kerja.instansi_unknown", f"instansi {owner['instansi']} belum dikenal layanan "
                           "penugasan", DATA_SOURCE)
        nips = list(dict.fromkeys(command.members))
        facts = await directory.places_of(nips, today)
        if unknown := [nip for nip in nips if nip not in facts]:
            raise _refusal("tim_kerja.pegawai_unknown", f"pegawai {', '.join(unknown)} tidak menduduki jabatan "
                           "menurut data organisasi", DATA_SOURCE, "members")
        members = [Member(nip, facts[nip].place.as_input(), Role.ANGGOTA, 1) for nip in nips]
        return TimKerja(
            id=str(uuid.uuid4()), instansi_id=owner["instansi"], profile=rules.regulation_profile, kind=command.kind,
            purpose=command.purpose, name=command.name, owner=owner, owner_nip=caller.nip,
            scope=widest_scope(owner, [m.place for m in members]), contents=dict(command.contents),
            period_start=command.period_start, period_end=command.period_end, opened_at=self.clock(),
            tahun_anggaran=command.tahun_anggaran, law_requires_keputusan=command.law_requires_keputusan,
            members=members)

    async def _unit_place(self, session: AsyncSession, unit_id: str) -> dict[str, str]:
        units, pds = orm.org_units, orm.org_perangkat_daerah
        row = (await session.execute(
            select(units.c.instansi_id, units.c.pd_id, pds.c.pd_type)
            .join(pds, pds.c.pd_id == units.c.pd_id).where(units.c.unit_id == unit_id))).first()
        if row is None:
            raise _refusal("tim_kerja.invalid_input", f"owner_unit_id: unit {unit_id} tidak dikenal", DATA_SOURCE,
                           "owner_unit_id")
        return {"instansi": row.instansi_id, "perangkat_daerah": row.pd_id, "unit": unit_id, "pd_type": row.pd_type}

    async def _transition(self, session: AsyncSession, directory: OrgDirectory, team: TimKerja, caller: Caller,
                          command: TeamCommand, correlation_id: str | None, *, payload: dict[str, Any],
                          read_version: int) -> dict[str, Any]:
        try:
            team.check(command.action)
        except TeamStateError as exc:
            raise _refusal(exc.code, exc.message, ORDER_SOURCE) from exc
        today = self.clock().date()
        candidate = await self._candidate_of(directory, team, command, today)
        added = Member(candidate.nip, candidate.place.as_input(), Role.ANGGOTA, len(team.steps) + 1) \
            if command.action == "add_member" and candidate else None
        places = [m.place for m in team.members] + ([added.place] if added else [])
        scope = widest_scope(team.owner, places)
        actor = await self._actor(directory, team, caller, today)
        decision = await self._decide(session, team, actor, command.action, candidate, today)
        obligations = decision.obligations
        step = TeamStep(seq=len(team.steps) + 1, action=command.action, actor_nip=caller.nip,
                        actor_instansi_id=caller.instansi, at=self.clock(), decision_id=decision.decision_id,
                        reasons=tuple({"code": r.code, "message": r.message, "source": r.source}
                                      for r in decision.reasons), obligations=obligations, payload=payload)
        was_active = team.status is TeamStatus.ACTIVE
        before = team.record(step, scope=obligations.get("scope", scope), added=added,
                             ketua=candidate.nip if command.action == "appoint_ketua" and candidate else None,
                             koordinator=candidate.nip if command.action == "appoint_koordinator" and candidate
                             else None)
        letter, letter_id = None, None
        if obligations.get("document") and (command.action == "set" or (command.action == "add_member"
                                                                          and was_active)):
            letter = await self._draft(session, directory, team, step, obligations, actor, today)
            validate_letter(letter)
            letter_id = str(uuid.uuid4())
            step = TeamStep(**{**step.__dict__, "letter_id": letter_id})
            team.steps[-1] = step
        await store.save_team(session, team, read_version=read_version)
        store.insert_transition(session, team.id, step)
        if letter is not None:
            letters_store.insert_letter(session, letter_id, letter)
        self._stage(session, team, before, step, candidate.nip if candidate else None,
                    (letter_id, letter) if letter else None, correlation_id)
        return team_summary(team, step, (letter_id, letter) if letter else None)

    async def _candidate_of(self, directory: OrgDirectory, team: TimKerja, command: TeamCommand,
                            today: date) -> PegawaiFacts | None:
        if command.action not in {"add_member", "appoint_ketua", "appoint_koordinator"}:
            return None
        if not command.nip:
            raise _refusal("tim_kerja.invalid_input", f"nip: sebutkan pegawai untuk langkah {command.action}",
                           "Sikerja: keputusan hanya diambil atas masukan yang lengkap", "nip")
        if command.action == "appoint_ketua" and team.member(command.nip) is None:
            raise _refusal("tim_kerja.ketua_not_member", "Ketua Tim ditunjuk dari anggota Tim Kerja; tambahkan "
                           "pegawai sebagai anggota lebih dahulu.", "Sikerja: Ketua Tim adalah anggota Tim Kerja",
                           "nip")
        facts = await directory.place_of(command.nip, today)
        if facts is None:
            raise _refusal("tim_kerja.pegawai_unknown", f"pegawai {command.nip} tidak menduduki jabatan menurut "
                           "data organisasi", DATA_SOURCE, "nip")
        return facts

    async def _actor(self, directory: OrgDirectory, team: TimKerja, caller: Caller, today: date) -> dict[str, Any]:
        actor = await directory.policy_actor(caller.nip, caller.roles, instansi=caller.instansi, on=today)
        kedudukan = await self._kedudukan_of(team.profile)
        for unit in await directory.coordinating_pengawas_units(caller.nip, kedudukan, today):
            entry = {"as": "pengawas_koordinator", "of": unit}
            if entry not in actor["officiates"]:
                actor["officiates"].append(entry)
        return actor

    async def _kedudukan_of(self, profile: str) -> dict[str, Any]:
        if profile not in self._kedudukan:
            kedudukan = await self.policy.document(f"sikerja.profiles.{profile}.kedudukan")
            self._kedudukan[profile] = kedudukan if isinstance(kedudukan, dict) else {}
        return self._kedudukan[profile]

    async def _decide(self, session: AsyncSession, team: TimKerja, actor: dict[str, Any], action: str,
                      candidate: PegawaiFacts | None, today: date) -> Decision:
        resource: dict[str, Any] = {"team": await self._team_input(session, team), "date": today.isoformat()}
        if action in {"form", "set"}:
            pd_name = await session.scalar(select(orm.org_perangkat_daerah.c.name).where(
                orm.org_perangkat_daerah.c.pd_id == team.owner["perangkat_daerah"]))
            resource["squads_in_owner"] = {
                "unit_organisasi": pd_name or team.owner["perangkat_daerah"],
                "existing": await store.squads_in(session, team.owner["perangkat_daerah"], team.kind,
                                                  excluding=team.id)}
        if action == "appoint_koordinator":
            resource["unit"] = team.owner
        if candidate is not None:
            resource["candidate"] = await self._candidate_input(session, team, candidate)
        decision = await self.policy.decide(TIM_KERJA_DECISION, {
            "action": f"tim_kerja.{action}", "profile": team.profile, "actor": actor, "resource": resource,
            "time": self.clock().isoformat()})
        if not decision.allow:
            raise Refused.of(decision)
        return decision

    async def _team_input(self, session: AsyncSession, team: TimKerja) -> dict[str, Any]:
        result: dict[str, Any] = {
            "id": team.id, "kind": team.kind, "purpose": team.purpose, "owner": team.owner,
            "members": [{"id": m.nip, "place": m.place} for m in team.members],
            "law_requires_keputusan": team.law_requires_keputusan, **team.gate_facts()}
        if team.tahun_anggaran is not None:
            result["tahun_anggaran"] = team.tahun_anggaran
        return result

    async def _candidate_input(self, session: AsyncSession, team: TimKerja, facts: PegawaiFacts) -> dict[str, Any]:
        """The candidate as the policy judges it, every fact from the read model (workflows.md §3.4)."""
        needed = {k.strip().lower() for k in team.contents.get("kompetensi", []) if k.strip()}
        candidate: dict[str, Any] = {
            "id": facts.nip, "place": facts.place.as_input(),
            "jabatan": {k: v for k, v in facts.jabatan.as_input().items() if v is not None},
            "kinerja": sorted(({"year": int(year), "predikat": predikat} for year, raw in facts.kinerja.items()
                               if year.isdigit() and (predikat := normalize_predikat(raw))),
                              key=lambda k: k["year"]),
            "talent_pool": facts.talent_pool,
            "kompetensi_sesuai": bool(needed & {c.strip().lower() for c in facts.competencies}),
            "memberships": await store.memberships_of(session, facts.nip),
        }
        if facts.status:
            candidate["status"] = facts.status
        if pendidikan := normalize_pendidikan(facts.pendidikan):
            candidate["pendidikan"] = pendidikan
        return candidate

    # ------------------------------------------------------------------ the letter

    async def _draft(self, session: AsyncSession, directory: OrgDirectory, team: TimKerja, step: TeamStep,
                     obligations: dict[str, Any], actor: dict[str, Any], today: date) -> Letter:
        document = obligations["document"]
        signer = await self._signer(directory, document.get("signers", []), actor, today)
        tembusan = tuple([await self._office_title(directory, t, today) for t in obligations.get("tembusan", [])])
        return await draft_team_letter(
            TeamLetterContext(team=team, step_id=f"tim_kerja.{step.action}", document=document, signer_nip=signer,
                              tembusan=tembusan, decision_id=step.decision_id or "", reasons=step.reasons,
                              today=today),
            directory, directory.instansi_rules,
            lambda instansi_id, kind, year: allocate_number(session, instansi_id, kind, year))

    async def _signer(self, directory: OrgDirectory, signers: list[dict[str, str]], actor: dict[str, Any],
                      today: date) -> str:
        """Whoever takes the step signs when they hold a signing office; else the first holder of one; a document
        without named signers (a Keputusan another law requires) is signed by whoever sets the team."""
        held = {(o["as"], o["of"]) for o in actor["officiates"]}
        if not signers or any((s["as"], s["of"]) in held for s in signers):
            return actor["id"]
        for s in signers:
            if nip := await self._holder(directory, s["as"], s["of"], today):
                return nip
        raise LetterCannotBeDrafted("tidak ada pejabat yang memegang jabatan penanda tangan: "
                                    + ", ".join(s.get("title", s["as"]) for s in signers))

    @staticmethod
    async def _holder(directory: OrgDirectory, office: str, of: str, today: date) -> str | None:
        if office in {"puo", "pemilik_kinerja", "penilai_kinerja"}:
            return await directory.puo_of(of, today)
        if office == "kepala_perangkat_daerah":
            return await directory.kepala_perangkat_daerah_of(of, today)
        if office == "sekretaris_daerah":
            return await directory.head_of_pd_type(of, SEKRETARIAT_DAERAH, today)
        if office == "pejabat_yang_berwenang":
            return await directory.pejabat_yang_berwenang_of(of, today)
        return None  # Bupati / Wali Kota: not in assignment's read model

    async def _office_title(self, directory: OrgDirectory, office: dict[str, str], today: date) -> str:
        nip = await self._holder(directory, office["as"], office["of"], today)
        facts = await directory.place_of(nip, today) if nip else None
        return facts.jabatan.title if facts else office.get("title", office["as"])

    # ------------------------------------------------------------------ event and idempotency

    def _stage(self, session: AsyncSession, team: TimKerja, before: TeamStatus, step: TeamStep,
               subject_nip: str | None, letter: tuple[str, Letter] | None, correlation_id: str | None) -> None:
        ketua = team.ketua
        data = TimKerjaChangedV1(
            team_id=team.id, instansi_id=team.instansi_id, profile=team.profile, name=team.name, kind=team.kind,
            purpose=team.purpose, scope=team.scope, owner_unit_id=team.owner["unit"],
            owner_perangkat_daerah_id=team.owner["perangkat_daerah"], status=team.status.value,
            previous_status=before.value,
            members=[TeamMemberV1(nip=m.nip, instansi_id=m.place["instansi"],
                                  perangkat_daerah_id=m.place["perangkat_daerah"], unit_id=m.place["unit"],
                                  role=m.role.value) for m in team.members],
            ketua_nip=ketua.nip if ketua else None, koordinator_nip=team.koordinator_nip,
            change=TeamChangeV1(seq=step.seq, action=step.action, actor_nip=step.actor_nip,
                                decision_id=step.decision_id, subject_nip=subject_nip),
            letter=LetterRefV1(letter_id=letter[0], kind=letter[1].kind.value, number=letter[1].number)
            if letter else None,
            version=team.version)
        stage_events_at_commit(session, orm.outbox,
                               [(TIM_KERJA_TOPIC, team.id, tim_kerja_cloudevent(data, correlation_id=correlation_id))])

    async def _idempotent(self, caller: Caller, idempotency: Idempotency, status_code: int,
                          run: Callable[[AsyncSession], Any]) -> tuple[int, dict[str, Any]]:
        outcome = await run_once(self.sessions, caller, idempotency, status_code, run)
        self.on_commit()
        return outcome


def team_summary(team: TimKerja, step: TeamStep, letter: tuple[str, Letter] | None) -> dict[str, Any]:
    ketua = team.ketua
    return {
        "team_id": team.id, "status": team.status.value, "version": team.version, "scope": team.scope,
        "kind": team.kind, "ketua_nip": ketua.nip if ketua else None, "koordinator_nip": team.koordinator_nip,
        "members": [{"nip": m.nip, "role": m.role.value, "place": m.place} for m in team.members],
        "step": {"seq": step.seq, "action": step.action, "actor_nip": step.actor_nip,
                 "decision_id": step.decision_id, "reasons": list(step.reasons),
                 "obligations": step.obligations},
        "letter": {"id": letter[0], "kind": letter[1].kind.value, "number": letter[1].number} if letter else None,
    }
