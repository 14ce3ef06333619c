"""A penugasan request and its workflow, driven by the regulation profile.

The profile (``policies/sikerja/profiles/<id>/penugasan``) lists, per mechanism and scope, the steps of the flow:
who takes each one, its letter, signer, addressees and tembusan, and what it must follow. The policy decides
whether a step may be taken now by this actor and answers with obligations (the step's letter, whether it
assigns or ends the flow, the steps that open next). This aggregate records what was decided: the steps taken,
the status they lead to, and the version that lets exactly one of two concurrent actors win.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any


class Mechanism(enum.StrEnum):
    PENUNJUKAN = "penunjukan"
    PENGAJUAN_SUKARELA = "pengajuan_sukarela"


class Form(enum.StrEnum):
    INDIVIDU = "individu"
    TIM_KERJA = "tim_kerja"


class Status(enum.StrEnum):
    IN_PROGRESS = "in_progress"  # the flow runs: someone has a step to take
    ACTIVE = "active"  # the assignment is in force (its letter was issued)
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"  # nobody took the next step before the request's respond-by date
    ENDED = "ended"  # the assignment's period is over

    @property
    def closed(self) -> bool:
        return self in {Status.REJECTED, Status.WITHDRAWN, Status.EXPIRED, Status.ENDED}


# The four contents every written request carries (workflows.md §2.1), as the profiles name them.
REQUEST_CONTENTS = ("maksud_tujuan", "kompetensi", "target_kinerja", "durasi")

# How long a step may wait before the request expires, unless the instansi says otherwise (Sikerja: no
# regulation sets a deadline for answering a request; without one a forgotten request would stay open forever).
DEFAULT_RESPONSE_DAYS = 14

WITHDRAW_STEP = "tarik_permohonan"


class RequestClosed(Exception):
    def __init__(self, status: Status) -> None:
        super().__init__(f"permohonan sudah {status.value}")
        self.status = status


@dataclass(frozen=True)
class Side:
    """One side of a request: who (may be unnamed yet on the pegawai side) and where they work."""

    nip: str | None
    place: dict[str, str]  # {instansi, perangkat_daerah, unit}

    @property
    def instansi_id(self) -> str:
        return self.place["instansi"]


@dataclass(frozen=True)
class StepTaken:
    seq: int
    step_id: str
    action: str
    actor_nip: str
    actor_instansi_id: str | None
    at: datetime
    decision_id: str | None
    reasons: tuple[dict[str, Any], ...]
    obligations: dict[str, Any]
    payload: dict[str, Any]
    letter_id: str | None = None


@dataclass
class PenugasanRequest:
    id: str
    instansi_id: str
    profile: str
    mechanism: Mechanism
    form: Form
    scope: str
    pemilik_kinerja: Side
    pegawai: Side
    contents: dict[str, str]
    period_start: date
    period_end: date
    respond_by: date
    opened_at: datetime
    status: Status = Status.IN_PROGRESS
    version: int = 0
    next_steps: list[dict[str, Any]] = field(default_factory=list)
    steps: list[StepTaken] = field(default_factory=list)

    @property
    def steps_done(self) -> list[str]:
        return [s.step_id for s in self.steps if s.step_id != WITHDRAW_STEP]

    @property
    def is_cross_instansi(self) -> bool:
        return self.pemilik_kinerja.instansi_id != self.pegawai.instansi_id

    def record(self, taken: StepTaken, *, today: date, response_days: int = DEFAULT_RESPONSE_DAYS) -> Status:
        """Apply a step the policy allowed; returns the status before it."""
        if self.status.closed:
            raise RequestClosed(self.status)
        before = self.status
        obligations = taken.obligations
        if taken.payload.get("pegawai_nip"):
            self.pegawai = Side(taken.payload["pegawai_nip"], self.pegawai.place)
        self.steps.append(taken)
        self.next_steps = list(obligations.get("next_steps", []))
        self.respond_by = today + timedelta(days=response_days)
        if taken.step_id == WITHDRAW_STEP:
            self.status = Status.WITHDRAWN
            self.next_steps = []
        elif obligations.get("assigns"):
            self.status = Status.ACTIVE
        elif obligations.get("ends_flow") and self.status == Status.IN_PROGRESS:
            self.status = Status.REJECTED if taken.action == "reject" else Status.ENDED
        if obligations.get("ends_flow"):
            self.next_steps = []
        return before

    def expire(self, today: date) -> Status | None:
        """Close a request nobody answered in time, or an assignment whose period is over; the new status, if any."""
        if self.status == Status.IN_PROGRESS and today > self.respond_by:
            self.status = Status.EXPIRED
        elif self.status == Status.ACTIVE and today > self.period_end:
            self.status = Status.ENDED
        else:
            return None
        self.next_steps = []
        return self.status
