from __future__ import annotations

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from sikerja_database.write_behind import WritingSession


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised via every SQLite test
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
        # Take the write lock when a transaction begins (BEGIN IMMEDIATE), not at its first write: a transaction
        # that read first and then writes cannot wait for the lock in WAL mode and fails with "database is
        # locked" instead. SQLite has one writer at a time either way; this makes concurrent writers queue.
        dbapi_connection.isolation_level = None

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection):  # pragma: no cover - exercised via every SQLite test
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _discard_closed_connections(engine: AsyncEngine) -> None:
    """Hand out no pooled connection the server has closed, without a round trip to ask.

    When PostgreSQL restarts or ends a backend it says so on the socket and closes it; asyncpg reads that while the
    connection idles in the pool and marks the connection closed. Checking that flag at checkout replaces
    ``pool_pre_ping``, which asks the server (BEGIN, a query, ROLLBACK: three round trips) before every unit of
    work. A connection found closed is discarded and the pool hands out another, opened anew if need be. A
    connection that dies without the server saying so (a cut cable) fails its first statement, which makes the pool
    invalidate every connection of that age; ``pool_pre_ping`` would have waited on it just the same.
    """
    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(dbapi_connection, _record, _proxy):
        if dbapi_connection.driver_connection.is_closed():
            raise DisconnectionError("the database closed this pooled connection")


class Database:
    """An async engine plus the session factory that units of work use."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        if is_postgresql(url):
            self.engine = create_async_engine(url, echo=echo, pool_size=10, max_overflow=10)
            _discard_closed_connections(self.engine)
        else:
            self.engine = create_async_engine(url, echo=echo)
            _tune_sqlite(self.engine)
        self.sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine, expire_on_commit=False, sync_session_class=WritingSession)

    async def ping(self) -> None:
        """Raise if the database cannot answer a trivial query (used by /readyz)."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
