"""Composition root of the performance (SKP) service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sikerja_runtime import ServiceRuntime, create_http_app

from performance.adapters import orm, org_events
from performance.config import Settings

SERVICE = "performance"
VERSION = "0.1.0"
MIGRATIONS = Path(__file__).parent / "adapters" / "migrations"


def build_runtime(settings: Settings | None = None) -> ServiceRuntime:
    runtime = ServiceRuntime(SERVICE, settings or Settings(), migrations=MIGRATIONS, outbox=orm.outbox)
    runtime.consume(
        "performance.org-events", orm.inbox, org_events.HANDLERS, org_events.ORG_INSTANSI_TOPIC, group_id="sikerja-performance"
    )
    return runtime


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_http_app(
        build_runtime(settings),
        title="Sikerja performance",
        version=VERSION,
        description="SKP per PermenPANRB 6/2022: RHK, Matriks Peran Hasil, assessment, predikat, keberatan.",
        routers=[],
    )
