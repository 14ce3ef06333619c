"""Composition root of the assignment service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sikerja_runtime import ServiceRuntime, create_http_app

from assignment.adapters import org_events, orm
from assignment.adapters.event_contracts import (
    PELAKSANAAN_TOPIC,
    PENUGASAN_TOPIC,
    TIM_KERJA_TOPIC,
    PelaksanaanEnvelope,
    PenugasanEnvelope,
    TimKerjaEnvelope,
)
from assignment.adapters.org_directory import OrgDirectoryCache
from assignment.adapters.workflow_profiles import WorkflowProfiles
from assignment.config import Settings
from assignment.entrypoints import (
    http,
    pelaksanaan_http,
    penugasan_http,
    tim_kerja_http,
)
from assignment.service_layer.pelaksanaan import PelaksanaanService
from assignment.service_layer.penugasan import PenugasanService
from assignment.service_layer.tim_kerja import TimKerjaService

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
    # Declared for the AsyncAPI contract; records are published by the outbox relay.
    runtime.broker.publisher(
        PENUGASAN_TOPIC,
        title=PENUGASAN_TOPIC,
        description="Every transition of a penugasan request (key: request id). Types: "
        "id.sikerja.assignment.penugasan_transitioned.v1.",
        schema=PenugasanEnvelope,
    )
    runtime.broker.publisher(
        PELAKSANAAN_TOPIC,
        title=PELAKSANAAN_TOPIC,
        description="Every report, report request, escalation and result step on a piece of work (key: "
        "<work kind>:<work id>). Types: id.sikerja.assignment.pelaksanaan_recorded.v1.",
        schema=PelaksanaanEnvelope,
    )
    runtime.broker.publisher(
        TIM_KERJA_TOPIC,
        title=TIM_KERJA_TOPIC,
        description="Every step taken on a Tim Kerja, with its members, roles, Ketua Tim and letter (key: team id). "
        "Types: id.sikerja.assignment.tim_kerja_changed.v1.",
        schema=TimKerjaEnvelope,
    )
    return runtime


def build_app(settings: Settings | None = None) -> FastAPI:
    runtime = build_runtime(settings)
    app = create_http_app(
        runtime,
        title="Sikerja assignment",
        version=VERSION,
        description="Penugasan workflows, their letters, Tim Kerja, execution and the result chain.",
        routers=[http.router, penugasan_http.router, pelaksanaan_http.router, tim_kerja_http.router],
    )
    profiles, directory_cache = WorkflowProfiles(runtime.policy), OrgDirectoryCache()
    sessions, wake = runtime.database.sessions, runtime.relay.wake
    penugasan = PenugasanService(sessions, runtime.policy, profiles, on_commit=wake, directory_cache=directory_cache)
    app.state.penugasan = penugasan
    runtime.every("penugasan.expire", runtime.settings.sweep_seconds, penugasan.expire_due)
    app.state.pelaksanaan = PelaksanaanService(sessions, runtime.policy, profiles, on_commit=wake,
                                               directory_cache=directory_cache)
    app.state.tim_kerja = TimKerjaService(sessions, runtime.policy, on_commit=wake, directory_cache=directory_cache)
    return app
