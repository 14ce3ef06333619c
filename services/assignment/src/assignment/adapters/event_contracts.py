"""The wire contract of assignment's events (documented in AsyncAPI): every transition of a penugasan request.

notification tells the people who must act next; performance links active assignments to the SKP of the pegawai.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from sikerja_events import CloudEvent, event_type

SOURCE = "/sikerja/assignment"
PENUGASAN_TOPIC = "sikerja.assignment.penugasan"
PENUGASAN_TRANSITIONED = event_type("assignment", "penugasan_transitioned", 1)


class LetterRefV1(BaseModel):
    letter_id: str
    kind: str = Field(examples=["nota_dinas", "surat_perintah"])
    number: str = Field(examples=["0007/ND/KAB-SUMENEP/2026"])


class NextActorV1(BaseModel):
    step_id: str
    action: str
    role: str
    nip: str


class PenugasanTransitionedV1(BaseModel):
    """Data of ``id.sikerja.assignment.penugasan_transitioned.v1`` on ``sikerja.assignment.penugasan``
    (key: request id): a step taken, a withdrawal, an expiry or the end of the assignment's period."""

    request_id: str
    instansi_id: str = Field(description="instansi of the pemilik kinerja (its regulation profile applies)")
    pegawai_instansi_id: str
    mechanism: Literal["penunjukan", "pengajuan_sukarela"]
    form: Literal["individu", "tim_kerja"]
    scope: str = Field(examples=["lintas_unit_organisasi"])
    transition: Literal["step", "withdrawn", "expired", "ended"]
    step_id: str | None
    action: str | None
    actor_nip: str | None
    status: Literal["in_progress", "active", "rejected", "withdrawn", "expired", "ended"]
    previous_status: str
    pemilik_kinerja_nip: str
    pegawai_nip: str | None
    period_start: str
    period_end: str
    version: int
    decision_id: str | None
    letter: LetterRefV1 | None
    next_actors: list[NextActorV1]


class PenugasanEnvelope(BaseModel):
    """CloudEvents 1.0 envelope on ``sikerja.assignment.penugasan``."""

    specversion: Literal["1.0"]
    id: str
    source: Literal["/sikerja/assignment"]
    type: Literal["id.sikerja.assignment.penugasan_transitioned.v1"]
    subject: str
    time: str
    datacontenttype: Literal["application/json"]
    instansi: str
    correlationid: str | None = None
    data: PenugasanTransitionedV1


def penugasan_cloudevent(data: PenugasanTransitionedV1, *, correlation_id: str | None) -> CloudEvent:
    return CloudEvent(source=SOURCE, type=PENUGASAN_TRANSITIONED, subject=f"penugasan/{data.request_id}",
                      instansi=data.instansi_id, correlationid=correlation_id, data=data.model_dump())


# --- Tim Kerja ---

TIM_KERJA_TOPIC = "sikerja.assignment.tim_kerja"
TIM_KERJA_CHANGED = event_type("assignment", "tim_kerja_changed", 1)


class TeamMemberV1(BaseModel):
    nip: str
    instansi_id: str
    perangkat_daerah_id: str
    unit_id: str
    role: Literal["ketua", "anggota"]


class TeamChangeV1(BaseModel):
    seq: int
    action: Literal["propose", "form", "verify", "set", "appoint_ketua", "add_member", "appoint_koordinator", "close"]
    actor_nip: str
    decision_id: str | None
    subject_nip: str | None = Field(default=None, description="the member added or the Ketua/Koordinator appointed")


