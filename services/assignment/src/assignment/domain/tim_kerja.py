"""A Tim Kerja and its lifecycle, driven by the regulation profile (workflows.md §3).

The profile (``policies/sikerja/profiles/<id>/tim_kerja``) says who proposes, forms, verifies and sets a team of
each scope, who appoints its Ketua Tim and Koordinator, who adds members and who declares the work finished; the
policy decides each act and answers with obligations (the letter that sets the team and who signs it). This
aggregate records what was decided: the members and their roles, the steps taken with their decisions, the status
they lead to and the version that lets exactly one of two concurrent actors win.

Lifecycle (workflows.md §3.3, SMP Pasal 15 ayat (4)): PROPOSED or FORMED while it is prepared; ACTIVE from the
step that sets it with its letter (Surat Perintah, SK Tim Kerja or Keputusan, as the policy's obligations say);
CLOSED when the official the profile names declares the work finished.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

ACTIONS = ("propose", "form", "verify", "set", "appoint_ketua", "add_member", "appoint_koordinator", "close")
OPENING_ACTIONS = ("propose", "form")
STEP_ACTIONS = ("verify", "set", "appoint_ketua", "add_member", "appoint_koordinator", "close")

# Platform rule on the order of steps (no regulation lets a team be set twice or acted on once closed).
ORDER_SOURCE = "Sikerja: urutan langkah Tim Kerja (usul/bentuk, rekomendasi, penetapan, pelaksanaan, selesai)"

# Palangka Raya's three identification steps (Tata Cara Penentuan Kebutuhan Tim Kerja, workflows.md §3.2) that
# the Pejabat Pemilik Kinerja records when proposing; each becomes a gate flag of the policy input.
IDENTIFICATION_FIELDS = ("identifikasi_rencana_hasil_kerja", "identifikasi_sifat_pekerjaan",
                         "identifikasi_teknis_pelaksanaan")


class TeamStatus(enum.StrEnum):
    PROPOSED = "proposed"  # proposed to whoever forms or verifies it
    FORMED = "formed"  # formed; waits for its letter
    ACTIVE = "active"  # set by its letter: the team works (SMP Pasal 15 ayat (4))
    CLOSED = "closed"  # the work was declared finished


class Role(enum.StrEnum):
    KETUA = "ketua"
    ANGGOTA = "anggota"


ROLE_TITLES = {Role.KETUA: "Ketua Tim", Role.ANGGOTA: "Anggota"}


class TeamStateError(Exception):
    """The step does not fit the team's state; ``code`` and ``message`` go into the refusal."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Member:
    nip: str
    place: dict[str, str]  # {instansi, perangkat_daerah, unit}
    role: Role = Role.ANGGOTA
    since_seq: int = 1

    @property
    def instansi_id(self) -> str:
        return self.place["instansi"]


@dataclass(frozen=True)
class TeamStep:
    seq: int
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
class TimKerja:
    id: str
    instansi_id: str  # the owner's: its profile applies
    profile: str
    kind: str  # a key of the profile's team_kinds: tim, squad
    purpose: str  # target_kinerja, rutin, insidental, perubahan_target
    name: str
    owner: dict[str, str]  # the owning unit: {instansi, perangkat_daerah, unit, pd_type}
    owner_nip: str  # who opened it
    scope: str
    contents: dict[str, Any]  # maksud_tujuan, target_kinerja, kompetensi [..]
    period_start: date | None
    period_end: date | None
    opened_at: datetime
    tahun_anggaran: int | None = None
    law_requires_keputusan: bool = False
    status: TeamStatus = TeamStatus.PROPOSED
    koordinator_nip: str | None = None
    version: int = 0
    members: list[Member] = field(default_factory=list)
    steps: list[TeamStep] = field(default_factory=list)

    @property
    def ketua(self) -> Member | None:
        return next((m for m in self.members if m.role is Role.KETUA), None)

    def member(self, nip: str) -> Member | None:
        return next((m for m in self.members if m.nip == nip), None)

    def taken(self, action: str) -> list[TeamStep]:
        return [s for s in self.steps if s.action == action]

    def gate_facts(self) -> dict[str, bool]:
        """The gate flags of the policy input, from the steps this team recorded (never from the client)."""
        facts = {"tim_verifikasi_rekomendasi": bool(self.taken("verify"))}
        proposals = self.taken("propose") + self.taken("form")
        for name in IDENTIFICATION_FIELDS:
            facts[name] = any(str(s.payload.get("identifikasi", {}).get(name, "")).strip() for s in proposals)
        return facts

    def check(self, action: str) -> None:
        """Refuse a step the team's state does not allow (the policy decides who; this decides when)."""
        def refuse(code: str, message: str) -> TeamStateError:
            return TeamStateError(f"tim_kerja.{code}", message)
        if self.status is TeamStatus.CLOSED:
            raise refuse("team_closed", "Tim Kerja sudah dinyatakan selesai; tidak ada langkah lagi")
        if action in OPENING_ACTIONS and self.steps:
            if action == "form" and self.status is TeamStatus.PROPOSED:
                return
            raise refuse("step_out_of_order", f"Tim Kerja berstatus {self.status.value}; tidak dapat di-{action} lagi")
        if action == "verify":
            if self.status not in {TeamStatus.PROPOSED, TeamStatus.FORMED}:
                raise refuse("step_out_of_order", "rekomendasi Tim Verifikasi diberikan sebelum Tim ditetapkan")
            if self.taken("verify"):
                raise refuse("step_already_done", "Tim Verifikasi sudah memberi rekomendasi")
        if action == "set":
            if self.status is TeamStatus.ACTIVE:
                raise refuse("step_already_done", "Tim Kerja sudah ditetapkan")
            if not self.members:
                raise refuse("no_members", "Tim Kerja belum memiliki anggota; tambahkan anggota sebelum ditetapkan")
        if action == "close" and self.status is not TeamStatus.ACTIVE:
            raise refuse("step_out_of_order", "hanya Tim Kerja yang sudah ditetapkan dapat dinyatakan selesai")

    def record(self, step: TeamStep, *, scope: str, added: Member | None = None, ketua: str | None = None,
               koordinator: str | None = None) -> TeamStatus:
        """Apply a step the policy allowed; returns the status before it."""
        self.check(step.action)
        before = self.status
        if added is not None:
            self.members.append(added)
        if ketua is not None:
            for m in self.members:
                m.role = Role.KETUA if m.nip == ketua else Role.ANGGOTA
        if koordinator is not None:
            self.koordinator_nip = koordinator
        self.scope = scope
        self.steps.append(step)
        if step.action == "form":
            self.status = TeamStatus.FORMED
        elif step.action == "set":
            self.status = TeamStatus.ACTIVE
        elif step.action == "close":
            self.status = TeamStatus.CLOSED
        return before
