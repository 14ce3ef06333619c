"""assignment's read model of org-registry's events and the questions the policies ask of it, on SQLite.

Events go through the real consumer (inbox, handlers, dead-lettering) in-process; the database is migrated with
the service's own Alembic migrations.
"""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from assignment.adapters import orm
from assignment.adapters.org_directory import OrgDirectory
from assignment.adapters.org_events import HANDLERS
from assignment.bootstrap import MIGRATIONS
from assignment.domain.org_facts import Place
from sikerja_database import Database, upgrade_to_head
from sikerja_events import CloudEvent, encode_event
from sikerja_inbox import EventConsumer, Outcome

KAB = "6f0d0c36-0000-4000-8000-000000000001"
DINKES, PKM_PD, SETDA_PD = "pd-dinkes", "pd-pkm-pandian", "pd-setda"
DINKES_UNIT, YANKES, RUJUKAN, PKM, SETDA = "u-dinkes", "u-yankes", "u-rujukan", "u-pkm", "u-setda"
KADIS, KABID, KASI, ADMINKES, PENGADM, KAPKM, DOKTER, SEKDA = (
    f"1985{n:02d}012010011{n:03d}" for n in range(1, 9))
START = "2024-04-01"


def event(type_name: str, topic_key: str, data: dict) -> CloudEvent:
    return CloudEvent(source="/sikerja/org-registry", type=f"id.sikerja.org.{type_name}.v1",
                      subject=topic_key, instansi=KAB, data=data)


def pd_defined(pd_id, code, name, pd_type, parent=None) -> CloudEvent:
    return event("perangkat_daerah_defined", f"perangkat-daerah/{pd_id}", {
        "pd_id": pd_id, "instansi_id": KAB, "code": code, "name": name, "pd_type": pd_type, "parent_pd_id": parent,
        "kedudukan_pattern": None})


def unit_defined(unit_id, pd_id, name, parent=None, level=1) -> CloudEvent:
    return event("unit_defined", f"unit/{unit_id}", {
        "unit_id": unit_id, "instansi_id": KAB, "pd_id": pd_id, "parent_id": parent, "code": unit_id.upper(),
        "name": name, "level": level})


def pegawai_updated(nip, name, *, version=1, status="PNS", **record) -> CloudEvent:
    return event("pegawai_updated", f"pegawai/{nip}", {
        "nip": nip, "instansi_id": KAB, "version": version, "name": name, "status": status,
        "pendidikan": record.get("pendidikan", "S1"), "pangkat_golongan": record.get("pangkat_golongan"),
        "talent_pool": record.get("talent_pool", False), "competencies": record.get("competencies", []),
        "kinerja": record.get("kinerja", {})})


def placed(nip, position, title, kind, unit_id, pd_id, *, jenjang=None, leads=False, tugas_tambahan=False,
           start=START) -> CloudEvent:
    return event("pegawai_placed", f"pegawai/{nip}", {
        "nip": nip, "instansi_id": KAB, "position_id": position, "position_title": title, "kind": kind,
        "jenjang": jenjang, "unit_id": unit_id, "pd_id": pd_id, "start": start, "tugas_tambahan": tugas_tambahan,
        "leads_unit": leads})


def kedudukan(nip, penilai, start=START) -> CloudEvent:
    return event("kedudukan_set", f"pegawai/{nip}", {
        "nip": nip, "instansi_id": KAB, "penilai_nip": penilai, "start": start, "decided_by": "bupati",
        "basis_document": None})


def role(nip, name, unit_id=None, start=START, end=None) -> CloudEvent:
    return event("role_assigned", f"pegawai/{nip}", {
        "nip": nip, "instansi_id": KAB, "role": name, "unit_id": unit_id, "start": start, "end": end,
        "basis_document": "Keputusan Bupati Sumenep (sintetis)"})


