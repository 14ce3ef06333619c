from __future__ import annotations

from sikerja_inbox import define_inbox_table
from sikerja_outbox import define_outbox_table
from sqlalchemy import Column, DateTime, MetaData, String, Table

metadata = MetaData()

# Read model of org-registry's instansi, as far as SKP needs it.
assessed_organisations = Table(
    "assessed_organisations",
    metadata,
    Column("instansi_id", String(36), primary_key=True),
    Column("regulation_profile", String(64), nullable=False),
    Column("known_since", DateTime(timezone=True), nullable=False),
)

inbox = define_inbox_table(metadata)
outbox = define_outbox_table(metadata)
