"""Gap-free letter sequence numbers, one counter per (instansi, kind of letter, year), kept in the database.

The counter row is created on first use and bumped with one atomic upsert::

    INSERT INTO letter_sequences (instansi_id, kind, year, last_number) VALUES (:i, :k, :y, 1)
    ON CONFLICT (instansi_id, kind, year) DO UPDATE SET last_number = letter_sequences.last_number + 1
    RETURNING last_number

* PostgreSQL (READ COMMITTED, the default): the upsert locks the counter row until the caller's transaction
  ends, so a concurrent allocation waits and then sees the committed value; two first uses racing on the insert
  are resolved by ON CONFLICT, never by an error. Under REPEATABLE READ or SERIALIZABLE a concurrent allocation
  fails with a serialization error and the caller must retry its transaction.
* SQLite: a write takes the database lock, so allocations are serialized; waiting is bounded by
  ``PRAGMA busy_timeout``. A transaction that has already *read* before it allocates can get ``database is
  locked`` on upgrading to a writer, as with any SQLite write after a read; allocate early in the transaction.

Because the number is bumped inside the caller's transaction, a rolled-back transaction gives its number back:
committed letters of one counter are numbered 1, 2, 3, ... without gaps. The price is that allocations of one
counter are serialized until each transaction ends, so allocate the number as the last step before commit.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import TableClause, column, table

from assignment.domain.letters import LetterKind

LETTER_SEQUENCE_TABLE = "letter_sequences"


def define_letter_sequence_table(metadata: MetaData) -> Table:
    """Declare the counter table on the service's own metadata, so that its migrations own it."""
    return Table(
        LETTER_SEQUENCE_TABLE,
        metadata,
        Column("instansi_id", String(36), primary_key=True),
        Column("kind", String(32), primary_key=True),  # a LetterKind value, e.g. "surat_permohonan"
        Column("year", Integer, primary_key=True),
        Column("last_number", Integer, nullable=False),  # the last number handed out; the next one is +1
    )


# The columns the upsert needs; any table made by define_letter_sequence_table matches it.
_LETTER_SEQUENCES = table(
    LETTER_SEQUENCE_TABLE, column("instansi_id"), column("kind"), column("year"), column("last_number")
)

_UPSERT_DIALECTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


async def allocate_number(
    session: AsyncSession,
    instansi_id: str,
    kind: LetterKind,
    year: int,
    *,
    sequences: Table | TableClause = _LETTER_SEQUENCES,
) -> int:
    """Hand out the next number (1, 2, ...) of ``kind`` for ``instansi_id`` in ``year``, in the caller's transaction.

    Pass ``sequences`` only when the table lives somewhere the plain name does not reach (another schema).
    """
    dialect = session.get_bind().dialect.name
    try:
        insert = _UPSERT_DIALECTS[dialect]
    except KeyError:
        raise NotImplementedError(f"letter numbers need PostgreSQL or SQLite, not {dialect}") from None
    statement = (
        insert(sequences)
        .values(instansi_id=instansi_id, kind=kind.value, year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=["instansi_id", "kind", "year"],
            set_={"last_number": sequences.c.last_number + 1},
        )
        .returning(sequences.c.last_number)
    )
    return (await session.execute(statement)).scalar_one()
