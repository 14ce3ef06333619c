"""read model of org-registry's organisation: Perangkat Daerah, units, pegawai, placements, kedudukan, roles,
delegations

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
    op.add_column("instansi_rules", sa.Column("organisation_imported_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "org_perangkat_daerah",
        sa.Column("pd_id", sa.String(36), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("pd_type", sa.String(40), nullable=False),
        sa.Column("parent_pd_id", sa.String(36), nullable=True),
        sa.Column("kedudukan_pattern", sa.String(64), nullable=True),
    )
    op.create_index("ix_org_perangkat_daerah_instansi_id", "org_perangkat_daerah", ["instansi_id"])
    op.create_table(
        "org_units",
        sa.Column("unit_id", sa.String(36), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False),
        sa.Column("pd_id", sa.String(36), nullable=False),
        sa.Column("parent_id", sa.String(36), nullable=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
    )
    op.create_index("ix_org_units_pd_id", "org_units", ["pd_id"])
    op.create_table(
        "org_pegawai",
        sa.Column("nip", sa.String(18), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("pendidikan", sa.String(20), nullable=True),
        sa.Column("pangkat_golongan", sa.String(20), nullable=True),
        sa.Column("talent_pool", sa.Boolean(), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("kinerja", sa.JSON(), nullable=False),
    )
    op.create_index("ix_org_pegawai_instansi_id", "org_pegawai", ["instansi_id"])
    op.create_table(
        "org_placements",
        sa.Column("nip", sa.String(18), primary_key=True),
        sa.Column("position_id", sa.String(36), primary_key=True),
        sa.Column("start_date", sa.Date(), primary_key=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("instansi_id", sa.String(36), nullable=False),
        sa.Column("position_title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("jenjang", sa.String(30), nullable=True),
        sa.Column("pd_id", sa.String(36), nullable=False),
        sa.Column("unit_id", sa.String(36), nullable=False),
        sa.Column("tugas_tambahan", sa.Boolean(), nullable=False),
        sa.Column("leads_unit", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_org_placements_pd_id", "org_placements", ["pd_id"])
    op.create_index("ix_org_placements_unit_id", "org_placements", ["unit_id"])
    op.create_table(
        "org_kedudukan",
        sa.Column("nip", sa.String(18), primary_key=True),
        sa.Column("start_date", sa.Date(), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False),
        sa.Column("penilai_nip", sa.String(18), nullable=False),
        sa.Column("decided_by", sa.String(40), nullable=False),
        sa.Column("basis_document", sa.String(300), nullable=True),
    )
    op.create_index("ix_org_kedudukan_penilai_nip", "org_kedudukan", ["penilai_nip"])
    op.create_table(
        "org_role_appointments",
        sa.Column("nip", sa.String(18), primary_key=True),
        sa.Column("role", sa.String(64), primary_key=True),
        sa.Column("unit_key", sa.String(36), primary_key=True),
        sa.Column("start_date", sa.Date(), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False),
        sa.Column("unit_id", sa.String(36), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("basis_document", sa.String(300), nullable=True),
    )
    op.create_index("ix_org_role_appointments_instansi_id", "org_role_appointments", ["instansi_id"])
    op.create_table(
        "org_delegations",
        sa.Column("from_nip", sa.String(18), primary_key=True),
        sa.Column("to_nip", sa.String(18), primary_key=True),
        sa.Column("scope", sa.String(40), primary_key=True),
        sa.Column("start_date", sa.Date(), primary_key=True),
        sa.Column("instansi_id", sa.String(36), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(300), nullable=False),
    )


def downgrade() -> None:
    for table in ("org_delegations", "org_role_appointments", "org_kedudukan", "org_placements", "org_pegawai",
                  "org_units", "org_perangkat_daerah"):
        op.drop_table(table)
    with op.batch_alter_table("instansi_rules") as batch:  # SQLite drops a column by copying the table
        batch.drop_column("organisation_imported_at")
