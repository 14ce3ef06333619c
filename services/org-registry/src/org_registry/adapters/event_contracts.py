"""The wire contract of org-registry's events: topics, CloudEvent types and payload schemas (documented in AsyncAPI).

org-registry owns these; consumers declare only the fields they read.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field
from sikerja_events import CloudEvent, encode_envelope, event_type
from sikerja_outbox import EncodedEvent

from org_registry.domain import events

SOURCE = "/sikerja/org-registry"
INSTANSI_TOPIC = "sikerja.org.instansi"
INSTANSI_REGISTERED = event_type("org", "instansi_registered", 1)
PEGAWAI_TOPIC = "sikerja.org.pegawai"
ORGANISATION_IMPORTED = event_type("org", "organisation_imported", 1)
PEGAWAI_PLACED = event_type("org", "pegawai_placed", 1)
KEDUDUKAN_SET = event_type("org", "kedudukan_set", 1)
DELEGATION_GRANTED = event_type("org", "delegation_granted", 1)
ROLE_ASSIGNED = event_type("org", "role_assigned", 1)
STRUCTURE_TOPIC = "sikerja.org.structure"
PERANGKAT_DAERAH_DEFINED = event_type("org", "perangkat_daerah_defined", 1)
UNIT_DEFINED = event_type("org", "unit_defined", 1)
PEGAWAI_UPDATED = event_type("org", "pegawai_updated", 1)
PLACEMENT_ENDED = event_type("org", "placement_ended", 1)


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


class OrganisationImportedV1(BaseModel):
    """Data of ``id.sikerja.org.organisation_imported.v1`` on ``sikerja.org.instansi`` (key: instansi id)."""

    instansi_id: str
    created: dict[str, int] = Field(description="rows created per section")
    updated: dict[str, int] = Field(description="rows changed per section")


class PegawaiPlacedV1(BaseModel):
    """Data of ``id.sikerja.org.pegawai_placed.v1`` on ``sikerja.org.pegawai`` (key: NIP)."""

    nip: str
    instansi_id: str
    position_id: str
    position_title: str
    kind: str
    jenjang: str | None
    unit_id: str
    pd_id: str
    start: str
    tugas_tambahan: bool
    leads_unit: bool = Field(default=False, description="the position leads its unit (the holder is its PUO)")
    kelas_jabatan: int | None = Field(default=None, ge=1, le=17, description="kelas jabatan of the position")


class KedudukanSetV1(BaseModel):
    """Data of ``id.sikerja.org.kedudukan_set.v1`` on ``sikerja.org.pegawai`` (key: NIP): who is the pegawai's
    atasan langsung and Pejabat Penilai Kinerja from ``start``."""

    nip: str
    instansi_id: str
    penilai_nip: str
    start: str
    decided_by: str
    basis_document: str | None


class DelegationGrantedV1(BaseModel):
    """Data of ``id.sikerja.org.delegation_granted.v1`` on ``sikerja.org.pegawai`` (key: NIP of the delegator)."""

    from_nip: str
    to_nip: str
    instansi_id: str
    scope: Literal["penilaian", "penugasan", "penetapan_kinerja"]
    start: str
    end: str | None
    reason: str


class RoleAssignedV1(BaseModel):
    """Data of ``id.sikerja.org.role_assigned.v1`` on ``sikerja.org.pegawai`` (key: NIP of the holder)."""

    nip: str
    instansi_id: str
    role: str = Field(examples=["koordinator_tim_kerja", "ketua_tim_pengawas", "pejabat_yang_berwenang"])
    unit_id: str | None = Field(description="the unit the role is for; null for an instansi-wide role")
    start: str
    end: str | None
    basis_document: str | None


class PegawaiUpdatedV1(BaseModel):
    """Data of ``id.sikerja.org.pegawai_updated.v1`` on ``sikerja.org.pegawai`` (key: NIP): the record as it now is.
    Sent on every change, also for each pegawai an import creates or changes (before its ``pegawai_placed``)."""

    nip: str
    instansi_id: str
    version: int
    name: str
    status: Literal["PNS", "PPPK"]
    pendidikan: str | None
    pangkat_golongan: str | None
    talent_pool: bool
    competencies: list[str]
    kinerja: dict[str, str]


class PlacementEndedV1(BaseModel):
    """Data of ``id.sikerja.org.placement_ended.v1`` on ``sikerja.org.pegawai`` (key: NIP)."""

    nip: str
    instansi_id: str
    position_id: str
    end: str


class PerangkatDaerahDefinedV1(BaseModel):
    """Data of ``id.sikerja.org.perangkat_daerah_defined.v1`` on ``sikerja.org.structure`` (key: instansi id)."""

    pd_id: str
    instansi_id: str
    code: str
    name: str
    pd_type: str = Field(examples=["dinas", "puskesmas", "kecamatan"])
    parent_pd_id: str | None = Field(description="the PD a UPTD, Puskesmas or school belongs to")
    kedudukan_pattern: str | None


class UnitDefinedV1(BaseModel):
    """Data of ``id.sikerja.org.unit_defined.v1`` on ``sikerja.org.structure`` (key: instansi id). Its leader is
    whoever is placed in a position of the unit that ``leads_unit`` (see ``pegawai_placed``)."""

    unit_id: str
    instansi_id: str
    pd_id: str
    parent_id: str | None
    code: str
    name: str
    level: int = Field(description="1 for the PD's top unit, 2 below it, …")


class OrgStructureEnvelope(BaseModel):
    """CloudEvents 1.0 envelope on ``sikerja.org.structure``; ``type`` tells which data schema applies."""

    specversion: Literal["1.0"]
    id: str
    source: Literal["/sikerja/org-registry"]
    type: Literal["id.sikerja.org.perangkat_daerah_defined.v1", "id.sikerja.org.unit_defined.v1"]
    subject: str
    time: str
    datacontenttype: Literal["application/json"]
    instansi: str
    correlationid: str | None = None
    data: PerangkatDaerahDefinedV1 | UnitDefinedV1


class OrgPegawaiEnvelope(BaseModel):
    """CloudEvents 1.0 envelope on ``sikerja.org.pegawai``; ``type`` tells which data schema applies."""

    specversion: Literal["1.0"]
    id: str
    source: Literal["/sikerja/org-registry"]
    type: Literal[
        "id.sikerja.org.pegawai_placed.v1", "id.sikerja.org.kedudukan_set.v1", "id.sikerja.org.delegation_granted.v1",
        "id.sikerja.org.role_assigned.v1", "id.sikerja.org.pegawai_updated.v1", "id.sikerja.org.placement_ended.v1",
    ]
    subject: str
    time: str
    datacontenttype: Literal["application/json"]
    instansi: str
    correlationid: str | None = None
    data: PegawaiPlacedV1 | KedudukanSetV1 | DelegationGrantedV1 | RoleAssignedV1 | PegawaiUpdatedV1 | PlacementEndedV1


def org_cloudevent(event_type_name: str, *, subject: str, instansi_id: str, data: BaseModel,
                   correlation_id: str | None) -> CloudEvent:
    """The envelope of one of org-registry's own events. Built without re-validating what this module's types
    already guarantee (an import stages one per row, ~100,000 for a province); the contract tests check that what
    is staged validates against the published envelopes."""
    return CloudEvent.model_construct(
        id=str(uuid.uuid4()), source=SOURCE, type=event_type_name, subject=subject, time=datetime.now(UTC),
        instansi=instansi_id, correlationid=correlation_id, data=data.model_dump())


class EventEncoder:
    """Encodes many of org-registry's own events straight to outbox rows (an import stages ~8 per pegawai).

    ``data`` takes exactly the fields of the event's data model, in its order (a missing one raises KeyError), so
    the payload is what ``org_cloudevent`` would give for that model; nothing is validated again. The events of one
    encoder share one ``time``: the moment their transaction writes them."""

    def __init__(self, *, instansi_id: str, correlation_id: str | None) -> None:
        self._instansi = instansi_id
        self._correlation_id = correlation_id
        self._time = datetime.now(UTC)
        self._fields: dict[type[BaseModel], tuple[str, ...]] = {}

    def encode(self, topic: str, key: str, event_type_name: str, model: type[BaseModel], *, subject: str,
               **values: object) -> EncodedEvent:
        names = self._fields.get(model)
        if names is None:
            names = self._fields[model] = tuple(model.model_fields)
        event_id = str(uuid.uuid4())
        payload = encode_envelope(id=event_id, source=SOURCE, type=event_type_name, time=self._time, subject=subject,
                                  instansi=self._instansi, correlationid=self._correlation_id,
                                  data={name: values[name] for name in names})
        return EncodedEvent(topic, key, event_id, event_type_name, payload, self._correlation_id)
