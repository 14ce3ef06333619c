"""Letter numbers come from a per-(instansi, kind, year) counter in the database: gap-free and never shared."""

import asyncio

import pytest
from assignment.adapters.letter_numbers import allocate_number, define_letter_sequence_table
from assignment.domain.letters import LetterKind
from sikerja_database import Database
from sqlalchemy import MetaData


@pytest.fixture
async def database(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'letters.db'}")
    metadata = MetaData()
    define_letter_sequence_table(metadata)
    async with database.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield database
    await database.dispose()


async def allocate(database: Database, instansi_id: str, kind: LetterKind, year: int) -> int:
    async with database.sessions() as session, session.begin():
        return await allocate_number(session, instansi_id, kind, year)


async def test_fifty_concurrent_allocations_are_numbered_one_to_fifty(database):
    numbers = await asyncio.gather(
        *(allocate(database, "instansi-a", LetterKind.SURAT_PERINTAH, 2024) for _ in range(50))
    )
    assert sorted(numbers) == list(range(1, 51))


async def test_each_instansi_kind_and_year_counts_on_its_own(database):
    assert await allocate(database, "instansi-a", LetterKind.NOTA_DINAS, 2024) == 1
    assert await allocate(database, "instansi-a", LetterKind.NOTA_DINAS, 2024) == 2
    assert await allocate(database, "instansi-a", LetterKind.SURAT_PERMOHONAN, 2024) == 1
    assert await allocate(database, "instansi-a", LetterKind.NOTA_DINAS, 2025) == 1
    assert await allocate(database, "instansi-b", LetterKind.NOTA_DINAS, 2024) == 1
    assert await allocate(database, "instansi-a", LetterKind.NOTA_DINAS, 2024) == 3


async def test_a_rolled_back_letter_gives_its_number_back(database):
    assert await allocate(database, "instansi-a", LetterKind.KEPUTUSAN, 2024) == 1
    async with database.sessions() as session:
        async with session.begin():
            assert await allocate_number(session, "instansi-a", LetterKind.KEPUTUSAN, 2024) == 2
            await session.rollback()
    assert await allocate(database, "instansi-a", LetterKind.KEPUTUSAN, 2024) == 2
