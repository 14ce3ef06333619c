"""penugasan requests, transitions, pending actions, letters, letter sequences, idempotency keys

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
    op.add_column("instansi_rules", sa.Column("code", sa.String(32), nullable=True))
    op.create_table(
        "penugasan_requests",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False, index=True),
        sa.Column("profile", sa.String(64), nullable=False),
        sa.Column("mechanism", sa.String(24), nullable=False),
        sa.Column("form", sa.String(16), nullable=False),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("pemilik_kinerja_nip", sa.String(18), nullable=False),
        sa.Column("pemilik_kinerja_place", sa.JSON(), nullable=False),
        sa.Column("pegawai_nip", sa.String(18), nullable=True, index=True),
        sa.Column("pegawai_place", sa.JSON(), nullable=False),
        sa.Column("pegawai_instansi_id", sa.String(36), nullable=False, index=True),
        sa.Column("contents", sa.JSON(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("respond_by", sa.Date(), nullable=False),
        sa.Column("next_steps", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "penugasan_transitions",
        sa.Column("request_id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("step_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("actor_nip", sa.String(18), nullable=False),
        sa.Column("actor_instansi_id", sa.String(36), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision_id", sa.String(64), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("obligations", sa.JSON(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("letter_id", sa.String(36), nullable=True),
    )
    op.create_table(
        "pending_actions",
        sa.Column("request_id", sa.String(36), primary_key=True),
        sa.Column("step_id", sa.String(64), primary_key=True),
        sa.Column("nip", sa.String(18), primary_key=True),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("role", sa.String(64), nullable=False),
    )
    op.create_index("ix_pending_actions_nip", "pending_actions", ["nip"])
    op.create_table(
        "letters",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("request_id", sa.String(36), nullable=False, index=True),
        sa.Column("step_id", sa.String(64), nullable=False),
        sa.Column("instansi_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("number", sa.String(64), nullable=False, unique=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
    )
    op.create_table(
        "letter_sequences",
        sa.Column("instansi_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("last_number", sa.Integer(), nullable=False),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("actor_nip", sa.String(18), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("idempotency_keys", "letter_sequences", "letters"):
        op.drop_table(table)
    op.drop_index("ix_pending_actions_nip", table_name="pending_actions")
    for table in ("pending_actions", "penugasan_transitions", "penugasan_requests"):
        op.drop_table(table)
    op.drop_column("instansi_rules", "code")
