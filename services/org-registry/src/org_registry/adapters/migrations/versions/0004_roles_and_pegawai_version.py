"""role assignments, pegawai version for ETag/If-Match

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "role_assignments",
        sa.Column("nip", sa.String(18), sa.ForeignKey("pegawai.nip"), primary_key=True),
        sa.Column("role", sa.String(40), primary_key=True),
        sa.Column("unit_key", sa.String(36), primary_key=True),
        sa.Column("start_date", sa.Date(), primary_key=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("basis_document", sa.String(300), nullable=True),
    )
    with op.batch_alter_table("pegawai") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("pegawai") as batch:
        batch.drop_column("version")
    op.drop_table("role_assignments")
