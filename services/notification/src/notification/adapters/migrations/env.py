from sikerja_database import run_alembic_env

from notification.adapters.orm import metadata

run_alembic_env(metadata)
