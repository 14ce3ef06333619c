"""outbox: partial index of the events not yet published, so the relay's claim stays cheap as the table grows

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from sikerja_outbox import create_outbox_pending_index, drop_outbox_pending_index

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_outbox_pending_index()


def downgrade() -> None:
    drop_outbox_pending_index()
