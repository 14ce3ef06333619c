"""Use cases of penugasan requests. Every transition asks the policy first, then writes the new state, its
transition row (decision id and reasons), its letter, who must act next and its outbox event in one transaction."""

from __future__ import annotations

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
from assignment.adapters import penugasan_store as store
from assignment.adapters.event_contracts import (
    PENUGASAN_TOPIC,
    LetterRefV1,
    NextActorV1,
    PenugasanTransitionedV1,
    penugasan_cloudevent,
)
from assignment.adapters.letter_numbers import allocate_number
from assignment.adapters.org_directory import OrgDirectory, OrgDirectoryCache
from assignment.adapters.workflow_profiles import WorkflowProfiles
from assignment.domain.letters import Letter, validate_letter
from assignment.domain.penugasan import (
    WITHDRAW_STEP,
    Form,
    Mechanism,
    PenugasanRequest,
    RequestClosed,
    Side,
    Status,
    StepTaken,
)
from assignment.service_layer.commands import (
    Caller,
    Idempotency,
    Refused,
    VersionMismatch,
    run_once,
)
from assignment.service_layer.letter_drafting import (
    StepLetterContext,
    draft_letter,
    letter_kind_of,
    number_letter,
)
from assignment.service_layer.workflow_roles import WorkflowRoles

PENUGASAN_DECISION = "sikerja.penugasan.decision"
LINTAS_INSTANSI_DECISION = "sikerja.lintas_instansi.decision"


class RequestNotFound(LookupError):
    pass


@dataclass(frozen=True)
class OpenPenugasan:
    mechanism: Mechanism
    form: Form
    action: str
    step: str | None
    contents: dict[str, str]
    period_start: date
    period_end: date
    pegawai_nip: str | None = None  # penunjukan: the pegawai, when known from the start
    pegawai_unit_id: str | None = None  # penunjukan: the unit asked for a pegawai
    owner_unit_id: str | None = None  # pengajuan sukarela: the unit whose target the pegawai wants to join


@dataclass(frozen=True)
class TakeStep:
    action: str
    step: str | None = None
    reasons: list[str] = field(default_factory=list)
    contents: dict[str, str] = field(default_factory=dict)
    pegawai_nip: str | None = None


