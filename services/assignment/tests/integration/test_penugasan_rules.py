"""The worked examples of workflows.md §9 on penugasan, and what the API promises around them: idempotent retries,
exactly one winner of two concurrent actors, expiry, each side of a lintas-instansi exchange seeing only its part,
"my pending actions", and every transition's event on Kafka. Real OPA, Kafka and database."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import timedelta

import httpx
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer
from assignment.adapters import orm
from assignment.service_layer import penugasan as penugasan_service
from assignment.bootstrap import build_app
from assignment.config import Settings
from sqlalchemy import func, select

from .org_world import government, seed

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="module")]

SUMENEP, BANDUNG = "perbup-sumenep-9-2024", "perwal-bandung-6-2023"
CONTENTS = {"maksud_tujuan": "Penyusunan kajian kebijakan pelayanan rujukan", "kompetensi": "analisis kebijakan",
            "target_kinerja": "Satu dokumen kajian diterima Kepala Dinas", "durasi": "3 bulan",
            "pengaturan_lainnya": "Rapat koordinasi setiap Senin"}
PERIOD = {"period_start": "2026-02-02", "period_end": "2026-05-01"}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def service(database_url_factory, kafka_bootstrap, opa_url, token_issuer_url):
    app = build_app(Settings(database_url=database_url_factory(), kafka_bootstrap_servers=kafka_bootstrap,
                             opa_url=opa_url, outbox_poll_seconds=0.2,
                             token_issuers={token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"}))
    worlds = {SUMENEP: (government("KAB-SMP", "Pemerintah Kabupaten Contoh Sumenep", SUMENEP),
                        government("KOTA-SMP", "Pemerintah Kota Mitra Sumenep", SUMENEP)),
              BANDUNG: (government("KOTA-BDG", "Pemerintah Kota Contoh Bandung", BANDUNG),
                        government("KAB-BDG", "Pemerintah Kabupaten Mitra Bandung", BANDUNG))}
    async with app.router.lifespan_context(app):
        await seed(app.state.runtime.database.sessions, *(g for pair in worlds.values() for g in pair))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://assignment") as client:
            yield app, client, worlds


@pytest.fixture
def api(service, mint_token):
    app, client, worlds = service

    def as_(nip: str, instansi, key: str | None = None) -> dict:
        return {"Authorization": f"Bearer {mint_token(nip, instansi=instansi.id, roles=['pegawai'])}",
                "Idempotency-Key": key or str(uuid.uuid4())}
    return app, client, worlds, as_


async def _open(client, as_, g, who, **body):
    response = await client.post("/v1/penugasan", headers=as_(g.people[who], g),
                                 json={"contents": CONTENTS, **PERIOD, **body})
    return response


async def _step(client, as_, g, who, request_id, **body):
    return await client.post(f"/v1/penugasan/{request_id}/steps", headers=as_(g.people[who], g), json=body)


async def _letter(client, as_, g, who, letter_id) -> str:
    response = await client.get(f"/v1/letters/{letter_id}.html", headers=as_(g.people[who], g))
    assert response.status_code == 200, response.text
    return response.text


def _sources(response) -> list[str]:
    return [e.get("source") or "" for e in response.json()["errors"]]


# --- Example 1: Sumenep, penunjukan lintas unit organisasi inside one Dinas (Perbup Sumenep 9/2024 Pasal 12(3), 17)

async def test_example_1_nota_dinas_to_the_puo_dituju_then_its_surat_perintah(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    incomplete = await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="kirim_nota_dinas",
                             pegawai_unit_id=g.units["bidang_b"], contents={**CONTENTS, "target_kinerja": " "})
    assert incomplete.status_code == 422
    assert any("Pasal 17 huruf c" in s for s in _sources(incomplete))

    opened = await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="kirim_nota_dinas",
                         pegawai_unit_id=g.units["bidang_b"])
    assert opened.status_code == 201, opened.text
    state = opened.json()
    assert state["letter"]["kind"] == "nota_dinas"
    nota = await _letter(client, as_, g, "kabid_a", state["letter"]["id"])
    assert "Tembusan" in nota and "Kepala Dinas Kesehatan" in nota  # tembusan Pimpinan Perangkat Daerah
    assert [(a["step_id"], a["nip"]) for a in state["next_actors"] if a["action"] == "approve"] == [
        ("setujui_permohonan", g.people["kabid_b"])]
    request_id = state["request_id"]
    assert (await _step(client, as_, g, "kabid_b", request_id, action="approve")).status_code == 200
    # Example 2 (inference): the requester cannot issue the Surat Perintah for the other bidang's JF.
    self_issued = await _step(client, as_, g, "kabid_a", request_id, action="issue", pegawai_nip=g.people["jf_b"])
    assert self_issued.status_code == 403 and any("Pasal 12" in s for s in _sources(self_issued))
    issued = await _step(client, as_, g, "kabid_b", request_id, action="issue", pegawai_nip=g.people["jf_b"])
    assert issued.status_code == 200, issued.text
    assert issued.json()["status"] == "active" and issued.json()["letter"]["kind"] == "surat_perintah"
    sp = await _letter(client, as_, g, "kabid_b", issued.json()["letter"]["id"])
    assert "Hendra Kurniawan" in sp and "Maya Lestari" in sp  # signed by the PUO dituju, to the JF named
    received = await _step(client, as_, g, "jf_b", request_id, action="receive")
    assert received.status_code == 200 and received.json()["next_actors"] == []


# --- Example 2: Sumenep, a rejection must carry reasons (Perbup Sumenep 9/2024 Pasal 12(3) huruf c, baris 147)

async def test_example_2_rejection_needs_reasons_and_closes_the_request(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    state = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="kirim_nota_dinas",
                         pegawai_unit_id=g.units["bidang_b"])).json()
    bare = await _step(client, as_, g, "kabid_b", state["request_id"], action="reject")
    assert bare.status_code == 422 and {e["code"] for e in bare.json()["errors"]} == {"penugasan.reasons_required"}
    assert any("Sumenep" in s for s in _sources(bare))
    rejected = await _step(client, as_, g, "kabid_b", state["request_id"], action="reject",
                           reasons=["Seluruh JF bidang sedang menangani KLB campak"])
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "rejected"
    later = await _step(client, as_, g, "kabid_b", state["request_id"], action="approve")
    assert later.status_code == 409


# --- Example 3: Sumenep, pengajuan sukarela verbal within the unit, written across units (Pasal 13)

async def test_example_3_verbal_within_the_unit_written_across_units_own_puo_issues(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    verbal = await _open(client, as_, g, "jf_a", mechanism="pengajuan_sukarela", action="record",
                         owner_unit_id=g.units["bidang_a"], contents={"maksud_tujuan": "Ingin membantu kajian"})
    assert verbal.status_code == 201, verbal.text
    assert verbal.json()["letter"]["kind"] == "catatan_lisan"
    verbal_across = await _open(client, as_, g, "jf_a", mechanism="pengajuan_sukarela", action="record",
                                owner_unit_id=g.units["bidang_b"])
    assert verbal_across.status_code in {403, 422}, verbal_across.text

    written = await _open(client, as_, g, "jf_a", mechanism="pengajuan_sukarela", action="submit",
                          owner_unit_id=g.units["bidang_b"])
    assert written.status_code == 201, written.text
    request_id = written.json()["request_id"]
    for who, action in (("kabid_b", "approve"), ("jf_a", "forward"), ("kabid_a", "approve")):
        taken = await _step(client, as_, g, who, request_id, action=action)
        assert taken.status_code == 200, (who, action, taken.text)
    wrong_issuer = await _step(client, as_, g, "kabid_b", request_id, action="issue")
    assert wrong_issuer.status_code == 403  # the PUO dituju does not issue it in Sumenep's voluntary flow
    issued = await _step(client, as_, g, "kabid_a", request_id, action="issue")
    assert issued.status_code == 200 and issued.json()["status"] == "active"


# --- Example 6: Bandung, who signs which Surat Perintah (Perwal Bandung 6/2023 Pasal 8-9)

async def test_example_6_bandung_lintas_pd_surat_perintah_only_by_the_sekretaris_daerah(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[BANDUNG]
    state = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="kirim_surat_permohonan",
                         pegawai_unit_id=g.units["bidang_c"])).json()
    request_id = state["request_id"]
    assert state["scope"] == "lintas_perangkat_daerah"
    approved = await _step(client, as_, g, "kabid_c", request_id, action="approve", pegawai_nip=g.people["jf_c"])
    assert approved.status_code == 200, approved.text
    by_kepala_pd = await _step(client, as_, g, "kadinkes", request_id, action="issue")
    assert by_kepala_pd.status_code == 403 and any("Bandung" in s for s in _sources(by_kepala_pd))
    by_sekda = await _step(client, as_, g, "sekda", request_id, action="issue")
    assert by_sekda.status_code == 200 and by_sekda.json()["letter"]["kind"] == "surat_perintah"


async def test_example_6_bandung_within_unit_surat_perintah_by_the_penilai(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[BANDUNG]
    state = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="usulkan_penugasan",
                         action="propose", pegawai_nip=g.people["jf_a"])).json()
    by_kepala_pd = await _step(client, as_, g, "kadinkes", state["request_id"], action="issue",
                               step="tetapkan_surat_perintah")
    assert by_kepala_pd.status_code == 403, by_kepala_pd.text
    by_penilai = await _step(client, as_, g, "kabid_a", state["request_id"], action="issue",
                             step="tetapkan_surat_perintah")
    assert by_penilai.status_code == 200 and by_penilai.json()["status"] == "active"


# --- API promises

async def test_a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_changes_nothing(api):
    app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    key = str(uuid.uuid4())
    body = {"mechanism": "penunjukan", "step": "kirim_nota_dinas", "pegawai_unit_id": g.units["bidang_b"],
            "contents": CONTENTS, **PERIOD}
    first = await client.post("/v1/penugasan", json=body, headers=as_(g.people["kabid_a"], g, key))
    again = await client.post("/v1/penugasan", json=body, headers=as_(g.people["kabid_a"], g, key))
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    other_body = await client.post("/v1/penugasan", json={**body, "period_end": "2026-06-01"},
                                   headers=as_(g.people["kabid_a"], g, key))
    assert other_body.status_code == 422
    view = (await client.get(f"/v1/penugasan/{first.json()['request_id']}", headers=as_(g.people["kabid_a"], g)))
    assert len(view.json()["history"]) == 1 and len(view.json()["letters"]) == 1


async def test_a_retry_of_a_step_that_cannot_be_taken_again_gets_the_first_answer_not_a_refusal(api):
    """Stored answers are not looked up before a command runs: the retry runs, finds its step already taken, and
    answers with what the first attempt answered (also after the request moved on), changing nothing."""
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    request_id = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="kirim_nota_dinas",
                              pegawai_unit_id=g.units["bidang_b"])).json()["request_id"]
    headers = as_(g.people["kabid_b"], g, str(uuid.uuid4()))
    path = f"/v1/penugasan/{request_id}/steps"
    first = await client.post(path, headers=headers, json={"action": "approve"})
    assert first.status_code == 200, first.text
    without_key = await _step(client, as_, g, "kabid_b", request_id, action="approve")
    assert without_key.status_code == 409, without_key.text  # what the retry would get if it were a new command
    again = await client.post(path, headers=headers, json={"action": "approve"})
    assert again.status_code == 200 and again.json() == first.json()
    other = await client.post(path, headers=headers, json={"action": "reject", "reasons": ["lain"]})
    assert other.status_code == 422, other.text  # the same key for another command is still refused
    view = (await client.get(f"/v1/penugasan/{request_id}", headers=as_(g.people["kabid_a"], g))).json()
    assert [h["step_id"] for h in view["history"]] == ["kirim_nota_dinas", "setujui_permohonan"]


async def test_retries_racing_with_the_same_idempotency_key_open_one_request_with_one_letter_and_one_event(api):
    """The racing retries each do the work; all but the first fail when they commit (the key is already stored)
    and get the first answer, leaving nothing of their own: no request, letter, next actor or event."""
    app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    key = str(uuid.uuid4())
    body = {"mechanism": "penunjukan", "action": "issue", "pegawai_nip": g.people["jf_a"], "contents": CONTENTS,
            **PERIOD}

    async def counts() -> list[int]:
        async with app.state.runtime.database.sessions() as session:
            return [await session.scalar(select(func.count()).select_from(table))
                    for table in (orm.penugasan_requests, orm.penugasan_transitions, orm.letters, orm.outbox)]

    before = await counts()
    answers = await asyncio.gather(*(client.post("/v1/penugasan", json=body, headers=as_(g.people["kabid_a"], g, key))
                                     for _ in range(3)))
    assert [a.status_code for a in answers] == [201, 201, 201], [a.text for a in answers]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert [after - was for after, was in zip(await counts(), before, strict=True)] == [1, 1, 1, 1]


async def test_two_actors_at_once_exactly_one_wins_the_other_gets_409(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    request_id = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="kirim_nota_dinas",
                              pegawai_unit_id=g.units["bidang_b"])).json()["request_id"]
    results = await asyncio.gather(*(_step(client, as_, g, "kabid_b", request_id, action="approve")
                                     for _ in range(3)))
    assert sorted(r.status_code for r in results) == [200, 409, 409], [r.text for r in results]
    view = (await client.get(f"/v1/penugasan/{request_id}", headers=as_(g.people["kabid_a"], g))).json()
    assert [h["step_id"] for h in view["history"]] == ["kirim_nota_dinas", "setujui_permohonan"]


async def test_an_unanswered_request_expires_and_an_assignment_ends_with_its_period(api):
    app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    service = app.state.penugasan
    pending = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="kirim_nota_dinas",
                           pegawai_unit_id=g.units["bidang_b"])).json()["request_id"]
    active = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", action="issue",
                          pegawai_nip=g.people["jf_a"])).json()
    assert active["status"] == "active"
    real_clock = service.clock
    try:
        service.clock = lambda: real_clock() + timedelta(days=400)
        assert await service.expire_due() >= 2
    finally:
        service.clock = real_clock
    expired = (await client.get(f"/v1/penugasan/{pending}", headers=as_(g.people["kabid_a"], g))).json()
    ended = (await client.get(f"/v1/penugasan/{active['request_id']}", headers=as_(g.people["kabid_a"], g))).json()
    assert expired["status"] == "expired" and ended["status"] == "ended"
    late = await _step(client, as_, g, "kabid_b", pending, action="approve")
    assert late.status_code == 409


async def test_an_expiry_that_loses_to_a_concurrent_change_leaves_the_winners_next_actors(api, monkeypatch):
    """Saving a request clears who had to act on it (on PostgreSQL in the same statement as the versioned UPDATE);
    when the UPDATE finds the request changed since it was read, the sweep rolls back, the clearing with it. The
    race is made deterministic: someone else's change is committed first, and the sweep is handed the request as
    it was before that change."""
    app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    service = app.state.penugasan
    request_id = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="kirim_nota_dinas",
                              pegawai_unit_id=g.units["bidang_b"])).json()["request_id"]
    requests, pending_actions = orm.penugasan_requests, orm.pending_actions
    winner = {"request_id": request_id, "step_id": "setujui_permohonan", "nip": "199001012020011001",
              "action": "approve", "role": "pimpinan_unit_organisasi_dituju"}
    sessions = app.state.runtime.database.sessions
    async with sessions() as session, session.begin():  # the winner: a new version, with its own next actors
        await session.execute(requests.update().where(requests.c.id == request_id)
                              .values(version=requests.c.version + 1))
        await session.execute(pending_actions.delete().where(pending_actions.c.request_id == request_id))
        await session.execute(pending_actions.insert().values(**winner))
    load_request = penugasan_service.store.load_request

    async def load_as_read_before_the_winner(session, wanted):
        request = await load_request(session, wanted)
        if wanted == request_id:
            request.version -= 1
        return request

    monkeypatch.setattr(penugasan_service.store, "load_request", load_as_read_before_the_winner)
    real_clock = service.clock
    try:
        service.clock = lambda: real_clock() + timedelta(days=400)
        await service.expire_due()
    finally:
        service.clock = real_clock
    async with sessions() as session:
        pending = [dict(r) for r in (await session.execute(
            select(pending_actions).where(pending_actions.c.request_id == request_id))).mappings()]
        status = await session.scalar(select(requests.c.status).where(requests.c.id == request_id))
    assert pending == [winner] and status == "in_progress"


async def test_pending_actions_list_what_waits_for_a_pegawai_and_only_for_them(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    request_id = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="kirim_nota_dinas",
                              pegawai_unit_id=g.units["bidang_b"])).json()["request_id"]
    mine = await client.get(f"/v1/pegawai/{g.people['kabid_b']}/pending-actions", headers=as_(g.people["kabid_b"], g))
    assert {(p["request_id"], p["step_id"]) for p in mine.json()} >= {(request_id, "setujui_permohonan"),
                                                                     (request_id, "tolak_permohonan")}
    other = await client.get(f"/v1/pegawai/{g.people['kabid_b']}/pending-actions", headers=as_(g.people["jf_a"], g))
    assert other.status_code == 403


async def test_each_side_of_a_lintas_instansi_exchange_sees_only_its_part(api):
    _app, client, worlds, as_ = api
    g, partner = worlds[BANDUNG]
    state = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", step="kirim_permohonan_ke_pyb",
                         pegawai_unit_id=partner.units["bidang_b"])).json()
    request_id, letters = state["request_id"], {}
    plan = [(g, "sekda", "forward"), (partner, "sekda", "instruct"), (partner, "kabid_b", "recommend"),
            (partner, "kabid_b", "approve"), (partner, "sekda", "sign"), (partner, "kabid_b", "issue")]
    for side, who, action in plan:
        body = {"action": action, **({"pegawai_nip": partner.people["jf_b"]} if action == "recommend" else {})}
        taken = await _step(client, as_, side, who, request_id, **body)
        assert taken.status_code == 200, (who, action, taken.text)
        if taken.json()["letter"]:
            letters[taken.json()["step"]["id"]] = taken.json()["letter"]["id"]
    requester_view = (await client.get(f"/v1/penugasan/{request_id}", headers=as_(g.people["kabid_a"], g))).json()
    seen = {h["step_id"] for h in requester_view["history"]}
    assert "instruksikan_penilai_kinerja" not in seen  # the partner's internal disposition
    assert {"kirim_permohonan_ke_pyb", "teruskan_ke_pyb_dituju"} <= seen
    hidden = await client.get(f"/v1/letters/{letters['instruksikan_penilai_kinerja']}.html",
                              headers=as_(g.people["kabid_a"], g))
    assert hidden.status_code == 403
    stranger = government("KAB-LAIN", "Pemerintah Kabupaten Lain", BANDUNG)
    outsider = await client.get(f"/v1/penugasan/{request_id}", headers=as_(stranger.people["kabid_a"], stranger))
    assert outsider.status_code == 403


async def test_every_transition_is_published_once_on_kafka_in_order(api, kafka_bootstrap):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    request_id = (await _open(client, as_, g, "kabid_a", mechanism="penunjukan", action="issue",
                              pegawai_nip=g.people["jf_a"])).json()["request_id"]
    assert (await _step(client, as_, g, "jf_a", request_id, action="receive")).status_code == 200
    consumer = AIOKafkaConsumer("sikerja.assignment.penugasan", bootstrap_servers=kafka_bootstrap,
                                auto_offset_reset="earliest", group_id=f"test-{uuid.uuid4()}")
    await consumer.start()
    try:
        found: list[dict] = []
        deadline = asyncio.get_running_loop().time() + 30
        while len(found) < 2 and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    event = json.loads(record.value)
                    if event["data"]["request_id"] == request_id:
                        found.append(event)
    finally:
        await consumer.stop()
    assert [(e["type"], e["data"]["step_id"], e["data"]["status"]) for e in found] == [
        ("id.sikerja.assignment.penugasan_transitioned.v1", "terbitkan_surat_perintah", "active"),
        ("id.sikerja.assignment.penugasan_transitioned.v1", "terima_surat_perintah", "active")]
    assert found[0]["data"]["letter"]["kind"] == "surat_perintah"
