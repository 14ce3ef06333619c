"""One service's database: engine, sessions, migrations, a readiness probe, and rows written at commit
(:mod:`sikerja_database.write_behind`).

SQLite (aiosqlite) is the embedded default so the platform runs with one command; PostgreSQL (asyncpg) is the
production database. Each service owns its database and its Alembic migrations; nothing here knows a table.
"""

from sikerja_database.engine import Database, is_postgresql
from sikerja_database.migrations import run_alembic_env, upgrade_to_head
from sikerja_database.write_behind import WriteBehind, write_behind

__all__ = ["Database", "WriteBehind", "is_postgresql", "run_alembic_env", "upgrade_to_head", "write_behind"]
