"""Composition root of the assignment service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sikerja_runtime import ServiceRuntime, create_http_app

from assignment.adapters import orm, org_events
from assignment.config import Settings
from assignment.entrypoints import http

SERVICE = "assignment"
VERSION = "0.1.0"
MIGRATIONS = Path(__file__).parent / "adapters" / "migrations"


def build_runtime(settings: Settings | None = None) -> ServiceRuntime:
    runtime = ServiceRuntime(SERVICE, settings or Settings(), migrations=MIGRATIONS, outbox=orm.outbox)
    # One consumer, one group for org-registry's three topics: records are applied one at a time, so each
    # partition (one instansi's structure, one pegawai's history) keeps its order; the topics need none between them.
    runtime.consume(
        "assignment.org-events", orm.inbox, org_events.HANDLERS, *org_events.ORG_TOPICS, group_id="sikerja-assignment"
    )
    return runtime


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_http_app(
        build_runtime(settings),
        title="Sikerja assignment",
        version=VERSION,
        description="Penugasan workflows, their letters, Tim Kerja, execution and the result chain.",
        routers=[http.router],
    )
