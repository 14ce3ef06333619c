import pytest
from sikerja_database import Database, is_postgresql
from sqlalchemy import text

pytestmark = pytest.mark.integration


async def test_configured_database_answers(database_url):
    database = Database(database_url)
    try:
        await database.ping()
        async with database.sessions() as session:
            assert (await session.execute(text("SELECT 1 + 1"))).scalar() == 2
    finally:
        await database.dispose()


async def test_sqlite_is_tuned_for_concurrent_readers_and_enforces_foreign_keys(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/x.db")
    try:
        async with database.engine.connect() as connection:
            assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
    finally:
        await database.dispose()


async def test_unreachable_database_fails_the_ping():
    database = Database("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    try:
        with pytest.raises(OSError):
            await database.ping()
    finally:
        await database.dispose()


def test_backend_detection():
    assert is_postgresql("postgresql+asyncpg://u@h/db")
    assert not is_postgresql("sqlite+aiosqlite:///x.db")


async def test_a_connection_the_server_closed_is_not_handed_out_again(postgresql_url, postgres_admin_dsn):
    """PostgreSQL ending the pool's backends (as a restart does) costs no unit of work an error, and a healthy
    pooled connection is handed out without a round trip to ask the server whether it lives."""
    import asyncio

    import asyncpg

    database = Database(postgresql_url)
    statements: list[str] = []
    try:
        async with database.sessions() as session:
            before = (await session.execute(text("SELECT pg_backend_pid()"))).scalar()
            driver = (await session.connection()).sync_connection.connection.driver_connection
            driver.add_query_logger(lambda record: statements.append(record.query))
        statements.clear()  # the first unit of work's end
        async with database.sessions() as session:  # the same pooled connection, nothing asked first
            assert (await session.execute(text("SELECT pg_backend_pid()"))).scalar() == before
        # The unit of work's own BEGIN and ROLLBACK and nothing else (its SELECT runs as a prepared statement,
        # which asyncpg's query logger does not show); pool_pre_ping would have added BEGIN, ";" and ROLLBACK.
        assert statements == ["BEGIN;", "ROLLBACK;"]

        admin = await asyncpg.connect(postgres_admin_dsn)
        try:
            assert await admin.fetchval("SELECT pg_terminate_backend($1)", before)
        finally:
            await admin.close()
        await asyncio.sleep(0.2)  # the server's goodbye reaches the idle pooled connection

        async with database.sessions() as session:
            after = (await session.execute(text("SELECT pg_backend_pid()"))).scalar()
        assert after != before
    finally:
        await database.dispose()