@dataclass
class PenugasanService:
    sessions: async_sessionmaker[AsyncSession]
    policy: PolicyClient
    profiles: WorkflowProfiles
    on_commit: Callable[[], None] = lambda: None
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    directory_cache: OrgDirectoryCache | None = None  # answers of the org read model kept per generation

    # ------------------------------------------------------------------ commands

    async def open(self, command: OpenPenugasan, caller: Caller, idempotency: Idempotency,
                   correlation_id: str | None) -> tuple[int, dict[str, Any]]:
        async def run(session: AsyncSession) -> dict[str, Any]:
            directory = OrgDirectory(session, self.directory_cache)
            today = self.clock().date()
            request = await self._new_request(session, directory, command, caller, today)
            step = TakeStep(command.action, command.step, contents=command.contents, pegawai_nip=command.pegawai_nip)
            # Stored once, with its first step taken: as version 2, as if stored at version 1 and then stepped.
            return await self._transition(session, directory, request, caller, step, correlation_id,
                                          read_version=1, new=True)
        return await self._idempotent(caller, idempotency, 201, run)

    async def take_step(self, request_id: str, command: TakeStep, caller: Caller, idempotency: Idempotency,
                        expected_version: int | None, correlation_id: str | None) -> tuple[int, dict[str, Any]]:
        async def run(session: AsyncSession) -> dict[str, Any]:
            request = await store.load_request(session, request_id)
            if request is None:
                raise RequestNotFound(request_id)
            if expected_version is not None and expected_version != request.version:
                raise VersionMismatch(request.version)
            return await self._transition(session, OrgDirectory(session, self.directory_cache), request, caller, command, correlation_id,
                                          read_version=request.version)
        return await self._idempotent(caller, idempotency, 200, run)

    async def expire_due(self, correlation_id: str | None = None) -> int:
        """Expire requests nobody answered in time and end assignments whose period is over."""
        today = self.clock().date()
        async with self.sessions() as session:
            due = await store.due_request_ids(session, today)
        closed = 0
        for request_id in due:
            try:
                async with self.sessions() as session, session.begin():
                    request = await store.load_request(session, request_id)
                    read_version = request.version
                    before = request.status
                    status = request.expire(today)
                    if status is None:
                        continue
                    await store.save_request(session, request, read_version=read_version)
                    self._stage(session, request, before, transition=status.value, taken=None, letter=None,
                                next_actors=[], correlation_id=correlation_id)
                    closed += 1
            except store.ConcurrentChange:
                continue  # someone acted on it meanwhile (rolled back); the next sweep looks again
        if closed:
            self.on_commit()
        return closed

    # ------------------------------------------------------------------ queries

    async def view(self, request_id: str, caller: Caller) -> tuple[PenugasanRequest, list[tuple[str, Letter]]]:
        async with self.sessions() as session:
            request = await store.load_request(session, request_id)
            if request is None:
                raise RequestNotFound(request_id)
            visible = await self._authorize_read(session, request, caller)
            letters = await store.letters_of(session, request_id)
            if visible is not None:  # another instansi sees only the steps of the exchange its side is party to
                request.steps = [s for s in request.steps if s.step_id in visible]
                letters = [(i, letter) for i, letter in letters if letter.step_id in visible]
            return request, letters

    async def pending_actions(self, nip: str) -> list[dict[str, Any]]:
        async with self.sessions() as session:
            return await store.pending_request_ids(session, nip)

    async def letter(self, letter_id: str, caller: Caller) -> Letter:
        async with self.sessions() as session:
            found = await store.load_letter(session, letter_id)
            if found is None:
                raise RequestNotFound(letter_id)
            letter, request_id = found
            request = await store.load_request(session, request_id)
            await self._authorize_read(session, request, caller, document_step=letter.step_id)
            return letter

    # ------------------------------------------------------------------ the transition

    async def _new_request(self, session: AsyncSession, directory: OrgDirectory, command: OpenPenugasan,
                           caller: Caller, today: date) -> PenugasanRequest:
        actor = await directory.place_of(caller.nip, today)
        if actor is None:
            raise Refused([{"code": "penugasan.actor_unknown", "source": "Sikerja: data organisasi dari org-registry",
                            "message": f"pegawai {caller.nip} tidak menduduki jabatan menurut data organisasi"}])
        if command.mechanism is Mechanism.PENGAJUAN_SUKARELA:
            # Usually the pegawai opens it; where the profile's flow starts with the home approval, their official.
            applicant = await directory.place_of(command.pegawai_nip, today) if command.pegawai_nip else actor
            if applicant is None:
                raise Refused([{"code": "penugasan.pegawai_unknown", "source": "Sikerja: data organisasi",
                                "message": f"pegawai {command.pegawai_nip} tidak menduduki jabatan"}])
            pegawai = Side(applicant.nip, applicant.place.as_input())
            owner_place = await self._unit_place(session, command.owner_unit_id, "owner_unit_id")
            owner = Side(await directory.puo_of(command.owner_unit_id, today) or caller.nip, owner_place)
        else:
            owner = Side(caller.nip, actor.own_place.as_input())
            if command.pegawai_nip:
                target = await directory.place_of(command.pegawai_nip, today)
                if target is None:
                    raise Refused([{"code": "penugasan.pegawai_unknown", "source": "Sikerja: data organisasi",
                                    "message": f"pegawai {command.pegawai_nip} tidak menduduki jabatan"}])
                pegawai = Side(command.pegawai_nip, target.place.as_input())
            else:
                pegawai = Side(None, await self._unit_place(session, command.pegawai_unit_id, "pegawai_unit_id"))
        rules = await directory.instansi_rules(owner.instansi_id)
        if rules is None:
            raise Refused([{"code": "penugasan.instansi_unknown", "source": "Sikerja: data organisasi",
                            "message": f"instansi {owner.instansi_id} belum dikenal layanan penugasan"}])
        now = self.clock()
        return PenugasanRequest(
            id=str(uuid.uuid4()), instansi_id=owner.instansi_id, profile=rules.regulation_profile,
            mechanism=command.mechanism, form=command.form, scope=scope_between(owner.place, pegawai.place),
            pemilik_kinerja=owner, pegawai=pegawai, contents=dict(command.contents),
            period_start=command.period_start, period_end=command.period_end, respond_by=today, opened_at=now)

    async def _unit_place(self, session: AsyncSession, unit_id: str | None, field_name: str) -> dict[str, str]:
        row = (await session.execute(select(orm.org_units.c.instansi_id, orm.org_units.c.pd_id)
                                     .where(orm.org_units.c.unit_id == (unit_id or "")))).first()
        if row is None:
            raise Refused([{"code": "penugasan.invalid_input", "source": "Sikerja: data organisasi",
                            "message": f"{field_name}: unit {unit_id} tidak dikenal", "field": field_name}])
        return {"instansi": row.instansi_id, "perangkat_daerah": row.pd_id, "unit": unit_id}

    async def _transition(self, session: AsyncSession, directory: OrgDirectory, request: PenugasanRequest,
                          caller: Caller, command: TakeStep, correlation_id: str | None, *,
                          read_version: int, new: bool = False) -> dict[str, Any]:
        """Decide, then write the step. ``new``: the request is not stored yet; it is inserted with the step."""
        if request.status.closed:
            raise Refused([{"code": "penugasan.request_closed", "source": "Sikerja: permohonan yang sudah ditutup "
                            "tidak dapat diproses", "message": f"permohonan sudah berstatus {request.status.value}"}])
        today = self.clock().date()
        catalogue = await self.profiles.role_catalogue(request.profile)
        roles = WorkflowRoles(directory, catalogue, today)
        if command.pegawai_nip and command.pegawai_nip != request.pegawai.nip:
            await self._name_pegawai(directory, request, command.pegawai_nip, today)
        decision = await self._decide(session, directory, roles, request, caller, command)
        obligations = decision.obligations
        step_id = WITHDRAW_STEP if command.action == "withdraw" else obligations["step"]["id"]
        payload = {k: v for k, v in {"reasons": command.reasons, "contents": command.contents,
                                     "pegawai_nip": command.pegawai_nip}.items() if v}
        if command.contents:
            request.contents = {**request.contents, **command.contents}
        now = self.clock()
        taken = StepTaken(seq=len(request.steps) + 1, step_id=step_id, action=command.action, actor_nip=caller.nip,
                          actor_instansi_id=caller.instansi, at=now, decision_id=decision.decision_id,
                          reasons=tuple({"code": r.code, "message": r.message, "source": r.source}
                                        for r in decision.reasons), obligations=obligations, payload=payload)
        before = request.record(taken, today=today)
        letter, letter_id = None, None
        if command.action != "withdraw" and letter_kind_of(obligations) is not None:
            previous = await self._previous_letter(session, request)
            letter = await draft_letter(StepLetterContext(
                request=request, step_id=step_id, action=command.action, obligations=obligations, payload=payload,
                decision_id=decision.decision_id or "", reasons=taken.reasons, holders=await roles.holders(request),
                catalogue=catalogue, previous=previous, today=today, actor_nip=caller.nip), directory,
                directory.instansi_rules)
            if letter is not None:
                letter_id = str(uuid.uuid4())
                taken = StepTaken(**{**taken.__dict__, "letter_id": letter_id})
                request.steps[-1] = taken
        if new:
            store.insert_request(session, request, version=read_version + 1)
        else:
            await store.save_request(session, request, read_version=read_version)
        store.insert_transition(session, request.id, taken)
        next_actors = await self._next_actors(roles, request)
        store.add_pending_actions(session, request.id, next_actors)
        if letter is not None:  # numbered last: the instansi's counter stays locked until this transaction commits
            letter = await number_letter(letter, await directory.instansi_rules(letter.instansi.id),
                                         lambda instansi_id, kind, year: allocate_number(session, instansi_id, kind,
                                                                                         year))
            validate_letter(letter)
            store.insert_letter(session, letter_id, letter)
        self._stage(session, request, before, transition="withdrawn" if step_id == WITHDRAW_STEP else "step",
                    taken=taken, letter=(letter_id, letter) if letter else None, next_actors=next_actors,
                    correlation_id=correlation_id)
        return transition_summary(request, taken, (letter_id, letter) if letter else None, next_actors)

    async def _name_pegawai(self, directory: OrgDirectory, request: PenugasanRequest, nip: str, today: date) -> None:
        """The pegawai chosen at a step must come from the PD asked, and naming them must not change the scope."""
        def refuse(message: str) -> Refused:
            return Refused([{"code": "penugasan.pegawai_not_in_unit", "field": "pegawai_nip", "message": message,
                             "source": "Sikerja: pegawai yang ditugaskan berasal dari unit yang dimohon"}])
        if request.pegawai.nip is not None:
            raise refuse(f"pegawai {request.pegawai.nip} sudah disebut pada permohonan ini")
        named = await directory.place_of(nip, today)
        asked = request.pegawai.place
        if named is None or (named.place.instansi, named.place.perangkat_daerah) != (
                asked["instansi"], asked["perangkat_daerah"]):
            raise refuse(f"pegawai {nip} tidak berada pada Perangkat Daerah yang dimohon")
        place = named.place.as_input()
        if scope_between(request.pemilik_kinerja.place, place) != request.scope:
            raise refuse(f"pegawai {nip} berada pada unit yang mengubah lingkup penugasan")
        request.pegawai = Side(nip, place)

    async def _decide(self, session: AsyncSession, directory: OrgDirectory, roles: WorkflowRoles,
                      request: PenugasanRequest, caller: Caller, command: TakeStep) -> Decision:
        today = self.clock().date()
        actor = await directory.policy_actor(caller.nip, caller.roles, instansi=caller.instansi, on=today)
        offices = actor["officiates"] + [o for o in await roles.officiates_for(caller.nip, request)
                                         if o not in actor["officiates"]]
        actor["officiates"] = offices
        pegawai_nip = request.pegawai.nip
        resource = {
            "mechanism": request.mechanism.value, "form": request.form.value,
            "pemilik_kinerja": {"place": request.pemilik_kinerja.place,
                                "penilai_kinerja": await roles.penilai_of_side(request.pemilik_kinerja)},
            "pegawai": {"place": request.pegawai.place, **({"id": pegawai_nip} if pegawai_nip else {}),
                        "penilai_kinerja": await roles.penilai_of_side(request.pegawai)},
            "steps_done": request.steps_done,
            "document": {"contents": {**request.contents, **command.contents}},
            "reasons": "; ".join(command.reasons),  # the policy reads the alasan as one text
        }
        if command.step:
            resource["step"] = command.step
        document = {"action": f"penugasan.{command.action}", "profile": request.profile, "actor": actor,
                    "resource": resource, "time": self.clock().isoformat()}
        decision = await self.policy.decide(PENUGASAN_DECISION, document)
        if not decision.allow:
            raise Refused.of(decision)
        if request.is_cross_instansi:
            step_id = decision.obligations.get("step", {}).get("id") or command.step
            gate = await self.policy.decide(LINTAS_INSTANSI_DECISION, {
                **document, "action": "lintas_instansi.act",
                "resource": {"kind": "exchange", "exchange": resource, **({"step": step_id} if step_id else {})}})
            if not gate.allow:
                raise Refused.of(gate)
        return decision

    async def _authorize_read(self, session: AsyncSession, request: PenugasanRequest, caller: Caller,
                              document_step: str | None = None) -> set[str] | None:
        """Each side of a request reads it; across instansi each side only the part of the exchange it is party
        to. Returns the step ids the caller may see, or None when it may see all of them."""
        if caller.instansi in {request.instansi_id, request.pegawai.instansi_id} and not request.is_cross_instansi:
            return None
        if "platform_admin" in caller.roles:
            return None
        directory = OrgDirectory(session, self.directory_cache)
        actor = await directory.policy_actor(caller.nip, caller.roles, instansi=caller.instansi)
        roles = WorkflowRoles(directory, await self.profiles.role_catalogue(request.profile), self.clock().date())
        actor["officiates"] = actor["officiates"] + [o for o in await roles.officiates_for(caller.nip, request)
                                                     if o not in actor["officiates"]]
        resource: dict[str, Any] = {"kind": "document" if document_step else "exchange", "exchange": {
            "mechanism": request.mechanism.value, "form": request.form.value,
            "pemilik_kinerja": {"place": request.pemilik_kinerja.place},
            "pegawai": {"place": request.pegawai.place, **({"id": request.pegawai.nip} if request.pegawai.nip else {})},
            "steps_done": request.steps_done}}
        if document_step:
            resource["document"] = {"step": document_step}
        decision = await self.policy.decide(LINTAS_INSTANSI_DECISION, {
            "action": "lintas_instansi.read", "profile": request.profile, "actor": actor, "resource": resource})
        if not decision.allow:
            raise Refused.of(decision)
        visible = decision.obligations.get("visible_steps")
        return set(visible) if isinstance(visible, list) else set()

    async def _previous_letter(self, session: AsyncSession, request: PenugasanRequest) -> Letter | None:
        for step in reversed(request.steps[:-1]):
            if step.letter_id:
                found = await store.load_letter(session, step.letter_id)
                return found[0] if found else None
        return None

    async def _next_actors(self, roles: WorkflowRoles, request: PenugasanRequest) -> list[dict[str, str]]:
        pending = []
        for step in request.next_steps:
            for role in step.get("actors", []):
                holder = await roles.holder(role, request)
                entry = {"step_id": step["id"], "nip": holder.nip, "action": step["action"], "role": role}
                if holder.nip and all((p["step_id"], p["nip"]) != (entry["step_id"], entry["nip"]) for p in pending):
                    pending.append(entry)
        return pending

    def _stage(self, session: AsyncSession, request: PenugasanRequest, before: Status, *, transition: str,
               taken: StepTaken | None, letter: tuple[str, Letter] | None, next_actors: list[dict[str, str]],
               correlation_id: str | None) -> None:
        data = PenugasanTransitionedV1(
            request_id=request.id, instansi_id=request.instansi_id, pegawai_instansi_id=request.pegawai.instansi_id,
            mechanism=request.mechanism.value, form=request.form.value, scope=request.scope, transition=transition,
            step_id=taken.step_id if taken else None, action=taken.action if taken else None,
            actor_nip=taken.actor_nip if taken else None, status=request.status.value,
            previous_status=before.value, pemilik_kinerja_nip=request.pemilik_kinerja.nip,
            pegawai_nip=request.pegawai.nip, period_start=request.period_start.isoformat(),
            period_end=request.period_end.isoformat(), version=request.version,
            decision_id=taken.decision_id if taken else None,
            letter=LetterRefV1(letter_id=letter[0], kind=letter[1].kind.value, number=letter[1].number)
            if letter else None,
            next_actors=[NextActorV1(**a) for a in next_actors])
        stage_events_at_commit(session, orm.outbox,
                               [(PENUGASAN_TOPIC, request.id, penugasan_cloudevent(data, correlation_id=correlation_id))])

    async def _idempotent(self, caller: Caller, idempotency: Idempotency, status_code: int,
                          run: Callable[[AsyncSession], Any]) -> tuple[int, dict[str, Any]]:
        async def run_open(session: AsyncSession) -> dict[str, Any]:
            try:
                return await run(session)
            except RequestClosed as exc:
                raise Refused([{"code": "penugasan.request_closed", "message": str(exc),
                                "source": "Sikerja: permohonan yang sudah ditutup tidak dapat diproses"}]) from exc
        outcome = await run_once(self.sessions, caller, idempotency, status_code, run_open)
        self.on_commit()
        return outcome


def scope_between(a: dict[str, str], b: dict[str, str]) -> str:
    """The same boundary names as ``sikerja.boundary`` and org-registry's scope query."""
    if a["instansi"] != b["instansi"]:
        return "lintas_instansi"
    if a["perangkat_daerah"] != b["perangkat_daerah"]:
        return "lintas_perangkat_daerah"
    if a["unit"] != b["unit"]:
        return "lintas_unit_organisasi"
    return "dalam_unit_organisasi"


def transition_summary(request: PenugasanRequest, taken: StepTaken, letter: tuple[str, Letter] | None,
                       next_actors: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "request_id": request.id, "status": request.status.value, "version": request.version,
        "scope": request.scope, "mechanism": request.mechanism.value, "form": request.form.value,
        "step": {"id": taken.step_id, "action": taken.action, "actor_nip": taken.actor_nip,
                 "decision_id": taken.decision_id, "reasons": list(taken.reasons)},
        "letter": {"id": letter[0], "kind": letter[1].kind.value, "number": letter[1].number} if letter else None,
        "next_actors": next_actors,
    }
