"""perangkat daerah, units, positions, pegawai, placements and kedudukan

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "perangkat_daerah",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("instansi_id", sa.String(36), sa.ForeignKey("instansi.id"), nullable=False, index=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("pd_type", sa.String(40), nullable=False),
        sa.Column("kedudukan_pattern", sa.String(64), nullable=True),
        sa.Column("parent_pd_id", sa.String(36), nullable=True),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False, index=True),
        sa.Column("pd_id", sa.String(36), sa.ForeignKey("perangkat_daerah.id"), nullable=False),
        sa.Column("parent_id", sa.String(36), nullable=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
    )
    op.create_table(
        "positions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False, index=True),
        sa.Column("unit_id", sa.String(36), sa.ForeignKey("units.id"), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("jenjang", sa.String(20), nullable=True),
        sa.Column("kelas_jabatan", sa.Integer(), nullable=True),
        sa.Column("leads_unit", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "pegawai",
        sa.Column("nip", sa.String(18), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(4), nullable=False),
        sa.Column("pendidikan", sa.String(10), nullable=True),
        sa.Column("pangkat_golongan", sa.String(10), nullable=True),
        sa.Column("talent_pool", sa.Boolean(), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("kinerja", sa.JSON(), nullable=False),
    )
    op.create_table(
        "placements",
        sa.Column("nip", sa.String(18), sa.ForeignKey("pegawai.nip"), primary_key=True),
        sa.Column("position_id", sa.String(36), sa.ForeignKey("positions.id"), primary_key=True),
        sa.Column("start_date", sa.Date(), primary_key=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("tugas_tambahan", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_placements_position", "placements", ["position_id"])
    op.create_table(
        "kedudukan",
        sa.Column("nip", sa.String(18), sa.ForeignKey("pegawai.nip"), primary_key=True),
        sa.Column("start_date", sa.Date(), primary_key=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("penilai_nip", sa.String(18), sa.ForeignKey("pegawai.nip"), nullable=False, index=True),
        sa.Column("decided_by", sa.String(40), nullable=False),
        sa.Column("basis_document", sa.String(300), nullable=True),
    )


def downgrade() -> None:
    for table in ("kedudukan", "placements", "pegawai", "positions", "units", "perangkat_daerah"):
        op.drop_table(table)