def delegation(from_nip, to_nip, scope, start=START, end=None) -> CloudEvent:
    return event("delegation_granted", f"pegawai/{from_nip}", {
        "from_nip": from_nip, "to_nip": to_nip, "instansi_id": KAB, "scope": scope, "start": start, "end": end,
        "reason": "manajemen rentang kendali"})


def placement_ended(nip, position, end) -> CloudEvent:
    return event("placement_ended", f"pegawai/{nip}", {"nip": nip, "instansi_id": KAB, "position_id": position,
                                                       "end": end})


def sumenep_dinas_kesehatan() -> list[tuple[str, CloudEvent]]:
    """A Dinas (Bidang, Seksi), a Puskesmas under it and the Sekretariat Daerah, as org-registry would send them."""
    structure = [
        pd_defined(DINKES, "DINKES", "Dinas Kesehatan, Perlindungan Penduduk dan Keluarga Berencana", "dinas"),
        pd_defined(PKM_PD, "PKM-PANDIAN", "UPTD Puskesmas Pandian", "puskesmas", parent=DINKES),
        pd_defined(SETDA_PD, "SETDA", "Sekretariat Daerah", "sekretariat_daerah"),
        unit_defined(DINKES_UNIT, DINKES, "Dinas Kesehatan"),
        unit_defined(YANKES, DINKES, "Bidang Pelayanan Kesehatan", DINKES_UNIT, 2),
        unit_defined(RUJUKAN, DINKES, "Seksi Pelayanan Kesehatan Rujukan", YANKES, 3),
        unit_defined(PKM, PKM_PD, "Puskesmas Pandian"),
        unit_defined(SETDA, SETDA_PD, "Sekretariat Daerah"),
    ]
    people = [
        (KADIS, "Rina Saputri", ("KADIS", "Kepala Dinas", "jpt_pratama", DINKES_UNIT, DINKES), {"leads": True}),
        (KABID, "Bagus Wicaksono", ("KABID", "Kepala Bidang Pelayanan Kesehatan", "administrator", YANKES, DINKES),
         {"leads": True}),
        (KASI, "Dewi Anggraini", ("KASI", "Kepala Seksi Pelayanan Kesehatan Rujukan", "pengawas", RUJUKAN, DINKES),
         {"leads": True}),
        (ADMINKES, "Fajar Nugroho", ("ADMINKES", "Administrator Kesehatan Ahli Pertama", "fungsional", RUJUKAN,
                                     DINKES), {"jenjang": "ahli_pertama"}),
        (PENGADM, "Sri Wahyuni", ("PENGADM", "Pengadministrasi Perkantoran", "pelaksana", RUJUKAN, DINKES), {}),
        (KAPKM, "Hendra Kurniawan", ("KAPKM", "Kepala Puskesmas Pandian", "fungsional", PKM, PKM_PD),
         {"jenjang": "ahli_muda", "leads": True}),
        (DOKTER, "Maya Lestari", ("DOKTER", "Dokter Ahli Pertama", "fungsional", PKM, PKM_PD),
         {"jenjang": "ahli_pertama"}),
        (SEKDA, "Wahyu Pratama", ("SEKDA", "Sekretaris Daerah", "jpt_pratama", SETDA, SETDA_PD), {"leads": True}),
    ]
    pegawai = []
    for nip, name, position, options in people:
        pegawai += [pegawai_updated(nip, name), placed(nip, *position, **options)]
    pegawai += [kedudukan(ADMINKES, KABID), kedudukan(PENGADM, KABID), kedudukan(DOKTER, KAPKM)]
    return [("sikerja.org.structure", e) for e in structure] + [("sikerja.org.pegawai", e) for e in pegawai]


@pytest.fixture
async def read_model(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'assignment.db'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, url)
    database = Database(url)
    dead_letters: list[tuple[str, dict]] = []

    async def dead_letter(topic, _key, _payload, headers):
        dead_letters.append((topic, headers))

    consumer = EventConsumer("assignment.org-events", database.sessions, orm.inbox, HANDLERS, dead_letter,
                             retry_delay=0)
    consumer.dead_letters = dead_letters
    yield database, consumer
    await database.dispose()


