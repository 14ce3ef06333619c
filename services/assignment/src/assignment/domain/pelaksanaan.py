"""Pelaksanaan tugas and pertanggungjawaban of one piece of work (workflows.md §4, §5, §6.4).

A piece of work is an individual assignment in force (an ACTIVE penugasan request) or a Tim Kerja. On it people
report (an individual or anggota to whom the profile names, the Ketua Tim periodically to the penilai and/or PUO),
officials ask for reports at any time, a team raises problems with alternatif rekomendasi level by level, and the
result climbs its chain (executor → each head above, no level skipped) until the head at the top declares it
finished, going back down along the profile's return path when it misses the target (or, in Tanah Laut, being
corrected by the head). The policy (``sikerja.pelaksanaan``) decides each action and answers with obligations; this
module records what was decided. The version of the work's ledger lets one of two concurrent actors win.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class WorkKind(enum.StrEnum):
    PENUGASAN = "penugasan"  # an individual penugasan request in force
    TIM_KERJA = "tim_kerja"


class Mode(enum.StrEnum):
    INDIVIDU = "individu"
    TIM = "tim"


class RecordKind(enum.StrEnum):
    REPORT = "report"
    REPORT_REQUEST = "report_request"
    ESCALATION = "escalation"
    RESULT = "result"


class Status(enum.StrEnum):
    SUBMITTED = "submitted"  # a report, delivered
    OPEN = "open"  # a report request nobody has answered yet
    ANSWERED = "answered"
    RAISED = "raised"  # a problem raised (at the level of its last entry)
    IN_REVIEW = "in_review"  # a result waiting for the official at chain[at]
    RETURNED = "returned"  # a result sent back down, waiting for chain[at] to rework it
    IN_CORRECTION = "in_correction"  # the head corrects the achievement instead of returning it (Tanah Laut)
    COMPLETED = "completed"  # the head at the top declared the activity finished

    @property
    def closed(self) -> bool:
        return self in {Status.ANSWERED, Status.COMPLETED}


class RecordClosed(Exception):
    def __init__(self, record_id: str, status: Status) -> None:
        super().__init__(f"{record_id} sudah berstatus {status.value}")
        self.status = status


@dataclass(frozen=True)
class WorkRef:
    kind: WorkKind
    id: str

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.id}"

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "id": self.id}


@dataclass(frozen=True)
class Work:
    """The piece of work as the service resolved it: who executes it and whose target it serves (NIPs and a unit
    id only; places, heads and penilai are looked up in the org read model for every decision)."""

    ref: WorkRef
    instansi_id: str
    profile: str
    mode: Mode
    executor: str  # the assignee (individu) or the Ketua Tim: chain[0] of its results
    owner_unit_id: str  # the unit of the PUO pemilik kinerja
    members: tuple[str, ...]  # everyone who executes it (for a team: the Ketua Tim first, then the anggota)
    version: int = 0

    @property
    def ketua_tim(self) -> str | None:
        return self.executor if self.mode is Mode.TIM else None

    def reporter_role(self, nip: str) -> str:
        """As what ``nip`` reports on this work (the policy checks it really does)."""
        if self.mode is Mode.INDIVIDU:
            return "individu"
        return "ketua_tim" if nip == self.executor else "anggota_tim"


@dataclass(frozen=True)
class Entry:
    """One action on a record, with the decision that allowed it."""

    seq: int
    action: str
    actor_nip: str
    at: datetime
    to_nips: tuple[str, ...]
    level: int | None
    status: Status
    decision_id: str | None
    reasons: tuple[dict[str, Any], ...]
    obligations: dict[str, Any]
    payload: dict[str, Any]


@dataclass
class Record:
    id: str
    work: WorkRef
    kind: RecordKind
    status: Status
    opened_by: str
    opened_at: datetime
    data: dict[str, Any]
    history: list[Entry] = field(default_factory=list)

    def next_seq(self) -> int:
        return len(self.history) + 1

    # ------------------------------------------------------------------ escalations

    @property
    def raised_levels(self) -> list[int]:
        return sorted({e.level for e in self.history if e.action == "escalate" and e.level is not None})

    # ------------------------------------------------------------------ results

    @property
    def chain(self) -> list[str]:
        return list(self.data.get("chain", []))

    @property
    def at(self) -> int:
        return int(self.data.get("at", 0))

    @property
    def holder(self) -> str | None:
        chain = self.chain
        return chain[self.at] if chain else None

    def apply(self, entry: Entry) -> None:
        """Record an action the policy allowed and move the record to the state its obligations say."""
        if self.status.closed:
            raise RecordClosed(self.id, self.status)
        obligations = entry.obligations
        if entry.action == "submit_result":
            self.data["at"] = obligations["next_level"]["level"]
        elif entry.action == "return_result":
            self.data["at"] = obligations["return_to"]["level"]
        self.status = entry.status
        self.history.append(entry)

    def pending(self) -> list[dict[str, str]]:
        """Who must act on this record now, in the shape of pending_actions ("my pending actions")."""
        if self.kind is RecordKind.REPORT_REQUEST and self.status is Status.OPEN:
            return [{"request_id": f"report_request:{self.id}", "step_id": "laporan_atas_permintaan",
                     "nip": self.data["from"], "action": "report", "role": self.data.get("as", "pelapor")}]
        if self.kind is RecordKind.RESULT and not self.status.closed and self.holder:
            top = len(self.chain) - 1
            action = ("accept_result" if self.status is Status.IN_CORRECTION
                      else "submit_result" if self.at < top else "accept_result")
            return [{"request_id": f"result:{self.id}", "step_id": f"hasil_tingkat_{self.at}",
                     "nip": self.holder, "action": action, "role": "pelaksana" if self.at == 0 else f"tingkat_{self.at}"}]
        return []


def status_after(action: str, record: Record | None, obligations: dict[str, Any]) -> Status:
    """The status a record has after an allowed action."""
    if action == "report":
        return Status.SUBMITTED
    if action == "request_report":
        return Status.OPEN
    if action == "answer":
        return Status.ANSWERED
    if action == "escalate":
        return Status.RAISED
    if action == "submit_result":
        return Status.IN_REVIEW
    if action == "return_result":
        return Status.RETURNED
    if action == "correct_result":
        return Status.IN_CORRECTION
    if action == "accept_result":
        return Status.COMPLETED if obligations.get("completed") else (record.status if record else Status.IN_REVIEW)
    raise ValueError(f"unknown action {action}")


def result_chain(executor: str, heads_upward: list[str | None]) -> list[str]:
    """The result chain: the executor, then each head of the owner's structure from the nearest up to the top
    (berjenjang berdasarkan level struktur organisasi), each once, never the executor again."""
    chain = [executor]
    for head in heads_upward:
        if head and head not in chain:
            chain.append(head)
    return chain
