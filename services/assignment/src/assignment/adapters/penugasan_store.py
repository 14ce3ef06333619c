"""Persistence of penugasan requests: the aggregate, its transitions, who must act next, letters, idempotency."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sikerja_database import write_behind
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from assignment.adapters import orm
from assignment.adapters.letter_records import letter_from_record, letter_to_record
from assignment.domain.letters import Letter
from assignment.domain.penugasan import (
    Form,
    Mechanism,
    PenugasanRequest,
    Side,
    Status,
    StepTaken,
)


class ConcurrentChange(Exception):
    """Someone else changed the request since it was read: exactly one of two concurrent actors wins."""


def _request_row(request: PenugasanRequest) -> dict[str, Any]:
    return {
        "id": request.id, "instansi_id": request.instansi_id, "profile": request.profile,
        "mechanism": request.mechanism.value, "form": request.form.value, "scope": request.scope,
        "status": request.status.value, "pemilik_kinerja_nip": request.pemilik_kinerja.nip,
        "pemilik_kinerja_place": request.pemilik_kinerja.place, "pegawai_nip": request.pegawai.nip,
        "pegawai_place": request.pegawai.place, "pegawai_instansi_id": request.pegawai.instansi_id,
        "contents": request.contents, "period_start": request.period_start, "period_end": request.period_end,
        "respond_by": request.respond_by, "next_steps": request.next_steps, "opened_at": request.opened_at,
    }


# Statements built once: each call only binds its values, so SQLAlchemy reuses the compiled form.
_requests, _transitions, _pending = orm.penugasan_requests, orm.penugasan_transitions, orm.pending_actions
_SAVE_REQUEST = update(_requests).where(_requests.c.id == bindparam("b_id"),
                                        _requests.c.version == bindparam("b_read_version"))
_CLEAR_PENDING = delete(_pending).where(_pending.c.request_id == bindparam("b_id"))
# PostgreSQL: the versioned UPDATE clears who must act next in the same statement (a data-modifying CTE); its row
# count is still the UPDATE's. If the UPDATE matches nothing the transaction is rolled back, the DELETE with it.
_SAVE_REQUEST_CLEARING_PENDING = _SAVE_REQUEST.add_cte(_CLEAR_PENDING.cte("cleared_pending_actions"))
# The request with its steps in one round trip (no steps yet: one row whose step columns are NULL).
_STEP_COLUMNS = [c.label(f"step_{c.name}") for c in _transitions.c if c.name != "request_id"]
_LOAD_REQUEST = (select(_requests, *_STEP_COLUMNS)
                 .select_from(_requests.outerjoin(_transitions, _transitions.c.request_id == _requests.c.id))
                 .where(_requests.c.id == bindparam("request_id")).order_by(_transitions.c.seq))


def insert_request(session: AsyncSession, request: PenugasanRequest, *, version: int = 1) -> None:
    """Write a new request at ``version`` (1 when it is stored before anything was done with it), when the
    transaction commits (write-behind, like the other inserts of a transition: nothing reads them back first)."""
    request.version = version
    write_behind(session).insert(_requests, [{**_request_row(request), "version": version,
                                              "updated_at": datetime.now(UTC)}])


async def save_request(session: AsyncSession, request: PenugasanRequest, *, read_version: int) -> None:
    """Write the request only if it is still at the version it was read at; bump the version. Who had to act on
    it is cleared with it: ``add_pending_actions`` then names who acts next.

    Raises ConcurrentChange when someone else changed the request meanwhile; the caller must then roll the
    transaction back (on PostgreSQL the clearing was already done, in the same statement)."""
    values = {"b_id": request.id, "b_read_version": read_version, **_request_row(request),
              "version": read_version + 1, "updated_at": datetime.now(UTC)}
    postgresql = session.bind.dialect.name == "postgresql"
    result = await session.execute(_SAVE_REQUEST_CLEARING_PENDING if postgresql else _SAVE_REQUEST, values)
    if result.rowcount != 1:
        raise ConcurrentChange(request.id)
    if not postgresql:  # SQLite has no DELETE in a WITH clause
        await session.execute(_CLEAR_PENDING, {"b_id": request.id})
    request.version = read_version + 1


async def load_request(session: AsyncSession, request_id: str) -> PenugasanRequest | None:
    rows = (await session.execute(_LOAD_REQUEST, {"request_id": request_id})).mappings().all()
    if not rows:
        return None
    row = rows[0]
    return PenugasanRequest(
        id=row["id"], instansi_id=row["instansi_id"], profile=row["profile"], mechanism=Mechanism(row["mechanism"]),
        form=Form(row["form"]), scope=row["scope"],
        pemilik_kinerja=Side(row["pemilik_kinerja_nip"], row["pemilik_kinerja_place"]),
        pegawai=Side(row["pegawai_nip"], row["pegawai_place"]), contents=row["contents"],
        period_start=row["period_start"], period_end=row["period_end"], respond_by=row["respond_by"],
        opened_at=row["opened_at"], status=Status(row["status"]), version=row["version"],
        next_steps=row["next_steps"],
        steps=[StepTaken(t["step_seq"], t["step_step_id"], t["step_action"], t["step_actor_nip"],
                         t["step_actor_instansi_id"], t["step_at"], t["step_decision_id"], tuple(t["step_reasons"]),
                         t["step_obligations"], t["step_payload"], t["step_letter_id"])
               for t in rows if t["step_seq"] is not None],
    )


def insert_transition(session: AsyncSession, request_id: str, taken: StepTaken) -> None:
    write_behind(session).insert(_transitions, [{
        "request_id": request_id, "seq": taken.seq, "step_id": taken.step_id, "action": taken.action,
        "actor_nip": taken.actor_nip, "actor_instansi_id": taken.actor_instansi_id, "at": taken.at,
        "decision_id": taken.decision_id, "reasons": list(taken.reasons), "obligations": taken.obligations,
        "payload": taken.payload, "letter_id": taken.letter_id}])


def add_pending_actions(session: AsyncSession, request_id: str, pending: list[dict[str, str]]) -> None:
    """Who must act next on a request just inserted or saved (saving clears the previous ones); written when the
    transaction commits."""
    write_behind(session).insert(_pending, [{"request_id": request_id, **p} for p in pending])


async def pending_request_ids(session: AsyncSession, nip: str) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(orm.pending_actions).where(orm.pending_actions.c.nip == nip)
        .order_by(orm.pending_actions.c.request_id, orm.pending_actions.c.step_id))
    return [dict(r) for r in rows.mappings()]


async def due_request_ids(session: AsyncSession, today: date) -> list[str]:
    table = orm.penugasan_requests
    rows = await session.scalars(select(table.c.id).where(
        ((table.c.status == Status.IN_PROGRESS.value) & (table.c.respond_by < today))
        | ((table.c.status == Status.ACTIVE.value) & (table.c.period_end < today))))
    return list(rows)


def insert_letter(session: AsyncSession, letter_id: str, letter: Letter) -> None:
    write_behind(session).insert(orm.letters, [{
        "id": letter_id, "request_id": letter.request_id, "step_id": letter.step_id,
        "instansi_id": letter.instansi.id, "kind": letter.kind.value, "number": letter.number,
        "issued_on": letter.date, "record": letter_to_record(letter)}])


async def load_letter(session: AsyncSession, letter_id: str) -> tuple[Letter, str] | None:
    """The letter and the request it belongs to."""
    row = (await session.execute(select(orm.letters).where(orm.letters.c.id == letter_id))).mappings().first()
    return (letter_from_record(row["record"]), row["request_id"]) if row else None


async def letters_of(session: AsyncSession, request_id: str) -> list[tuple[str, Letter]]:
    rows = await session.execute(select(orm.letters.c.id, orm.letters.c.record)
                                 .where(orm.letters.c.request_id == request_id).order_by(orm.letters.c.number))
    return [(r.id, letter_from_record(r.record)) for r in rows]
