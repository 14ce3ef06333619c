"""Tables of the org-registry database. The domain classes stay free of SQLAlchemy (imperative mapping)."""

from __future__ import annotations

from sikerja_inbox import define_inbox_table
from sikerja_outbox import define_outbox_table
from sqlalchemy import JSON, Column, DateTime, Integer, MetaData, String, Table

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

outbox = define_outbox_table(metadata)
# org-registry consumes no events yet; the inbox is declared so that every service's database has the same plumbing.
inbox = define_inbox_table(metadata)
