"""Composition root of the notification service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sikerja_runtime import ServiceRuntime, create_http_app

from notification.adapters import orm, org_events
from notification.config import Settings
from notification.entrypoints import http

SERVICE = "notification"
VERSION = "0.1.0"
MIGRATIONS = Path(__file__).parent / "adapters" / "migrations"


def build_runtime(settings: Settings | None = None) -> ServiceRuntime:
    runtime = ServiceRuntime(SERVICE, settings or Settings(), migrations=MIGRATIONS, outbox=orm.outbox)
    runtime.consume(
        "notification.org-events", orm.inbox, org_events.HANDLERS, org_events.ORG_INSTANSI_TOPIC, group_id="sikerja-notification"
    )
    return runtime


def build_app(settings: Settings | None = None) -> FastAPI:
    return create_http_app(
        build_runtime(settings),
        title="Sikerja notification",
        version=VERSION,
        description="Turns events into messages for people and systems: inbox, e-mail and signed webhooks.",
        routers=[http.router],
    )
