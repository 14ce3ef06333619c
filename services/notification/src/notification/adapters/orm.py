from __future__ import annotations

from sikerja_inbox import define_inbox_table
from sikerja_outbox import define_outbox_table
from sqlalchemy import Column, MetaData, String, Table

metadata = MetaData()

# Read model of org-registry's instansi: the names messages are sent under.
letterheads = Table(
    "letterheads",
    metadata,
    Column("instansi_id", String(36), primary_key=True),
    Column("code", String(32), nullable=False),
    Column("name", String(200), nullable=False),
)

inbox = define_inbox_table(metadata)
outbox = define_outbox_table(metadata)
