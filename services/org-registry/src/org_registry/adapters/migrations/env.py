from sikerja_database import run_alembic_env

from org_registry.adapters.orm import metadata

run_alembic_env(metadata)
