"""Alembic glue: each service's ``env.py`` is two lines that call :func:`run_alembic_env`."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def _configure_and_run(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online(url: str, metadata: MetaData) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure_and_run, metadata)
            await connection.commit()
    finally:
        await engine.dispose()


def run_alembic_env(metadata: MetaData) -> None:
    """Body of a service's Alembic ``env.py``; the URL comes from the Alembic config (set by :func:`upgrade_to_head`)."""
    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, metadata))


def upgrade_to_head(script_location: Path, url: str) -> None:
    """Apply every migration of one service to the database at ``url``. Synchronous; call it in a thread."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")