class TimKerjaChangedV1(BaseModel):
    """Data of ``id.sikerja.assignment.tim_kerja_changed.v1`` on ``sikerja.assignment.tim_kerja`` (key: team id):
    a step taken on a Tim Kerja, with the team as it now is. pelaksanaan and performance read the members, their
    roles and the Ketua Tim from it; the team works from ``status: active`` (its letter set) until ``closed``."""

    team_id: str
    instansi_id: str = Field(description="instansi of the owning unit (its regulation profile applies)")
    profile: str
    name: str
    kind: str = Field(examples=["tim", "squad"])
    purpose: str = Field(examples=["target_kinerja", "insidental"])
    scope: str = Field(examples=["lintas_perangkat_daerah"])
    owner_unit_id: str
    owner_perangkat_daerah_id: str
    status: Literal["proposed", "formed", "active", "closed"]
    previous_status: str
    members: list[TeamMemberV1]
    ketua_nip: str | None
    koordinator_nip: str | None
    change: TeamChangeV1
    letter: LetterRefV1 | None
    version: int


class TimKerjaEnvelope(BaseModel):
    """CloudEvents 1.0 envelope on ``sikerja.assignment.tim_kerja``."""

    specversion: Literal["1.0"]
    id: str
    source: Literal["/sikerja/assignment"]
    type: Literal["id.sikerja.assignment.tim_kerja_changed.v1"]
    subject: str
    time: str
    datacontenttype: Literal["application/json"]
    instansi: str
    correlationid: str | None = None
    data: TimKerjaChangedV1


def tim_kerja_cloudevent(data: TimKerjaChangedV1, *, correlation_id: str | None) -> CloudEvent:
    return CloudEvent(source=SOURCE, type=TIM_KERJA_CHANGED, subject=f"tim-kerja/{data.team_id}",
                      instansi=data.instansi_id, correlationid=correlation_id, data=data.model_dump())


# --- pelaksanaan and pertanggungjawaban ---

PELAKSANAAN_TOPIC = "sikerja.assignment.pelaksanaan"
PELAKSANAAN_RECORDED = event_type("assignment", "pelaksanaan_recorded", 1)


class WorkRefV1(BaseModel):
    kind: Literal["penugasan", "tim_kerja"] = Field(
        description="penugasan: an individual penugasan request in force; tim_kerja: a Tim Kerja")
    id: str


class PelaksanaanRecordedV1(BaseModel):
    """Data of ``id.sikerja.assignment.pelaksanaan_recorded.v1`` on ``sikerja.assignment.pelaksanaan`` (key:
    ``<work kind>:<work id>``): a report, a report request (or its answer), an escalation or a step of a result on
    its chain, as the policy allowed it. notification tells ``to_nips``; performance reads reports and completed
    results as evidence for the SKP."""

    work: WorkRefV1
    instansi_id: str = Field(description="instansi of the pemilik kinerja (its regulation profile applies)")
    record_kind: Literal["report", "report_request", "escalation", "result"]
    record_id: str
    action: Literal["report", "request_report", "answer", "escalate", "submit_result", "accept_result",
                    "return_result", "correct_result"]
    from_nip: str = Field(description="who acted")
    to_nips: list[str] = Field(description="report recipients, who is asked, escalation targets, or who holds "
                               "the result next")
    level: int | None = Field(description="escalation level, or the result's position on its chain (0: executor)")
    status: Literal["submitted", "open", "answered", "raised", "in_review", "returned", "in_correction",
                    "completed"]
    decision_id: str | None
    version: int = Field(description="version of the work's pelaksanaan ledger after this action")


class PelaksanaanEnvelope(BaseModel):
    """CloudEvents 1.0 envelope on ``sikerja.assignment.pelaksanaan``."""

    specversion: Literal["1.0"]
    id: str
    source: Literal["/sikerja/assignment"]
    type: Literal["id.sikerja.assignment.pelaksanaan_recorded.v1"]
    subject: str
    time: str
    datacontenttype: Literal["application/json"]
    instansi: str
    correlationid: str | None = None
    data: PelaksanaanRecordedV1


def pelaksanaan_cloudevent(data: PelaksanaanRecordedV1, *, correlation_id: str | None) -> CloudEvent:
    return CloudEvent(source=SOURCE, type=PELAKSANAAN_RECORDED, subject=f"pelaksanaan/{data.record_id}",
                      instansi=data.instansi_id, correlationid=correlation_id, data=data.model_dump())
