from sikerja_database import run_alembic_env

from assignment.adapters.orm import metadata

run_alembic_env(metadata)
