"""Fixtures that run the services as real processes (uvicorn), exactly as `scripts/sikerja up` does."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sikerja_database import Database
from sikerja_devstack.processes import ManagedProcess, PlatformEndpoints, free_port, service_process


class RunningService:
    def __init__(self, name: str, process: ManagedProcess, port: int, database_url: str) -> None:
        self.name = name
        self.process = process
        self.url = f"http://127.0.0.1:{port}"
        self.database_url = database_url

    def database(self) -> Database:
        return Database(self.database_url)

    def metric(self, name: str, **labels: str) -> float:
        wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
        total = 0.0
        for line in httpx.get(f"{self.url}/metrics", timeout=5).text.splitlines():
            if line.startswith(f"{name}{{") and wanted in line:
                total += float(line.rsplit(" ", 1)[1])
        return total


@pytest.fixture(scope="module")
def launch(database_url_factory) -> Iterator[Callable[..., RunningService]]:
    """launch(service, endpoints, database_url=None) starts a service process and stops it after the module."""
    launched: list[ManagedProcess] = []
    logs = Path(tempfile.mkdtemp(prefix="sikerja-e2e-"))

    def start(name: str, endpoints: PlatformEndpoints, database_url: str | None = None) -> RunningService:
        url = database_url or database_url_factory()
        port = free_port()
        process = service_process(name, port, endpoints.service_env(url) | {"SIKERJA_OUTBOX_POLL_SECONDS": "0.1"}, logs)
        process.start(timeout=60)
        launched.append(process)
        return RunningService(name, process, port, url)

    yield start
    for process in reversed(launched):
        process.stop()


@pytest.fixture(scope="module")
def endpoints(kafka_bootstrap, opa_url, token_issuer_url) -> PlatformEndpoints:
    return PlatformEndpoints(kafka_bootstrap=kafka_bootstrap, opa_url=opa_url, issuer_url=token_issuer_url)
