"""read model of org-registry's instansi, outbox and inbox

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sikerja_inbox import create_inbox_table_v1
from sikerja_outbox import create_outbox_table_v1

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assessed_organisations",
        sa.Column("instansi_id", sa.String(length=36), primary_key=True),
        sa.Column("regulation_profile", sa.String(length=64), nullable=False),
        sa.Column("known_since", sa.DateTime(timezone=True), nullable=False),
    )
    create_outbox_table_v1()
    create_inbox_table_v1()


def downgrade() -> None:
    op.drop_table("inbox_events")
    op.drop_table("outbox_events")
    op.drop_table("assessed_organisations")
