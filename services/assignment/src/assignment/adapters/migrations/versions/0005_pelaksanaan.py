"""pelaksanaan and pertanggungjawaban: the work's ledger, its records (reports, report requests, escalations,
results), their history and the actions waiting for someone

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pelaksanaan_works",
        sa.Column("work_kind", sa.String(16), primary_key=True),
        sa.Column("work_id", sa.String(36), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False, index=True),
        sa.Column("team", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "pelaksanaan_records",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("work_kind", sa.String(16), nullable=False),
        sa.Column("work_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_by", sa.String(18), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_pelaksanaan_records_work", "pelaksanaan_records", ["work_kind", "work_id"])
    op.create_table(
        "pelaksanaan_history",
        sa.Column("record_id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("actor_nip", sa.String(18), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("to_nips", sa.JSON(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decision_id", sa.String(64), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("obligations", sa.JSON(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
    )
    op.create_table(
        "pelaksanaan_pending_actions",
        sa.Column("request_id", sa.String(64), primary_key=True),
        sa.Column("step_id", sa.String(64), primary_key=True),
        sa.Column("nip", sa.String(18), primary_key=True),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("role", sa.String(64), nullable=False),
        sa.Column("work_kind", sa.String(16), nullable=False),
        sa.Column("work_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_pelaksanaan_pending_actions_nip", "pelaksanaan_pending_actions", ["nip"])


def downgrade() -> None:
    op.drop_index("ix_pelaksanaan_pending_actions_nip", table_name="pelaksanaan_pending_actions")
    op.drop_table("pelaksanaan_pending_actions")
    op.drop_table("pelaksanaan_history")
    op.drop_index("ix_pelaksanaan_records_work", table_name="pelaksanaan_records")
    op.drop_table("pelaksanaan_records")
    op.drop_table("pelaksanaan_works")