async def apply(consumer: EventConsumer, events: list[tuple[str, CloudEvent]]) -> list[Outcome]:
    return [await consumer.consume(encode_event(e), topic=topic) for topic, e in events]


async def imported(read_model) -> Database:
    database, consumer = read_model
    assert set(await apply(consumer, sumenep_dinas_kesehatan())) == {Outcome.APPLIED}
    return database


async def test_the_migrated_schema_is_the_declared_one(read_model):
    database, _ = read_model
    async with database.engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True}), orm.metadata))
    assert differences == []


async def test_place_of_a_pegawai_is_its_working_unit_with_jabatan_and_record(read_model):
    database = await imported(read_model)
    async with database.sessions() as session:
        directory = OrgDirectory(session)
        jf = await directory.place_of(ADMINKES)
        assert jf.place == Place(KAB, DINKES, RUJUKAN)
        assert (jf.jabatan.kind, jf.jabatan.jenjang, jf.jabatan.title) == (
            "fungsional", "ahli_pertama", "Administrator Kesehatan Ahli Pertama")
        assert (jf.name, jf.status, jf.pendidikan, jf.talent_pool) == ("Fajar Nugroho", "PNS", "S1", False)
        assert (await directory.place_of(KASI)).place.unit == YANKES  # a Kepala Seksi works in the Bidang
        assert (await directory.place_of(KABID)).place.unit == DINKES_UNIT
        assert (await directory.place_of(KADIS)).place.unit == DINKES_UNIT  # the top unit has none above
        assert (await directory.place_of(KAPKM)).place == Place(KAB, PKM_PD, PKM)
        assert await directory.place_of("199001012015011999") is None
        assert await directory.place_of(ADMINKES, on=date(2024, 3, 31)) is None  # not yet placed


async def test_puo_head_of_pd_and_pejabat_yang_berwenang_by_reading(read_model):
    database = await imported(read_model)
    async with database.sessions() as session:
        directory = OrgDirectory(session)
        assert await directory.puo_of(RUJUKAN) == KASI
        assert await directory.puo_of(YANKES) == KABID
        assert await directory.puo_of(PKM) == KAPKM
        assert await directory.kepala_perangkat_daerah_of(DINKES) == KADIS
        assert await directory.kepala_perangkat_daerah_of(PKM_PD) == KAPKM
        assert await directory.kepala_perangkat_daerah_of("pd-unknown") is None
        assert await directory.pejabat_yang_berwenang_of(KAB) == SEKDA  # no appointment: the Sekretaris Daerah
        assert await directory.officials_of_place((await directory.place_of(ADMINKES)).place) == {
            "puo": KASI, "kepala_perangkat_daerah": KADIS, "pejabat_yang_berwenang": SEKDA}
        assert await directory.officials_of_place({"instansi": KAB, "perangkat_daerah": PKM_PD, "unit": PKM}) == {
            "puo": KAPKM, "kepala_perangkat_daerah": KAPKM, "pejabat_yang_berwenang": SEKDA}


async def test_a_vacant_unit_is_led_by_the_nearest_leader_above(read_model):
    database = await imported(read_model)
    _, consumer = read_model
    assert await apply(consumer, [("sikerja.org.pegawai", placement_ended(KASI, "KASI", "2025-06-30"))]) == [
        Outcome.APPLIED]
    async with database.sessions() as session:
        directory = OrgDirectory(session)
        assert await directory.puo_of(RUJUKAN, on=date(2025, 6, 30)) == KASI
        assert await directory.puo_of(RUJUKAN, on=date(2025, 7, 1)) == KABID
        assert await directory.place_of(KASI, on=date(2025, 7, 1)) is None


