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
