"""Write-behind rows: written with the commit, in one statement on PostgreSQL, never dropped."""

import pytest
from sikerja_database import write_behind
from sqlalchemy import JSON, Column, ForeignKey, Integer, MetaData, String, Table, event, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration

metadata = MetaData()
parents = Table("wb_parents", metadata, Column("id", String(8), primary_key=True), Column("doc", JSON))
children = Table("wb_children", metadata, Column("seq", Integer, primary_key=True, autoincrement=True),
                 Column("parent_id", ForeignKey("wb_parents.id"), nullable=False), Column("n", Integer))


@pytest.fixture
async def database(database_with):
    return await database_with(metadata)


async def test_rows_are_written_at_commit_parents_first_in_the_order_added(database):
    async with database.sessions() as session, session.begin():
        rows = write_behind(session)
        rows.insert(parents, [{"id": "a", "doc": {"jenis": "nota_dinas"}}])
        rows.insert(children, [{"parent_id": "a", "n": 1}, {"parent_id": "a", "n": 2}])
        rows.insert(parents, [{"id": "b", "doc": ["tembusan"]}])
        rows.insert(children, [{"parent_id": "b", "n": 3}])
        # not written yet: queries of the same transaction do not see them
        assert await session.scalar(select(func.count()).select_from(parents)) == 0
    async with database.sessions() as session:
        written = (await session.execute(select(children.c.n, parents.c.id, parents.c.doc)
                                         .join(parents).order_by(children.c.seq))).all()
    assert [tuple(r) for r in written] == [(1, "a", {"jenis": "nota_dinas"}), (2, "a", {"jenis": "nota_dinas"}),
                                           (3, "b", ["tembusan"])]


async def test_on_postgresql_they_are_one_statement(database_with, postgresql_url):
    database = await database_with(metadata, postgresql_url)
    seen: list[str] = []
    event.listen(database.engine.sync_engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: seen.append(statement))
    for round_ in range(2):  # the second time from SQLAlchemy's cache of the compiled statement
        seen.clear()
        async with database.sessions() as session, session.begin():
            write_behind(session).insert(parents, [{"id": f"p{round_}", "doc": None}])
            write_behind(session).insert(children, [{"parent_id": f"p{round_}", "n": n} for n in range(3)])
        assert len(seen) == 1 and seen[0].startswith("WITH write_behind_0 AS"), seen
    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(children)) == 6


async def test_rolled_back_rows_are_never_written(database):
    with pytest.raises(RuntimeError):
        async with database.sessions() as session, session.begin():
            write_behind(session).insert(parents, [{"id": "gone", "doc": None}])
            raise RuntimeError("the unit of work fails")
    async with database.sessions() as session, session.begin():  # the next unit of work on that connection
        write_behind(session).insert(parents, [{"id": "kept", "doc": None}])
    async with database.sessions() as session:
        assert (await session.scalars(select(parents.c.id))).all() == ["kept"]


async def test_a_row_that_breaks_a_constraint_fails_the_commit_and_nothing_of_it_lands(database):
    async with database.sessions() as session, session.begin():
        write_behind(session).insert(parents, [{"id": "a", "doc": None}])
    with pytest.raises(IntegrityError):
        async with database.sessions() as session, session.begin():
            await session.execute(text("UPDATE wb_parents SET doc = '1' WHERE id = 'a'"))
            write_behind(session).insert(children, [{"parent_id": "a", "n": 1}])
            write_behind(session).insert(parents, [{"id": "a", "doc": None}])  # the same key again
    async with database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(children)) == 0
        assert await session.scalar(select(parents.c.doc)) is None


async def test_a_session_that_would_not_write_them_is_refused(database):
    plain = async_sessionmaker(database.engine, class_=AsyncSession)
    async with plain() as session:
        with pytest.raises(TypeError, match="sikerja_database.Database"):
            write_behind(session)


async def test_rows_of_one_table_must_name_the_same_columns(database):
    async with database.sessions() as session:
        rows = write_behind(session)
        rows.insert(parents, [{"id": "a", "doc": None}])
        with pytest.raises(ValueError, match="wb_parents"):
            rows.insert(parents, [{"id": "b"}])
