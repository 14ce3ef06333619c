"""Rows a unit of work inserts, written together when it commits.

Every statement a unit of work sends is a round trip, and on the service side each costs about as much CPU as the
work it carries (measured on the assignment service: ~0.4 ms per statement, most of a transition's budget). A
transition ends with several plain inserts that nothing in the same transaction reads back: its history row, its
letter, who acts next, its outbox event, the stored answer to its Idempotency-Key. Added to the session's
``write_behind`` they are written just before the commit: on PostgreSQL by one statement (each table's insert a
data-modifying CTE of it, so foreign keys are checked when the whole statement ends), elsewhere one insert per
table in the order the tables were first added. Either way they commit or roll back with everything else.

Rows added here are not visible to queries of the same transaction: add only rows nothing reads back before the
commit. A session that cannot write them (not made by :class:`sikerja_database.Database`) is refused, so no row
is ever dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, bindparam, event, insert, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

_KEY = "sikerja_write_behind"


class WriteBehind:
    """The rows to insert per table, tables in the order they were first added (parents before children)."""

    def __init__(self) -> None:
        self._rows: dict[Table, list[dict[str, Any]]] = {}

    def insert(self, table: Table, rows: Iterable[dict[str, Any]]) -> None:
        """Add rows to insert into ``table``; every row of a table names the same columns."""
        pending = self._rows.setdefault(table, [])
        for row in rows:
            if pending and row.keys() != pending[0].keys():
                raise ValueError(f"write_behind: a row of {table.name} names other columns than the first one")
            pending.append(row)

    def write(self, session: Session) -> None:
        """Insert every row (called in the session's own transaction, just before it commits)."""
        parts = [(table, rows) for table, rows in self._rows.items() if rows]
        self._rows = {}
        if not parts:
            return
        if session.get_bind().dialect.name != "postgresql":
            for table, rows in parts:
                session.execute(insert(table), rows)
            return
        shape = tuple((table, tuple(rows[0]), len(rows)) for table, rows in parts)
        params = {f"w{i}_{r}_{column}": value
                  for i, (_, rows) in enumerate(parts) for r, row in enumerate(rows) for column, value in row.items()}
        session.execute(_statement(shape), params)


_STATEMENTS: dict[tuple, Any] = {}


def _statement(shape: tuple) -> Any:
    """One INSERT per table, all but the last as data-modifying CTEs of the last, their values bound by name.
    Kept per shape (tables, columns, row counts): SQLAlchemy caches the compiled form of a statement built from
    bound parameters, where a multi-row VALUES would be compiled anew on every call."""
    if (statement := _STATEMENTS.get(shape)) is not None:
        return statement
    inserts = [_insert(i, table, columns, count) for i, (table, columns, count) in enumerate(shape)]
    *earlier, statement = inserts
    for n, part in enumerate(earlier):
        statement = statement.add_cte(part.cte(f"write_behind_{n}"))
    if len(_STATEMENTS) > 512:
        _STATEMENTS.clear()
    _STATEMENTS[shape] = statement
    return statement


def _insert(i: int, table: Table, columns: tuple[str, ...], count: int) -> Any:
    def bound(r: int, column: str) -> Any:
        return bindparam(f"w{i}_{r}_{column}", type_=table.c[column].type)
    if count == 1:
        return insert(table).values({column: bound(0, column) for column in columns})
    rows = [select(*(bound(r, column).label(column) for column in columns)) for r in range(count)]
    return insert(table).from_select(list(columns), union_all(*rows))


class WritingSession(Session):
    """The sessions :class:`sikerja_database.Database` makes: they write their ``write_behind`` at commit."""


@event.listens_for(WritingSession, "before_commit")
def _write_before_commit(session: Session) -> None:
    pending = session.info.pop(_KEY, None)
    if pending is not None:
        pending.write(session)


@event.listens_for(WritingSession, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)


def write_behind(session: AsyncSession) -> WriteBehind:
    """The rows this session's transaction will insert when it commits."""
    sync = session.sync_session
    if not isinstance(sync, WritingSession):
        raise TypeError("write_behind needs a session made by sikerja_database.Database, which writes it at commit")
    return sync.info.setdefault(_KEY, WriteBehind())
