"""What every assignment route shares: the caller, the Idempotency-Key and If-Match headers, and one mapping from
a refused or failed command to a problem document (403 who is asking, 409 not now, 412 stale, 422 incomplete)."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header
from sikerja_auth import Principal
from sikerja_problems import Problem
from sikerja_runtime import current_principal

from assignment.adapters.penugasan_store import ConcurrentChange
from assignment.domain.letters import InvalidLetter
from assignment.service_layer.commands import (
    Caller,
    IdempotencyConflict,
    Refused,
    VersionMismatch,
)
from assignment.service_layer.letter_drafting import LetterCannotBeDrafted

Authenticated = Annotated[Principal, Depends(current_principal)]
IdempotencyKey = Annotated[str, Header(min_length=8, max_length=128,
                                       description="one key per intended action; a retry with it gets the first answer")]
IfMatch = Annotated[str | None, Header(description="the version last read; a stale one is refused with 412")]


def caller_of(principal: Principal) -> Caller:
    return Caller(principal.subject, principal.instansi, principal.roles)


def expected_version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    try:
        return int(if_match.removeprefix("W/").strip('"'))
    except ValueError as exc:
        raise Problem(412, "precondition-failed", "ETag tidak cocok", f"If-Match {if_match} bukan versi") from exc


def refusal_problem(exc: Refused, *, state_codes: Set[str], content_codes: Set[str],
                    actor_codes: Set[str] = frozenset()) -> Problem:
    """Who is asking is judged first: a refusal naming the actor is 403 even when the request is also incomplete
    or early; then 409 for what the state does not allow yet or any more; then 422 for missing contents."""
    codes = {r["code"] for r in exc.reasons}
    if codes & actor_codes or codes - state_codes - content_codes:
        status = 403
    else:
        status = 409 if codes & state_codes else 422
    return Problem(status, "refused", "Ditolak", "; ".join(r["message"] for r in exc.reasons),
                   errors=[{"field": r.get("field", "request"), "reason": r["message"], "code": r["code"],
                            **({"source": r["source"]} if r.get("source") else {})} for r in exc.reasons],
                   **({"decision_id": exc.decision_id} if exc.decision_id else {}))


@dataclass(frozen=True)
class CommandProblems:
    """How the failures of one kind of command read as problem documents: ``what`` names the thing acted on in
    the messages, ``not_found`` are the lookups that mean 404, the code sets sort refusals (see refusal_problem)."""

    what: str
    not_found: tuple[type[Exception], ...]
    state_codes: Set[str]
    content_codes: Set[str]
    actor_codes: Set[str] = frozenset()

    @property
    def handled(self) -> tuple[type[Exception], ...]:
        return (*self.not_found, VersionMismatch, ConcurrentChange, IdempotencyConflict, LetterCannotBeDrafted,
                InvalidLetter, Refused)

    def of(self, exc: Exception) -> Problem:
        if isinstance(exc, self.not_found):
            return Problem(404, "not-found", "Tidak ditemukan", f"{self.what} {exc} tidak ditemukan")
        if isinstance(exc, VersionMismatch):
            return Problem(412, "precondition-failed", f"{self.what} sudah berubah",
                           f"versi sekarang {exc.current}; baca ulang lalu ulangi")
        if isinstance(exc, ConcurrentChange):
            return Problem(409, "conflict", "Didahului tindakan lain",
                           f"{self.what} ini baru saja diproses pihak lain; baca ulang riwayatnya")
        if isinstance(exc, IdempotencyConflict):
            return Problem(422, "idempotency-key-reused", "Idempotency-Key sudah dipakai",
                           "kunci ini sudah dipakai untuk permintaan yang berbeda")
        if isinstance(exc, LetterCannotBeDrafted | InvalidLetter):
            return Problem(422, "letter-cannot-be-drafted", "Surat tidak dapat disusun", str(exc))
        assert isinstance(exc, Refused)
        return refusal_problem(exc, state_codes=self.state_codes, content_codes=self.content_codes,
                               actor_codes=self.actor_codes)
