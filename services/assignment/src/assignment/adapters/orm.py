from __future__ import annotations

from sikerja_inbox import define_inbox_table
from sikerja_outbox import define_outbox_table
from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Integer, MetaData, String, Table

metadata = MetaData()

# Read model of org-registry's instansi: the profile decides which penugasan rules apply.
instansi_rules = Table(
    "instansi_rules",
    metadata,
    Column("instansi_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("regulation_profile", String(64), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    # when org-registry last committed an organisation import (facts on other topics may still be on their way)
    Column("organisation_imported_at", DateTime(timezone=True), nullable=True),
)

# Read model of org-registry's organisation (topics sikerja.org.structure and sikerja.org.pegawai), from which
# assignment builds the facts of its policy inputs. No foreign keys: the topics are not ordered against each other,
# so a placement may arrive before its unit. Column sizes are generous: the producer owns the contract.
org_perangkat_daerah = Table(
    "org_perangkat_daerah",
    metadata,
    Column("pd_id", String(36), primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),
    Column("code", String(64), nullable=False),
    Column("name", String(300), nullable=False),
    Column("pd_type", String(40), nullable=False),
    Column("parent_pd_id", String(36), nullable=True),
    Column("kedudukan_pattern", String(64), nullable=True),
)

org_units = Table(
    "org_units",
    metadata,
    Column("unit_id", String(36), primary_key=True),
    Column("instansi_id", String(36), nullable=False),
    Column("pd_id", String(36), nullable=False, index=True),
    Column("parent_id", String(36), nullable=True),
    Column("code", String(64), nullable=False),
    Column("name", String(300), nullable=False),
    Column("level", Integer, nullable=False),
)

org_pegawai = Table(
    "org_pegawai",
    metadata,
    Column("nip", String(18), primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),  # org-registry's version of the record; an older one is not applied
    Column("name", String(200), nullable=False),
    Column("status", String(8), nullable=False),
    Column("pendidikan", String(20), nullable=True),
    Column("pangkat_golongan", String(20), nullable=True),
    Column("talent_pool", Boolean, nullable=False),
    Column("competencies", JSON, nullable=False),
    Column("kinerja", JSON, nullable=False),
)

org_placements = Table(
    "org_placements",
    metadata,
    Column("nip", String(18), primary_key=True),
    Column("position_id", String(36), primary_key=True),
    Column("start_date", Date, primary_key=True),
    Column("end_date", Date, nullable=True),
    Column("instansi_id", String(36), nullable=False),
    Column("position_title", String(300), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("jenjang", String(30), nullable=True),
    Column("pd_id", String(36), nullable=False, index=True),
    Column("unit_id", String(36), nullable=False, index=True),
    Column("tugas_tambahan", Boolean, nullable=False),
    Column("leads_unit", Boolean, nullable=False),
)

# Declared kedudukan: from start_date the pegawai's atasan langsung and Pejabat Penilai Kinerja is penilai_nip; a
# later kedudukan of the same pegawai replaces it (org-registry ends the earlier one the day before).
org_kedudukan = Table(
    "org_kedudukan",
    metadata,
    Column("nip", String(18), primary_key=True),
    Column("start_date", Date, primary_key=True),
    Column("instansi_id", String(36), nullable=False),
    Column("penilai_nip", String(18), nullable=False, index=True),
    Column("decided_by", String(40), nullable=False),
    Column("basis_document", String(300), nullable=True),
)

org_role_appointments = Table(
    "org_role_appointments",
    metadata,
    Column("nip", String(18), primary_key=True),
    Column("role", String(64), primary_key=True),
    Column("unit_key", String(36), primary_key=True),  # the unit id, or "instansi" for an instansi-wide role
    Column("start_date", Date, primary_key=True),
    Column("instansi_id", String(36), nullable=False, index=True),
    Column("unit_id", String(36), nullable=True),
    Column("end_date", Date, nullable=True),
    Column("basis_document", String(300), nullable=True),
)

org_delegations = Table(
    "org_delegations",
    metadata,
    Column("from_nip", String(18), primary_key=True),
    Column("to_nip", String(18), primary_key=True),
    Column("scope", String(40), primary_key=True),
    Column("start_date", Date, primary_key=True),
    Column("instansi_id", String(36), nullable=False),
    Column("end_date", Date, nullable=True),
    Column("reason", String(300), nullable=False),
)

inbox = define_inbox_table(metadata)
outbox = define_outbox_table(metadata)