async def test_a_recorded_pejabat_yang_berwenang_goes_before_the_reading_while_in_force(read_model):
    database = await imported(read_model)
    _, consumer = read_model
    await apply(consumer, [("sikerja.org.pegawai", role(KADIS, "pejabat_yang_berwenang", end="2030-12-31"))])
    async with database.sessions() as session:
        directory = OrgDirectory(session)
        assert await directory.pejabat_yang_berwenang_of(KAB) == KADIS
        assert await directory.pejabat_yang_berwenang_of(KAB, on=date(2031, 1, 1)) == SEKDA
        assert {"as": "pejabat_yang_berwenang", "of": KAB} in await directory.officiates(KADIS)
        assert {"as": "pejabat_yang_berwenang", "of": KAB} not in await directory.officiates(SEKDA)


async def test_penilai_follows_the_kedudukan_in_force_and_delegations_are_dated(read_model):
    database = await imported(read_model)
    _, consumer = read_model
    await apply(consumer, [("sikerja.org.pegawai", kedudukan(ADMINKES, KASI, start="2025-01-02")),
                           ("sikerja.org.pegawai", delegation(KABID, KASI, "penilaian", end="2024-12-31"))])
    async with database.sessions() as session:
        directory = OrgDirectory(session)
        assert await directory.penilai_of(ADMINKES, on=date(2024, 12, 31)) == KABID
        assert await directory.penilai_of(ADMINKES, on=date(2025, 1, 2)) == KASI
        assert await directory.penilai_of(ADMINKES, on=date(2024, 3, 31)) is None
        assert await directory.penilai_of(KADIS) is None
        granted = await directory.delegation_in_force(KABID, "penilaian", on=date(2024, 6, 1))
        assert (granted.to_nip, granted.scope, granted.end) == (KASI, "penilaian", date(2024, 12, 31))
        assert await directory.delegation_in_force(KABID, "penilaian", on=date(2025, 1, 1)) is None
        assert await directory.delegation_in_force(KABID, "penugasan", on=date(2024, 6, 1)) is None


async def test_officiates_names_offices_by_structure_kedudukan_and_appointment(read_model):
    database = await imported(read_model)
    _, consumer = read_model
    await apply(consumer, [("sikerja.org.pegawai", role(KASI, "ketua_tim_pengawas", unit_id=RUJUKAN))])
    async with database.sessions() as session:
        directory = OrgDirectory(session)
        assert await directory.officiates(KABID) == [
            {"as": "pemilik_kinerja", "of": YANKES}, {"as": "penilai_kinerja", "of": RUJUKAN},
            {"as": "puo", "of": YANKES}]
        assert await directory.officiates(KAPKM) == [
            {"as": "kepala_perangkat_daerah", "of": PKM_PD}, {"as": "pemilik_kinerja", "of": PKM},
            {"as": "penilai_kinerja", "of": PKM}, {"as": "puo", "of": PKM}]
        assert await directory.officiates(SEKDA) == [
            {"as": "kepala_perangkat_daerah", "of": SETDA_PD}, {"as": "pejabat_yang_berwenang", "of": KAB},
            {"as": "pemilik_kinerja", "of": SETDA}, {"as": "puo", "of": SETDA}, {"as": "sekretaris_daerah", "of": KAB}]
        assert {"as": "ketua_tim_pengawas", "of": RUJUKAN} in await directory.officiates(KASI)
        assert await directory.officiates(ADMINKES) == []


async def test_policy_actor_is_the_input_skeleton(read_model):
    database = await imported(read_model)
    async with database.sessions() as session:
        directory = OrgDirectory(session)
        assert await directory.policy_actor(KABID, ["pegawai"]) == {
            "id": KABID, "instansi": KAB, "roles": ["pegawai"],
            "place": {"instansi": KAB, "perangkat_daerah": DINKES, "unit": DINKES_UNIT},
            "jabatan": {"kind": "administrator", "jenjang": None}, "status": "PNS",
            "officiates": [{"as": "pemilik_kinerja", "of": YANKES}, {"as": "penilai_kinerja", "of": RUJUKAN},
                           {"as": "puo", "of": YANKES}]}
        stranger = await directory.policy_actor("199001012015011999", ["pegawai"], instansi="kab-lain")
        assert stranger == {"id": "199001012015011999", "instansi": "kab-lain", "roles": ["pegawai"],
                            "officiates": []}


