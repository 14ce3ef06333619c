"""Composition root: the only place that wires org-registry's adapters together."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sikerja_runtime import ServiceRuntime, create_http_app

from org_registry.adapters import orm
from org_registry.adapters.event_contracts import (
    INSTANSI_TOPIC,
    PEGAWAI_TOPIC,
    STRUCTURE_TOPIC,
    InstansiRegisteredEnvelope,
    OrgPegawaiEnvelope,
    OrgStructureEnvelope,
)
from org_registry.config import Settings
from org_registry.adapters.directory import OrganisationDirectory
from org_registry.adapters.profiles import ProfileCatalogue
from org_registry.entrypoints import http, organisation_http, pegawai_http, queries_http, replay_http

SERVICE = "org-registry"
VERSION = "0.1.0"
MIGRATIONS = Path(__file__).parent / "adapters" / "migrations"


def build_runtime(settings: Settings | None = None) -> ServiceRuntime:
    runtime = ServiceRuntime(SERVICE, settings or Settings(), migrations=MIGRATIONS, outbox=orm.outbox)
    # Declared for the AsyncAPI contract; records are published by the outbox relay.
    runtime.broker.publisher(
        INSTANSI_TOPIC,
        title=INSTANSI_TOPIC,
        description="Lifecycle of instansi (key: instansi id). Types: id.sikerja.org.instansi_registered.v1.",
        schema=InstansiRegisteredEnvelope,
    )
    runtime.broker.publisher(
        STRUCTURE_TOPIC,
        title=STRUCTURE_TOPIC,
        description="Perangkat Daerah and the unit tree of each instansi (key: instansi id). Types: "
        "id.sikerja.org.perangkat_daerah_defined.v1, id.sikerja.org.unit_defined.v1.",
        schema=OrgStructureEnvelope,
    )
    runtime.broker.publisher(
        PEGAWAI_TOPIC,
        title=PEGAWAI_TOPIC,
        description="Placements, kedudukan and delegations of pegawai (key: NIP). Types: "
        "id.sikerja.org.pegawai_placed.v1, id.sikerja.org.kedudukan_set.v1, id.sikerja.org.delegation_granted.v1, "
        "id.sikerja.org.role_assigned.v1, id.sikerja.org.pegawai_updated.v1, id.sikerja.org.placement_ended.v1.",
        schema=OrgPegawaiEnvelope,
    )
    return runtime


def build_app(settings: Settings | None = None) -> FastAPI:
    runtime = build_runtime(settings)
    app = create_http_app(
        runtime,
        title="Sikerja org-registry",
        version=VERSION,
        description="Instansi, Perangkat Daerah, units, positions, pegawai, placements and kedudukan.",
        routers=[http.router, organisation_http.router, pegawai_http.router, queries_http.router, replay_http.router],
    )
    app.state.profiles = ProfileCatalogue(runtime.policy)
    app.state.directory = OrganisationDirectory(runtime.database.sessions)
    return app
