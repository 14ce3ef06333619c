from sqlalchemy import Column, DateTime, MetaData, String, Table

INBOX_TABLE = "inbox_events"


def _columns_v1() -> list[Column]:
    return [
        Column("event_id", String(64), primary_key=True),
        Column("consumer", String(100), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("applied_at", DateTime(timezone=True), nullable=False),
    ]


def define_inbox_table(metadata: MetaData) -> Table:
    """Declare the inbox table on a service's own metadata (so its migrations own it)."""
    return Table(INBOX_TABLE, metadata, *_columns_v1())


def create_inbox_table_v1() -> None:
    """Alembic operation creating version 1 of the inbox table; call it from a service's migration."""
    from alembic import op

    op.create_table(INBOX_TABLE, *_columns_v1())
