"""tim kerja: teams, members, transitions; kelas jabatan of placements

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
    op.add_column("org_placements", sa.Column("kelas_jabatan", sa.Integer(), nullable=True))
    op.create_table(
        "tim_kerja_teams",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False, index=True),
        sa.Column("profile", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("purpose", sa.String(24), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("owner_place", sa.JSON(), nullable=False),
        sa.Column("owner_pd_id", sa.String(36), nullable=False, index=True),
        sa.Column("owner_nip", sa.String(18), nullable=False),
        sa.Column("contents", sa.JSON(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("tahun_anggaran", sa.Integer(), nullable=True),
        sa.Column("law_requires_keputusan", sa.Boolean(), nullable=False),
        sa.Column("koordinator_nip", sa.String(18), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "tim_kerja_members",
        sa.Column("team_id", sa.String(36), primary_key=True),
        sa.Column("nip", sa.String(18), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False),
        sa.Column("place", sa.JSON(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("since_seq", sa.Integer(), nullable=False),
    )
    op.create_index("ix_tim_kerja_members_nip", "tim_kerja_members", ["nip"])
    op.create_table(
        "tim_kerja_transitions",
        sa.Column("team_id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
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


def downgrade() -> None:
    op.drop_table("tim_kerja_transitions")
    op.drop_index("ix_tim_kerja_members_nip", table_name="tim_kerja_members")
    op.drop_table("tim_kerja_members")
    op.drop_table("tim_kerja_teams")
    with op.batch_alter_table("org_placements") as batch:
        batch.drop_column("kelas_jabatan")
