"""The wire contract of org-registry's events: topics, CloudEvent types and payload schemas (documented in AsyncAPI).

org-registry owns these; consumers declare only the fields they read.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from sikerja_events import CloudEvent, event_type

from org_registry.domain import events

SOURCE = "/sikerja/org-registry"
INSTANSI_TOPIC = "sikerja.org.instansi"
INSTANSI_REGISTERED = event_type("org", "instansi_registered", 1)


class InstansiRegisteredV1(BaseModel):
    """Data of ``id.sikerja.org.instansi_registered.v1`` on topic ``sikerja.org.instansi`` (key: instansi id)."""

    instansi_id: str = Field(description="Stable id of the instansi (UUID)")
    code: str = Field(description="Short code, unique across the platform", examples=["KAB-SUMENEP"])
    name: str = Field(examples=["Pemerintah Kabupaten Sumenep"])
    kind: Literal["kabupaten", "kota", "provinsi", "instansi_pusat"]
    regulation_profile: str = Field(examples=["perbup-sumenep-9-2024"])


class InstansiRegisteredEnvelope(BaseModel):
    """CloudEvents 1.0 structured envelope as published (content-type application/cloudevents+json)."""

    specversion: Literal["1.0"]
    id: str
    source: Literal["/sikerja/org-registry"]
    type: Literal["id.sikerja.org.instansi_registered.v1"]
    subject: str
    time: str
    datacontenttype: Literal["application/json"]
    instansi: str
    correlationid: str | None = None
    data: InstansiRegisteredV1


def to_cloudevent(event: events.Event, *, correlation_id: str | None) -> tuple[str, str, CloudEvent]:
    """Return ``(topic, key, cloudevent)`` for a domain event."""
    match event:
        case events.InstansiRegistered():
            data = InstansiRegisteredV1(
                instansi_id=event.instansi_id,
                code=event.code,
                name=event.name,
                kind=event.kind,
                regulation_profile=event.regulation_profile,
            )
            cloudevent = CloudEvent(
                source=SOURCE,
                type=INSTANSI_REGISTERED,
                subject=f"instansi/{event.instansi_id}",
                instansi=event.instansi_id,
                correlationid=correlation_id,
                data=data.model_dump(),
            )
            return INSTANSI_TOPIC, event.instansi_id, cloudevent
    raise TypeError(f"no wire form for {type(event).__name__}")
