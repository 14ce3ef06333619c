"""Use cases of pelaksanaan tugas and pertanggungjawaban on a piece of work: reports, report requests, escalations
with alternatif rekomendasi, and the result chain.

Every action builds the policy input from assignment's org read model (who holds which role for the work, the
places of the members, the result chain: never roles or places the client sends), asks ``sikerja.pelaksanaan``,
then writes in one transaction: the work ledger's new version (exactly one of two concurrent actors wins), the
record's state, a history row with the decision id and reasons, who must act next, and an outbox event on
``sikerja.assignment.pelaksanaan``. A retry with the same Idempotency-Key gets the first answer.

A piece of work is referenced by ``(kind, id)``: ``penugasan`` (an individual penugasan request in force) or
``tim_kerja``. A Tim Kerja comes from ``team_source`` when the Tim Kerja module provides one, else from a team
registered for pelaksanaan with :meth:`PelaksanaanService.register_team`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sikerja_outbox import stage_events_at_commit
from sikerja_policy_client import Decision, PolicyClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from assignment.adapters import idempotency_store, orm, penugasan_store
from assignment.adapters import pelaksanaan_store as store
from assignment.adapters.event_contracts import (
    PELAKSANAAN_TOPIC,
    PelaksanaanRecordedV1,
    WorkRefV1,
    pelaksanaan_cloudevent,
)
from assignment.adapters.org_directory import OrgDirectory, OrgDirectoryCache
from assignment.adapters.org_events import instansi_rules_of
from assignment.adapters.workflow_profiles import WorkflowProfiles
from assignment.domain.pelaksanaan import (
    Entry,
    Mode,
    Record,
    RecordClosed,
    RecordKind,
    Status,
    Work,
    WorkKind,
    WorkRef,
    result_chain,
    status_after,
)
from assignment.domain.penugasan import Form
from assignment.domain.penugasan import Status as PenugasanStatus
from assignment.service_layer.commands import (
    Caller,
    Idempotency,
    Refused,
    VersionMismatch,
    answered_before,
)

PELAKSANAAN_DECISION = "sikerja.pelaksanaan.decision"

_ORG_SOURCE = "Sikerja: data organisasi dari org-registry"
_WORK_SOURCE = "Sikerja: pelaksanaan tugas dicatat atas penugasan individu yang sedang berlaku atau Tim Kerja"

RESULT_STEPS = {"submit": "submit_result", "accept": "accept_result", "return": "return_result",
                "correct": "correct_result"}


class WorkNotFound(LookupError):
    pass


class RecordNotFound(LookupError):
    pass


@dataclass(frozen=True)
class TeamWork:
    """A Tim Kerja as pelaksanaan needs it: whose target it serves and who is in it (NIPs, the Ketua Tim too)."""

    id: str
    instansi_id: str
    owner_unit_id: str
    ketua_tim: str
    members: tuple[str, ...]
    active: bool = True  # the team works (set by its letter, not closed)

    def as_record(self) -> dict[str, Any]:
        return {"owner_unit_id": self.owner_unit_id, "ketua_tim": self.ketua_tim, "members": list(self.members)}


TeamSource = Callable[[AsyncSession, str], Awaitable[TeamWork | None]]


async def tim_kerja_team(session: AsyncSession, team_id: str) -> TeamWork | None:
    """The Tim Kerja module's team as pelaksanaan needs it (None when there is no such team or no Ketua Tim yet)."""
    from assignment.adapters import tim_kerja_store  # the Tim Kerja module, read only
    from assignment.domain.tim_kerja import TeamStatus

    team = await tim_kerja_store.load_team(session, team_id)
    if team is None or team.ketua is None:
        return None
    return TeamWork(team.id, team.instansi_id, team.owner["unit"], team.ketua.nip,
                    tuple(m.nip for m in team.members), active=team.status is TeamStatus.ACTIVE)


# ---------------------------------------------------------------------------------------------------- commands

@dataclass(frozen=True)
class SendReport:
    isi: str
    occasion: str = "berkala"
    recipients: list[str] = field(default_factory=list)
    request_id: str | None = None  # the report request this report answers


@dataclass(frozen=True)
class RequestReport:
    from_nip: str
    catatan: str | None = None


