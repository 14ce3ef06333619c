"""Tables of the org-registry database. The domain classes stay free of SQLAlchemy (imperative mapping)."""

from __future__ import annotations

from sikerja_inbox import define_inbox_table
from sikerja_outbox import define_outbox_table
from sqlalchemy import JSON, Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table

metadata = MetaData()

instansi = Table(
    "instansi",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("regulation_profile", String(64), nullable=False),
    Column("version", Integer, nullable=False),
)

audit_entries = Table(
    "audit_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(100), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("actor_instansi", String(36), nullable=True),
    Column("decision_id", String(64), nullable=True),
    Column("decision", JSON, nullable=False),
    Column("correlation_id", String(128), nullable=True),
)

perangkat_daerah = Table(
    "perangkat_daerah",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("instansi_id", String(36), ForeignKey("instansi.id"), nullable=False, index=True),
    Column("code", String(64), nullable=False),
    Column("name", String(300), nullable=False),
    Column("pd_type", String(40), nullable=False),
    Column("kedudukan_pattern", String(64), nullable=True),
    Column("parent_pd_id", String(36), nullable=True),
)

units = Table(
    "units",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),
    Column("pd_id", String(36), ForeignKey("perangkat_daerah.id"), nullable=False),
    Column("parent_id", String(36), nullable=True),
    Column("code", String(64), nullable=False),
    Column("name", String(300), nullable=False),
)

positions = Table(
    "positions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),
    Column("unit_id", String(36), ForeignKey("units.id"), nullable=False),
    Column("code", String(64), nullable=False),
    Column("title", String(300), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("jenjang", String(20), nullable=True),
    Column("kelas_jabatan", Integer, nullable=True),
    Column("leads_unit", Boolean, nullable=False),
)

pegawai = Table(
    "pegawai",
    metadata,
    Column("nip", String(18), primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("status", String(4), nullable=False),
    Column("pendidikan", String(10), nullable=True),
    Column("pangkat_golongan", String(10), nullable=True),
    Column("talent_pool", Boolean, nullable=False),
    Column("competencies", JSON, nullable=False),
    Column("kinerja", JSON, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # the ETag of the pegawai record
)

placements = Table(
    "placements",
    metadata,
    Column("nip", String(18), ForeignKey("pegawai.nip"), primary_key=True),
    Column("position_id", String(36), ForeignKey("positions.id"), primary_key=True),
    Column("start_date", Date, primary_key=True),
    Column("end_date", Date, nullable=True),
    Column("tugas_tambahan", Boolean, nullable=False),
    Index("ix_placements_position", "position_id"),
)

kedudukan = Table(
    "kedudukan",
    metadata,
    Column("nip", String(18), ForeignKey("pegawai.nip"), primary_key=True),
    Column("start_date", Date, primary_key=True),
    Column("end_date", Date, nullable=True),
    Column("penilai_nip", String(18), ForeignKey("pegawai.nip"), nullable=False, index=True),
    Column("decided_by", String(40), nullable=False),
    Column("basis_document", String(300), nullable=True),
)

delegations = Table(
    "delegations",
    metadata,
    Column("from_nip", String(18), ForeignKey("pegawai.nip"), primary_key=True),
    Column("to_nip", String(18), ForeignKey("pegawai.nip"), primary_key=True),
    Column("scope", String(20), primary_key=True),
    Column("start_date", Date, primary_key=True),
    Column("end_date", Date, nullable=True),
    Column("reason", String(300), nullable=False),
)

role_assignments = Table(
    "role_assignments",
    metadata,
    Column("nip", String(18), ForeignKey("pegawai.nip"), primary_key=True),
    Column("role", String(40), primary_key=True),
    Column("unit_key", String(36), primary_key=True),  # the unit id, or "instansi" for an instansi-wide role
    Column("start_date", Date, primary_key=True),
    Column("end_date", Date, nullable=True),
    Column("basis_document", String(300), nullable=True),
)

outbox = define_outbox_table(metadata)
# org-registry consumes no events yet; the inbox is declared so that every service's database has the same plumbing.
inbox = define_inbox_table(metadata)
