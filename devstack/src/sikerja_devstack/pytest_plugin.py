"""Fixtures giving tests the real parts: Kafka, OPA, a token issuer, and a SQLite or PostgreSQL database.

``scripts/sikerja test`` starts the parts once and passes them in ``SIKERJA_TEST_*``; a plain ``pytest`` run
starts what its tests ask for. A part that cannot be started makes the test error with the reason: these
fixtures never skip.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from sikerja_devstack.processes import (
    ManagedProcess,
    PostgresCluster,
    free_port,
    run_coroutine,
    issuer_process,
    kafka_process,
    opa_process,
)



@pytest.fixture(scope="session")
def _started_parts() -> Iterator[list[ManagedProcess]]:
    started: list[ManagedProcess] = []
    yield started
    for part in reversed(started):
        part.stop()


def _configured_or_started(variable: str, started: list[ManagedProcess],
                           make: Callable[[Path, int], ManagedProcess], address: str) -> str:
    """The part named in ``variable`` if the test runner started one, else a part of our own on a free port."""
    if configured := os.environ.get(variable):
        return configured
    port = free_port()
    part = make(Path(tempfile.mkdtemp(prefix="sikerja-part-")), port)
    part.start(timeout=120)
    started.append(part)
    return address.format(port=port)


@pytest.fixture(scope="session")
def kafka_bootstrap(_started_parts) -> str:
    return _configured_or_started("SIKERJA_TEST_KAFKA", _started_parts,
                                  lambda state, port: kafka_process(state, port, free_port()), "127.0.0.1:{port}")


@pytest.fixture(scope="session")
def opa_url(_started_parts) -> str:
    return _configured_or_started("SIKERJA_TEST_OPA", _started_parts, opa_process, "http://127.0.0.1:{port}")


@pytest.fixture(scope="session")
def token_issuer_url(_started_parts) -> str:
    return _configured_or_started("SIKERJA_TEST_ISSUER", _started_parts, issuer_process, "http://127.0.0.1:{port}")


@pytest.fixture(scope="session")
def mint_token(token_issuer_url) -> Callable[..., str]:
    def mint(nip: str, *, instansi: str | None = None, roles: list[str] | None = None) -> str:
        response = httpx.post(
            f"{token_issuer_url}/tokens", json={"sub": nip, "instansi": instansi, "roles": roles or []}, timeout=5
        )
        response.raise_for_status()
        return response.json()["access_token"]

    return mint


@pytest.fixture(scope="session")
def postgres_admin_dsn() -> Iterator[str]:
    if configured := os.environ.get("SIKERJA_TEST_POSTGRES"):
        yield configured
        return
    cluster = PostgresCluster()
    cluster.start()
    try:
        yield cluster.admin_dsn
    finally:
        cluster.stop()


def database_kind() -> str:
    kind = os.environ.get("SIKERJA_TEST_DATABASE", "sqlite")
    if kind not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"SIKERJA_TEST_DATABASE must be sqlite or postgresql, not {kind!r}")
    return kind


@pytest.fixture(scope="session")
def database_url_factory(request, tmp_path_factory) -> Callable[[], str]:
    """Make fresh, empty databases of the kind this run tests (SIKERJA_TEST_DATABASE)."""
    directory = tmp_path_factory.mktemp("databases")

    def make() -> str:
        if database_kind() == "sqlite":
            return f"sqlite+aiosqlite:///{directory / uuid.uuid4().hex}.db"
        admin_dsn = request.getfixturevalue("postgres_admin_dsn")
        return _create_postgres_database(admin_dsn)

    return make


@pytest.fixture
def database_url(database_url_factory) -> str:
    return database_url_factory()


@pytest.fixture
async def database_with(database_url):
    """Call with a ``MetaData``: a ``sikerja_database.Database`` on a fresh database of this run's kind (or on
    ``url``), with those tables created; disposed of after the test."""
    from sikerja_database import Database

    opened = []

    async def make(metadata, url: str | None = None):
        database = Database(url or database_url)
        opened.append(database)
        async with database.engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        return database

    yield make
    for database in opened:
        await database.dispose()


@pytest.fixture
def postgresql_url(postgres_admin_dsn) -> str:
    """A fresh, empty PostgreSQL database whatever kind this run tests: for behaviour only PostgreSQL has."""
    return _create_postgres_database(postgres_admin_dsn)


def _create_postgres_database(admin_dsn: str) -> str:
    import asyncpg

    name = f"t_{uuid.uuid4().hex[:16]}"

    async def create() -> None:
        connection = await asyncpg.connect(admin_dsn)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    run_coroutine(create())
    base = admin_dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    return f"{base}/{name}"
