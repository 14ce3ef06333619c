from __future__ import annotations

from sikerja_inbox import define_inbox_table
from sikerja_outbox import define_outbox_table
from sqlalchemy import Column, DateTime, MetaData, String, Table

metadata = MetaData()

# Read model of org-registry's instansi: the profile decides which penugasan rules apply.
instansi_rules = Table(
    "instansi_rules",
    metadata,
    Column("instansi_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("regulation_profile", String(64), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)

inbox = define_inbox_table(metadata)
outbox = define_outbox_table(metadata)
