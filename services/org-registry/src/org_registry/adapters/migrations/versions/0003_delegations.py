"""delegations

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "delegations",
        sa.Column("from_nip", sa.String(18), sa.ForeignKey("pegawai.nip"), primary_key=True),
        sa.Column("to_nip", sa.String(18), sa.ForeignKey("pegawai.nip"), primary_key=True),
        sa.Column("scope", sa.String(20), primary_key=True),
        sa.Column("start_date", sa.Date(), primary_key=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(300), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("delegations")