async def test_facts_sent_again_are_upserted_and_an_event_is_applied_once(read_model):
    database = await imported(read_model)
    _, consumer = read_model
    renamed = unit_defined(RUJUKAN, DINKES, "Seksi Rujukan dan Pelayanan Khusus", YANKES, 3)
    corrected = pegawai_updated(ADMINKES, "Fajar Nugroho", version=2, pendidikan="S2", talent_pool=True,
                                competencies=["manajemen rujukan"], kinerja={"2025": "Baik"})
    stale = pegawai_updated(ADMINKES, "Fajar N.", version=1)
    outcomes = await apply(consumer, [("sikerja.org.structure", renamed), ("sikerja.org.structure", renamed),
                                      ("sikerja.org.pegawai", corrected), ("sikerja.org.pegawai", stale)])
    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE, Outcome.APPLIED, Outcome.APPLIED]
    async with database.sessions() as session:
        name = await session.scalar(orm.org_units.select().with_only_columns(orm.org_units.c.name)
                                    .where(orm.org_units.c.unit_id == RUJUKAN))
        facts = await OrgDirectory(session).place_of(ADMINKES)
    assert name == "Seksi Rujukan dan Pelayanan Khusus"
    assert (facts.name, facts.pendidikan, facts.talent_pool, facts.competencies, dict(facts.kinerja)) == (
        "Fajar Nugroho", "S2", True, ("manajemen rujukan",), {"2025": "Baik"})  # the older version is not applied


async def test_a_placement_before_its_unit_is_placed_once_the_unit_arrives(read_model):
    database, consumer = read_model
    events = sumenep_dinas_kesehatan()
    pegawai = [e for e in events if e[0] == "sikerja.org.pegawai"]
    await apply(consumer, pegawai)  # the pegawai topic ran ahead of the structure topic
    async with database.sessions() as session:
        assert (await OrgDirectory(session).place_of(KASI)).place.unit == RUJUKAN  # its parent is not known yet
    await apply(consumer, [e for e in events if e[0] == "sikerja.org.structure"])
    async with database.sessions() as session:
        assert (await OrgDirectory(session).place_of(KASI)).place.unit == YANKES


async def test_organisation_imported_marks_the_instansi_and_a_lost_placement_is_dead_lettered(read_model):
    database = await imported(read_model)
    _, consumer = read_model
    registered = CloudEvent(source="/sikerja/org-registry", type="id.sikerja.org.instansi_registered.v1",
                            instansi=KAB, data={"instansi_id": KAB, "code": "KAB-SUMENEP", "kind": "kabupaten",
                                                "name": "Pemerintah Kabupaten Sumenep",
                                                "regulation_profile": "perbup-sumenep-9-2024"})
    summary = event("organisation_imported", f"instansi/{KAB}", {"instansi_id": KAB, "created": {}, "updated": {}})
    never_placed = placement_ended(ADMINKES, "NO-SUCH-POSITION", "2025-01-01")
    outcomes = await apply(consumer, [("sikerja.org.instansi", registered), ("sikerja.org.instansi", summary),
                                      ("sikerja.org.pegawai", never_placed)])
    assert outcomes == [Outcome.APPLIED, Outcome.APPLIED, Outcome.DEAD_LETTERED]
    assert consumer.dead_letters[0][0] == "sikerja.org.pegawai.dlq"
    assert "no open placement" in consumer.dead_letters[0][1]["dlq-error"]
    async with database.sessions() as session:
        imported_at = await session.scalar(orm.instansi_rules.select().with_only_columns(
            orm.instansi_rules.c.organisation_imported_at))
    assert imported_at is not None

