"""Composition root: the only place that wires org-registry's adapters together."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sikerja_runtime import ServiceRuntime, create_http_app

from org_registry.adapters import orm
from org_registry.adapters.event_contracts import INSTANSI_TOPIC, InstansiRegisteredEnvelope
from org_registry.config import Settings
from org_registry.entrypoints import http

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
    return runtime


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_http_app(
        build_runtime(settings),
        title="Sikerja org-registry",
        version=VERSION,
        description="Instansi, Perangkat Daerah, units, positions, pegawai, placements and kedudukan.",
        routers=[http.router],
    )
