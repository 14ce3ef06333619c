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