@dataclass(frozen=True)
class Escalate:
    permasalahan: str
    alternatif_rekomendasi: list[str]
    targets: list[str]
    level: int = 1
    escalation_id: str | None = None  # the problem raised before, when raising it to the next level


@dataclass(frozen=True)
class SubmitResult:
    ringkasan: str
    to: str | None = None
    conforms: bool = True


@dataclass(frozen=True)
class ResultStep:
    action: str  # submit, accept, return, correct
    to: str | None = None
    conforms: bool | None = None
    catatan: str | None = None


# ---------------------------------------------------------------------------------------------------- the service

@dataclass
class PelaksanaanService:
    sessions: async_sessionmaker[AsyncSession]
    policy: PolicyClient
    profiles: WorkflowProfiles
    on_commit: Callable[[], None] = lambda: None
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    directory_cache: OrgDirectoryCache | None = None  # answers of the org read model kept per generation
    team_source: TeamSource | None = tim_kerja_team
    _return_modes: dict[str, str | None] = field(default_factory=dict)

    # ------------------------------------------------------------------ commands

    async def register_team(self, team: TeamWork) -> WorkRef:
        """Register a Tim Kerja for pelaksanaan (until the Tim Kerja module provides its teams through
        ``team_source``); registering it again replaces its members."""
        ref = WorkRef(WorkKind.TIM_KERJA, team.id)
        try:
            async with self.sessions() as session, session.begin():
                await store.open_ledger(session, ref, team.instansi_id, team.as_record())
        except IntegrityError:
            async with self.sessions() as session, session.begin():
                await session.execute(orm.pelaksanaan_works.update().where(
                    orm.pelaksanaan_works.c.work_kind == ref.kind.value, orm.pelaksanaan_works.c.work_id == ref.id)
                    .values(team=team.as_record()))
        return ref

    async def report(self, ref: WorkRef, command: SendReport, caller: Caller, idempotency: Idempotency,
                     expected_version: int | None, correlation_id: str | None) -> tuple[int, dict[str, Any]]:
        async def act(session: AsyncSession, work: Work, directory: OrgDirectory) -> dict[str, Any]:
            request_record, occasion, recipients = None, command.occasion, list(command.recipients)
            report: dict[str, Any] = {"as": work.reporter_role(caller.nip)}
            if command.request_id:
                request_record = await self._record_of(session, command.request_id, RecordKind.REPORT_REQUEST,
                                                       work.ref)
                if request_record.status is not Status.OPEN:
                    raise Refused([{"code": "pelaksanaan.request_closed", "field": "request_id",
                                    "message": "permintaan laporan ini sudah dijawab",
                                    "source": "Sikerja: satu permintaan laporan dijawab satu kali"}])
                if request_record.data["from"] != caller.nip:
                    raise Refused([{"code": "pelaksanaan.not_requested_from", "field": "request_id",
                                    "message": "permintaan laporan ini tidak ditujukan kepada pengguna",
                                    "source": "Sikerja: laporan atas permintaan disampaikan oleh pegawai yang "
                                              "dimintai laporan"}])
                occasion = "atas_permintaan"
                report["requested_by"] = request_record.opened_by
                recipients = recipients or [request_record.opened_by]
            elif occasion == "atas_permintaan":
                raise Refused([{"code": "pelaksanaan.invalid_input", "field": "request_id",
                                "message": "laporan atas permintaan menyebut permintaan yang dijawabnya (request_id)",
                                "source": "Sikerja: laporan atas permintaan menjawab permintaan yang tercatat"}])
            report.update(occasion=occasion, recipients=recipients)
            decision = await self._decide(session, directory, work, caller, "report", {"report": report},
                                          penilai_of=caller.nip)
            version = await store.bump_version(session, work.ref, read_version=work.version)
            record = self._new_record(work, RecordKind.REPORT, caller,
                                      {**report, "isi": command.isi, "request_id": command.request_id})
            entry = self._entry(record, "report", caller, decision, to_nips=recipients, level=None,
                                payload={"isi": command.isi})
            await self._write(session, work, record, entry, version, correlation_id, new=True)
            answered = None
            if request_record is not None:
                answer = self._entry(request_record, "answer", caller, decision, to_nips=[request_record.opened_by],
                                     level=None, payload={"report_id": record.id})
                answered = await self._write(session, work, request_record, answer, version, correlation_id)
            summary = self._summary(work, record, entry, version)
            if answered is not None:
                summary["answered_request"] = {"record_id": request_record.id, "status": request_record.status.value}
            return summary
        return await self._on_work(ref, caller, idempotency, expected_version, 201, act)

    async def request_report(self, ref: WorkRef, command: RequestReport, caller: Caller, idempotency: Idempotency,
                             expected_version: int | None, correlation_id: str | None) -> tuple[int, dict[str, Any]]:
        async def act(session: AsyncSession, work: Work, directory: OrgDirectory) -> dict[str, Any]:
            decision = await self._decide(session, directory, work, caller, "request_report",
                                          {"request": {"from": command.from_nip}}, penilai_of=command.from_nip)
            version = await store.bump_version(session, work.ref, read_version=work.version)
            report_from = decision.obligations.get("report_from", {})
            record = self._new_record(work, RecordKind.REPORT_REQUEST, caller, {
                "from": command.from_nip, "as": report_from.get("as"), "catatan": command.catatan})
            entry = self._entry(record, "request_report", caller, decision, to_nips=[command.from_nip], level=None,
                                payload={"catatan": command.catatan} if command.catatan else {})
            await self._write(session, work, record, entry, version, correlation_id, new=True)
            return self._summary(work, record, entry, version)
        return await self._on_work(ref, caller, idempotency, expected_version, 201, act)

    async def escalate(self, ref: WorkRef, command: Escalate, caller: Caller, idempotency: Idempotency,
                       expected_version: int | None, correlation_id: str | None) -> tuple[int, dict[str, Any]]:
        async def act(session: AsyncSession, work: Work, directory: OrgDirectory) -> dict[str, Any]:
            record = None
            if command.escalation_id:
                record = await self._record_of(session, command.escalation_id, RecordKind.ESCALATION, work.ref)
            escalation = {"level": command.level, "targets": command.targets,
                          "alternatif_rekomendasi": command.alternatif_rekomendasi,
                          "raised_levels": record.raised_levels if record else []}
            decision = await self._decide(session, directory, work, caller, "escalate", {"escalation": escalation},
                                          penilai_of=caller.nip)
            obligations = decision.obligations
            version = await store.bump_version(session, work.ref, read_version=work.version)
            state = {"scope": obligations.get("scope"), "level": obligations.get("level"),
                     "targets": command.targets, "next_level": obligations.get("next_level"),
                     "alternatif_rekomendasi": command.alternatif_rekomendasi}
            new = record is None
            if new:
                record = self._new_record(work, RecordKind.ESCALATION, caller,
                                          {"permasalahan": command.permasalahan, **state})
            else:
                record.data.update(state)
            entry = self._entry(record, "escalate", caller, decision, to_nips=command.targets,
                                level=obligations.get("level"),
                                payload={"permasalahan": command.permasalahan,
                                         "alternatif_rekomendasi": command.alternatif_rekomendasi,
                                         "purpose": obligations.get("purpose")})
            await self._write(session, work, record, entry, version, correlation_id, new=new)
            return self._summary(work, record, entry, version)
        return await self._on_work(ref, caller, idempotency, expected_version, 201, act)

    async def submit_result(self, ref: WorkRef, command: SubmitResult, caller: Caller, idempotency: Idempotency,
                            expected_version: int | None, correlation_id: str | None) -> tuple[int, dict[str, Any]]:
        async def act(session: AsyncSession, work: Work, directory: OrgDirectory) -> dict[str, Any]:
            chain = await self._chain(session, directory, work)
            record = self._new_record(work, RecordKind.RESULT, caller, {
                "chain": chain, "at": 0, "conforms": command.conforms, "ringkasan": command.ringkasan})
            record.status = Status.RETURNED  # placeholder until the first step: held by the executor
            return await self._result_action(session, directory, work, record, caller,
                                             ResultStep("submit", command.to, command.conforms, command.ringkasan),
                                             correlation_id, new=True)
        return await self._on_work(ref, caller, idempotency, expected_version, 201, act)

    async def result_step(self, result_id: str, command: ResultStep, caller: Caller, idempotency: Idempotency,
                          expected_version: int | None, correlation_id: str | None) -> tuple[int, dict[str, Any]]:
        async with self.sessions() as session:
            found = await store.load_record(session, result_id)
        if found is None or found.kind is not RecordKind.RESULT:
            raise RecordNotFound(f"hasil {result_id}")

        async def act(session: AsyncSession, work: Work, directory: OrgDirectory) -> dict[str, Any]:
            record = await self._record_of(session, result_id, RecordKind.RESULT, work.ref)
            return await self._result_action(session, directory, work, record, caller, command, correlation_id)
        # A result in flight finishes its chain even after the assignment's period is over.
        return await self._on_work(found.work, caller, idempotency, expected_version, 200, act, require_active=False)

    # ------------------------------------------------------------------ queries

    async def accountability(self, ref: WorkRef, caller: Caller) -> dict[str, Any]:
        async with self.sessions() as session:
            work = await self._work(session, ref, require_active=False)
            if not ("platform_admin" in caller.roles or caller.nip in work.members
                    or caller.instansi == work.instansi_id):
                raise Refused([{"code": "pelaksanaan.not_a_party", "message": "riwayat pelaksanaan tugas ini hanya "
                                "dapat dibaca oleh instansi pemilik kinerja dan pelaksananya",
                                "source": "Sikerja: riwayat pertanggungjawaban dibaca oleh instansi pemilik kinerja "
                                          "dan pelaksananya"}])
            records = await store.records_of(session, ref)
        by_kind: dict[RecordKind, list[dict[str, Any]]] = {kind: [] for kind in RecordKind}
        for record in records:
            by_kind[record.kind].append(record_view(record))
        return {
            "work": {**ref.as_dict(), "instansi_id": work.instansi_id, "profile": work.profile,
                     "mode": work.mode.value, "executor": work.executor, "members": list(work.members),
                     "owner_unit_id": work.owner_unit_id, "version": work.version},
            "reports": by_kind[RecordKind.REPORT], "report_requests": by_kind[RecordKind.REPORT_REQUEST],
            "escalations": by_kind[RecordKind.ESCALATION], "results": by_kind[RecordKind.RESULT],
            "pending": [p for record in records for p in record.pending()],
        }

    async def pending_actions(self, nip: str) -> list[dict[str, Any]]:
        async with self.sessions() as session:
            return await store.pending_for(session, nip)

    # ------------------------------------------------------------------ the work

    async def _work(self, session: AsyncSession, ref: WorkRef, *, require_active: bool = True) -> Work:
        ledger = await store.ledger(session, ref)
        version = ledger["version"] if ledger else 0
        if ref.kind is WorkKind.PENUGASAN:
            request = await penugasan_store.load_request(session, ref.id)
            if request is None:
                raise WorkNotFound(f"penugasan {ref.id}")
            if request.form is not Form.INDIVIDU or request.pegawai.nip is None:
                raise Refused([{"code": "pelaksanaan.not_individual_work", "source": _WORK_SOURCE,
                                "message": "penugasan ke dalam Tim Kerja dilaksanakan dan dipertanggungjawabkan "
                                           "melalui Tim Kerjanya"}])
            if require_active and request.status is not PenugasanStatus.ACTIVE:
                raise Refused([{"code": "pelaksanaan.work_not_active", "source": _WORK_SOURCE,
                                "message": f"penugasan berstatus {request.status.value}, belum/tidak lagi berlaku"}])
            nip = request.pegawai.nip
            return Work(ref, request.instansi_id, request.profile, Mode.INDIVIDU, nip,
                        request.pemilik_kinerja.place["unit"], (nip,), version)
        team = await self.team_source(session, ref.id) if self.team_source else None
        if team is None and ledger and ledger["team"]:
            record = ledger["team"]
            team = TeamWork(ref.id, ledger["instansi_id"], record["owner_unit_id"], record["ketua_tim"],
                            tuple(record["members"]))
        if team is None:
            raise WorkNotFound(f"tim kerja {ref.id}")
        if require_active and not team.active:
            raise Refused([{"code": "pelaksanaan.work_not_active", "source": _WORK_SOURCE,
                            "message": "Tim Kerja belum ditetapkan atau sudah selesai"}])
        rules = await instansi_rules_of(session, team.instansi_id)
        if rules is None:
            raise Refused([{"code": "pelaksanaan.instansi_unknown", "source": _ORG_SOURCE,
                            "message": f"instansi {team.instansi_id} belum dikenal layanan penugasan"}])
        members = (team.ketua_tim, *[m for m in team.members if m != team.ketua_tim])
        return Work(ref, team.instansi_id, rules.regulation_profile, Mode.TIM, team.ketua_tim, team.owner_unit_id,
                    members, version)

    async def _open_ledger(self, ref: WorkRef) -> None:
        """Every action on a work moves its ledger; the first one opens it (in a transaction of its own, so two
        first actions at once both find it)."""
        async with self.sessions() as session:
            if await store.ledger(session, ref) is not None:
                return
            work = await self._work(session, ref, require_active=False)
        try:
            async with self.sessions() as session, session.begin():
                await store.open_ledger(session, ref, work.instansi_id)
        except IntegrityError:
            pass  # opened meanwhile

    async def _on_work(self, ref: WorkRef, caller: Caller, idempotency: Idempotency, expected_version: int | None,
                       status_code: int, act: Callable[[AsyncSession, Work, OrgDirectory], Awaitable[dict[str, Any]]],
                       *, require_active: bool = True) -> tuple[int, dict[str, Any]]:
        async def run(session: AsyncSession) -> dict[str, Any]:
            work = await self._work(session, ref, require_active=require_active)
            if expected_version is not None and expected_version != work.version:
                raise VersionMismatch(work.version)
            return await act(session, work, OrgDirectory(session, self.directory_cache))
        try:
            # Stored answers are not looked up first (see commands.run_once): a retry of a key already answered
            # fails at the latest at commit, and then gets the first answer.
            await self._open_ledger(ref)
            # Reads, then the decision (asked outside any transaction, see _decide), then every write in one
            # transaction that commits only if the ledger is still at the version read; closing the session
            # without a commit rolls the writes back.
            async with self.sessions() as session:
                try:
                    result = await run(session)
                except RecordClosed as exc:
                    raise Refused([{"code": "pelaksanaan.record_closed", "message": str(exc),
                                    "source": "Sikerja: catatan yang sudah selesai tidak dapat diproses"}]) from exc
                idempotency_store.store_reply(session, idempotency.key, caller.nip, idempotency.fingerprint,
                                              status_code, json.dumps(result, default=str))
                await session.commit()
        except Exception:
            if (answered := await answered_before(self.sessions, caller, idempotency)) is None:
                raise
            return answered
        self.on_commit()
        return status_code, result

    # ------------------------------------------------------------------ the policy input

    async def _decide(self, session: AsyncSession, directory: OrgDirectory, work: Work, caller: Caller,
                      action: str, resource: dict[str, Any], *, penilai_of: str) -> Decision:
        today = self.clock().date()
        actor = await directory.policy_actor(caller.nip, caller.roles, instansi=caller.instansi, on=today)
        work_input, parties, party_units = await self._work_input(session, directory, work, penilai_of)
        document = {"action": f"pelaksanaan.{action}", "profile": work.profile, "actor": actor,
                    "resource": {"work": work_input, "parties": parties, "party_units": party_units, **resource},
                    "time": self.clock().isoformat()}
        # Nothing is written before the decision. End the read transaction so that no database lock is held while
        # the policy answers; the writes that follow begin a new one, and the ledger's version check there catches
        # an action on the same work that committed in between (one wins, the other gets ConcurrentChange).
        if session.in_transaction():
            await session.rollback()
        decision = await self.policy.decide(PELAKSANAAN_DECISION, document)
        if not decision.allow:
            raise Refused.of(decision)
        return decision

    async def _work_input(self, session: AsyncSession, directory: OrgDirectory, work: Work,
                          penilai_of: str) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
        """The work, the holders of its roles on the owner's side and the units they hold them over, all from the
        org read model."""
        today = self.clock().date()
        owner = await store.unit_row(session, work.owner_unit_id)
        if owner is None:
            raise Refused([{"code": "pelaksanaan.owner_unit_unknown", "source": _ORG_SOURCE,
                            "message": f"unit pemilik kinerja {work.owner_unit_id} tidak dikenal"}])
        owner_place = {"instansi": owner["instansi_id"], "perangkat_daerah": owner["pd_id"],
                       "unit": owner["unit_id"]}
        puo_at_pd = await self._puo_at_pd_level(work.profile)
        kepala_pd = await directory.kepala_perangkat_daerah_of(owner["pd_id"], today)
        unit_head = await directory.puo_of(owner["unit_id"], today)
        holders = {
            "pejabat_penilai_kinerja": await directory.penilai_of(penilai_of, today),
            "pimpinan_unit_organisasi": kepala_pd if puo_at_pd else unit_head,
            "pimpinan_unit_kerja": unit_head,
            "kepala_perangkat_daerah": kepala_pd,
            # A reading: the instansi's own leader is not in the read model; its Pejabat yang Berwenang acts for it.
            "pimpinan_instansi": await directory.pejabat_yang_berwenang_of(owner["instansi_id"], today),
        }
        parties = {role: nip for role, nip in holders.items() if nip}
        party_units = {"pimpinan_unit_organisasi": owner["pd_id"] if puo_at_pd else owner["unit_id"],
                       "pimpinan_unit_kerja": owner["unit_id"], "kepala_perangkat_daerah": owner["pd_id"],
                       "pimpinan_instansi": owner["instansi_id"]}
        work_input: dict[str, Any] = {"id": work.ref.key, "mode": work.mode.value, "owner_place": owner_place}
        if work.mode is Mode.INDIVIDU:
            work_input["assignee"] = work.executor
            return work_input, parties, party_units
        work_input["ketua_tim"] = work.executor
        places = await directory.places_of(work.members, today)
        members = []
        for nip in work.members:
            member: dict[str, Any] = {"id": nip}
            if facts := places.get(nip):
                place = facts.place
                member["place"] = place.as_input()
                home = {
                    "pimpinan_unit_organisasi": (await directory.kepala_perangkat_daerah_of(place.perangkat_daerah,
                                                                                            today)
                                                 if puo_at_pd else await directory.puo_of(place.unit, today)),
                    "kepala_perangkat_daerah": await directory.kepala_perangkat_daerah_of(place.perangkat_daerah,
                                                                                          today),
                    "pimpinan_instansi": await directory.pejabat_yang_berwenang_of(place.instansi, today),
                }
                member["home"] = {role: holder for role, holder in home.items() if holder}
            members.append(member)
        work_input["members"] = members
        return work_input, parties, party_units

    async def _puo_at_pd_level(self, profile: str) -> bool:
        """Whether the profile reads the Unit Organisasi as the whole Perangkat Daerah (Jepara): its penugasan role
        catalogue binds the PUO pemilik kinerja to the PD."""
        catalogue = await self.profiles.role_catalogue(profile)
        binding = catalogue.get("puo_pemilik_kinerja", {}).get("binding", {})
        return binding.get("level") == "perangkat_daerah"

    async def _chain(self, session: AsyncSession, directory: OrgDirectory, work: Work) -> list[str]:
        """chain[0] the executor, then each head of the owner's structure from the owner unit up to the head of
        the Perangkat Daerah, who declares the activity finished."""
        today = self.clock().date()
        heads = [await directory.puo_of(unit_id, today) for unit_id in await store.units_upward(
            session, work.owner_unit_id)]
        return result_chain(work.executor, heads)

    async def _return_mode(self, profile: str) -> str | None:
        if profile not in self._return_modes:
            self._return_modes[profile] = await self.policy.document(
                f"sikerja.profiles.{profile}.pelaksanaan.result_chain.return.mode")
        return self._return_modes[profile]

    # ------------------------------------------------------------------ the result chain

    async def _result_action(self, session: AsyncSession, directory: OrgDirectory, work: Work, record: Record,
                             caller: Caller, command: ResultStep, correlation_id: str | None, *,
                             new: bool = False) -> dict[str, Any]:
        action = RESULT_STEPS.get(command.action)
        if action is None:
            raise Refused([{"code": "pelaksanaan.invalid_input", "field": "action",
                            "message": f"tindakan {command.action} tidak dikenal; pilih {', '.join(RESULT_STEPS)}",
                            "source": "Sikerja: langkah rantai hasil"}])
        if record.status.closed:
            raise RecordClosed(record.id, record.status)
        chain, at = record.chain, record.at
        conforms = command.conforms if command.conforms is not None else action in {"submit_result", "accept_result"}
        result: dict[str, Any] = {"chain": chain, "at": at, "conforms": conforms}
        if action == "submit_result":
            result["to"] = command.to or chain[min(at + 1, len(chain) - 1)]
        elif action == "return_result":
            result["to"] = command.to or chain[0 if await self._return_mode(work.profile) == "langsung_ke_pelaksana"
                                               else max(at - 1, 0)]
        decision = await self._decide(session, directory, work, caller, action, {"result": result},
                                      penilai_of=work.executor)
        obligations = decision.obligations
        version = await store.bump_version(session, work.ref, read_version=work.version)
        to_nips, level = [], at
        if action == "submit_result":
            to_nips, level = [obligations["next_level"]["id"]], obligations["next_level"]["level"]
        elif action == "return_result":
            to_nips, level = [obligations["return_to"]["id"]], obligations["return_to"]["level"]
        record.data["conforms"] = conforms
        entry = self._entry(record, action, caller, decision, to_nips=to_nips, level=level,
                            payload={k: v for k, v in {"catatan": command.catatan, "conforms": conforms}.items()
                                     if v is not None})
        await self._write(session, work, record, entry, version, correlation_id, new=new)
        return self._summary(work, record, entry, version)

    # ------------------------------------------------------------------ writing

    async def _record_of(self, session: AsyncSession, record_id: str, kind: RecordKind, ref: WorkRef) -> Record:
        record = await store.load_record(session, record_id)
        if record is None or record.kind is not kind or record.work != ref:
            raise RecordNotFound(f"{kind.value} {record_id}")
        return record

    def _new_record(self, work: Work, kind: RecordKind, caller: Caller, data: dict[str, Any]) -> Record:
        return Record(id=str(uuid.uuid4()), work=work.ref, kind=kind, status=Status.OPEN, opened_by=caller.nip,
                      opened_at=self.clock(), data=data)

    def _entry(self, record: Record, action: str, caller: Caller, decision: Decision, *, to_nips: list[str],
               level: int | None, payload: dict[str, Any]) -> Entry:
        return Entry(seq=record.next_seq(), action=action, actor_nip=caller.nip, at=self.clock(),
                     to_nips=tuple(to_nips), level=level, status=status_after(action, record, decision.obligations),
                     decision_id=decision.decision_id,
                     reasons=tuple({"code": r.code, "message": r.message, "source": r.source}
                                   for r in decision.reasons),
                     obligations=decision.obligations, payload=payload)

    async def _write(self, session: AsyncSession, work: Work, record: Record, entry: Entry, version: int,
                     correlation_id: str | None, *, new: bool = False) -> list[dict[str, str]]:
        record.apply(entry)
        if new:
            await store.insert_record(session, record)
        else:
            await store.save_record(session, record)
        store.insert_entry(session, record.id, entry)
        pending = await store.replace_pending(session, record)
        data = PelaksanaanRecordedV1(
            work=WorkRefV1(kind=work.ref.kind.value, id=work.ref.id), instansi_id=work.instansi_id,
            record_kind=record.kind.value, record_id=record.id, action=entry.action, from_nip=entry.actor_nip,
            to_nips=list(entry.to_nips), level=entry.level, status=record.status.value,
            decision_id=entry.decision_id, version=version)
        stage_events_at_commit(session, orm.outbox, [(PELAKSANAAN_TOPIC, work.ref.key,
                                                      pelaksanaan_cloudevent(data, correlation_id=correlation_id))])
        return pending

    @staticmethod
    def _summary(work: Work, record: Record, entry: Entry, version: int) -> dict[str, Any]:
        return {"record_id": record.id, "kind": record.kind.value, "status": record.status.value,
                "work": work.ref.as_dict(), "version": version, "data": record.data,
                "entry": entry_view(entry), "pending": record.pending()}


def entry_view(entry: Entry) -> dict[str, Any]:
    return {"seq": entry.seq, "action": entry.action, "actor_nip": entry.actor_nip, "at": entry.at.isoformat(),
            "to": list(entry.to_nips), "level": entry.level, "status": entry.status.value,
            "decision_id": entry.decision_id, "reasons": list(entry.reasons), "obligations": entry.obligations,
            "payload": entry.payload}


def record_view(record: Record) -> dict[str, Any]:
    return {"record_id": record.id, "kind": record.kind.value, "status": record.status.value,
            "opened_by": record.opened_by, "opened_at": record.opened_at.isoformat(), "data": record.data,
            "history": [entry_view(e) for e in record.history], "pending": record.pending()}


