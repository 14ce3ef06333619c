"""Pelaksanaan tugas and pertanggungjawaban over HTTP with real OPA, Kafka and a real database.

An individual's work is a penugasan in force (Sumenep, penunjukan within the unit: the Kepala Bidang issues the
Surat Perintah, the Analis receives it). A team's work is a Tim Kerja registered for pelaksanaan from its members
(Ketua in Bidang A, anggota in Bidang B: lintas unit organisasi). Covered: reports to whom the profile names and to
someone else; a report request by the penilai and its answer; escalations level by level; the result chain level
by level, returned along each profile's path (Sumenep one level down, Jepara and Bandung straight back) or
corrected by the head (Tanah Laut), completed when the head accepts; an idempotent retry; a concurrent change.
Every refusal asserts the source of the rule it rests on.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from assignment.bootstrap import build_app
from assignment.config import Settings
from assignment.service_layer.pelaksanaan import TeamWork

from .org_world import government, seed

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="module")]

PROFILES = Path(__file__).resolve().parents[4] / "policies" / "sikerja" / "profiles"
SUMENEP, JEPARA = "perbup-sumenep-9-2024", "perbup-jepara-17-2024"
BANDUNG, TANAH_LAUT = "perwal-bandung-6-2023", "perbup-tanahlaut-26-2024"
CONTENTS = {"maksud_tujuan": "Penyusunan kajian kebijakan pelayanan rujukan",
            "kompetensi": "analisis kebijakan, statistik", "kriteria": "Analis Kebijakan paling rendah Ahli Muda",
            "target_kinerja": "Satu dokumen kajian diterima Kepala Dinas",
            "target_kinerja_tim": "Kajian tim selesai dalam satu triwulan", "durasi": "3 bulan",
            "pengaturan_lainnya": "Rapat koordinasi setiap Senin"}


def rules(profile: str) -> dict:
    return json.loads((PROFILES / profile / "pelaksanaan" / "data.json").read_text())


def sources(response: httpx.Response) -> set[str]:
    return {e.get("source") for e in response.json()["errors"]}


def codes(response: httpx.Response) -> set[str]:
    return {e["code"] for e in response.json()["errors"]}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def service(database_url_factory, kafka_bootstrap, opa_url, token_issuer_url, mint_token):
    app = build_app(Settings(database_url=database_url_factory(), kafka_bootstrap_servers=kafka_bootstrap,
                             opa_url=opa_url,
                             token_issuers={token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"}))
    worlds = {profile: government(f"KAB-P{n}", f"Pemerintah Kabupaten Pelaksanaan {n}", profile)
              for n, profile in enumerate((SUMENEP, JEPARA, BANDUNG, TANAH_LAUT), 1)}
    async with app.router.lifespan_context(app):
        await seed(app.state.runtime.database.sessions, *worlds.values())
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://assignment") as client:
            yield client, worlds, app


@pytest.fixture
def as_(mint_token):
    def headers(nip: str, instansi, key: str | None = None) -> dict:
        return {"Authorization": f"Bearer {mint_token(nip, instansi=instansi.id, roles=['pegawai'])}",
                "Idempotency-Key": key or str(uuid.uuid4())}
    return headers


async def active_penugasan(client, g, as_) -> str:
    """Sumenep penunjukan within the unit: the Kepala Bidang issues the Surat Perintah, the Analis receives it."""
    today = datetime.now(UTC).date()
    opened = await client.post("/v1/penugasan", headers=as_(g.people["kabid_a"], g), json={
        "mechanism": "penunjukan", "action": "issue", "step": "terbitkan_surat_perintah",
        "pegawai_nip": g.people["jf_a"], "contents": CONTENTS, "period_start": today.isoformat(),
        "period_end": (today + timedelta(days=180)).isoformat()})
    assert opened.status_code == 201, opened.text
    state = opened.json()
    for _ in range(5):
        if not state["next_actors"]:
            break
        nxt = state["next_actors"][0]
        taken = await client.post(f"/v1/penugasan/{state['request_id']}/steps", headers=as_(nxt["nip"], g),
                                  json={"action": nxt["action"], "step": nxt["step_id"]})
        assert taken.status_code == 200, taken.text
        state = taken.json()
    assert state["status"] == "active", state
    return state["request_id"]


async def registered_team(app, g) -> str:
    """A Tim Kerja lintas unit organisasi: Ketua in Bidang A (whose Kepala Bidang owns the target), anggota in
    Bidang B."""
    team_id = str(uuid.uuid4())
    await app.state.pelaksanaan.register_team(TeamWork(
        team_id, g.id, g.units["bidang_a"], g.people["jf_a"],
        (g.people["jf_a"], g.people["jf_b"], g.people["pelaksana_b"])))
    return team_id


# ------------------------------------------------------------------------------------------------- reports

async def test_an_individual_reports_to_whom_the_profile_names_and_not_to_anyone_else(service, as_):
    client, worlds, _ = service
    g = worlds[SUMENEP]
    work = f"/v1/assigned-work/penugasan/{await active_penugasan(client, g, as_)}"
    source = rules(SUMENEP)["reporting"]["individu"]["source"]

    allowed = await client.post(f"{work}/reports", headers=as_(g.people["jf_a"], g), json={
        "isi": "Perkembangan minggu pertama: data rujukan terkumpul 60%", "recipients": [g.people["kabid_a"]]})
    assert allowed.status_code == 201, allowed.text
    body = allowed.json()
    assert body["status"] == "submitted" and body["entry"]["decision_id"]
    assert body["entry"]["obligations"]["cadence"] == "berkala"
    assert {"pejabat_penilai_kinerja", "pimpinan_unit_organisasi"} <= set(
        body["entry"]["obligations"]["recipients"][0]["roles"])
    assert source in {r["source"] for r in body["entry"]["reasons"]}

    elsewhere = await client.post(f"{work}/reports", headers=as_(g.people["jf_a"], g), json={
        "isi": "Perkembangan minggu pertama", "recipients": [g.people["kadishub"]]})
    assert elsewhere.status_code == 422, elsewhere.text
    assert "pelaksanaan.recipient_not_allowed" in codes(elsewhere) and source in sources(elsewhere)

    bystander = await client.post(f"{work}/reports", headers=as_(g.people["jf_b"], g), json={
        "isi": "Laporan", "recipients": [g.people["kabid_a"]]})
    assert bystander.status_code == 403, bystander.text
    assert "pelaksanaan.not_the_reporter" in codes(bystander) and source in sources(bystander)

    history = (await client.get(f"{work}/accountability", headers=as_(g.people["kabid_a"], g))).json()
    assert [r["record_id"] for r in history["reports"]] == [body["record_id"]]
    assert history["reports"][0]["history"][0]["decision_id"] == body["entry"]["decision_id"]


async def test_a_team_reports_member_to_ketua_and_ketua_to_the_penilai(service, as_):
    client, worlds, app = service
    g = worlds[SUMENEP]
    work = f"/v1/assigned-work/tim_kerja/{await registered_team(app, g)}"
    anggota = await client.post(f"{work}/reports", headers=as_(g.people["jf_b"], g), json={
        "isi": "Analisis data epidemiologi selesai", "recipients": [g.people["jf_a"]]})
    assert anggota.status_code == 201, anggota.text
    assert anggota.json()["data"]["as"] == "anggota_tim"
    ketua = await client.post(f"{work}/reports", headers=as_(g.people["jf_a"], g), json={
        "isi": "Kinerja anggota tim triwulan I", "recipients": [g.people["kabid_a"]]})
    assert ketua.status_code == 201, ketua.text
    assert ketua.json()["entry"]["obligations"]["cadence"] == "berkala"
    to_kadis = await client.post(f"{work}/reports", headers=as_(g.people["jf_a"], g), json={
        "isi": "Kinerja anggota tim triwulan I", "recipients": [g.people["kadishub"]]})
    assert to_kadis.status_code == 422, to_kadis.text
    assert rules(SUMENEP)["reporting"]["ketua_tim"]["source"] in sources(to_kadis)


async def test_the_penilai_asks_for_a_report_and_the_anggota_answers_it(service, as_):
    client, worlds, app = service
    g = worlds[SUMENEP]
    work = f"/v1/assigned-work/tim_kerja/{await registered_team(app, g)}"
    source = rules(SUMENEP)["report_requests"]["source"]

    stranger = await client.post(f"{work}/report-requests", headers=as_(g.people["kabid_c"], g),
                                 json={"from_nip": g.people["jf_b"]})
    assert stranger.status_code == 403, stranger.text
    assert "pelaksanaan.requester_not_allowed" in codes(stranger) and source in sources(stranger)

    # Maya's penilai is the Kepala Bidang B (her kedudukan), not the PUO pemilik kinerja.
    asked = await client.post(f"{work}/report-requests", headers=as_(g.people["kabid_b"], g),
                              json={"from_nip": g.people["jf_b"], "catatan": "Mohon laporan capaian minggu ini"})
    assert asked.status_code == 201, asked.text
    request_id = asked.json()["record_id"]
    assert asked.json()["status"] == "open"
    pending = (await client.get(f"/v1/pegawai/{g.people['jf_b']}/pelaksanaan/pending-actions",
                                headers=as_(g.people["jf_b"], g))).json()
    assert f"report_request:{request_id}" in {p["request_id"] for p in pending}

    not_asked = await client.post(f"{work}/reports", headers=as_(g.people["pelaksana_b"], g), json={
        "isi": "Laporan", "request_id": request_id})
    assert not_asked.status_code == 403 and "Sikerja" in next(iter(sources(not_asked)))

    answer = await client.post(f"{work}/reports", headers=as_(g.people["jf_b"], g), json={
        "isi": "Capaian minggu ini: 3 dari 5 puskesmas terverifikasi", "request_id": request_id})
    assert answer.status_code == 201, answer.text
    assert answer.json()["data"]["occasion"] == "atas_permintaan"
    assert answer.json()["entry"]["to"] == [g.people["kabid_b"]]
    assert answer.json()["answered_request"]["status"] == "answered"
    pending = (await client.get(f"/v1/pegawai/{g.people['jf_b']}/pelaksanaan/pending-actions",
                                headers=as_(g.people["jf_b"], g))).json()
    assert f"report_request:{request_id}" not in {p["request_id"] for p in pending}

    again = await client.post(f"{work}/reports", headers=as_(g.people["jf_b"], g), json={
        "isi": "Laporan kedua", "request_id": request_id})
    assert again.status_code == 409 and "Sikerja" in next(iter(sources(again)))


# ------------------------------------------------------------------------------------------------- escalation

async def test_a_team_escalates_with_alternatif_rekomendasi_level_by_level(service, as_):
    client, worlds, app = service
    g = worlds[SUMENEP]
    work = f"/v1/assigned-work/tim_kerja/{await registered_team(app, g)}"
    levels = rules(SUMENEP)["escalation"]["scopes"]["lintas_unit_organisasi"]["levels"]
    problem = {"permasalahan": "Data kasus dari Bidang B terlambat dua minggu",
               "alternatif_rekomendasi": ["Jadwal setor data mingguan", "Akses langsung ke aplikasi surveilans"]}

    too_early = await client.post(f"{work}/escalations", headers=as_(g.people["jf_a"], g), json={
        **problem, "level": 2, "targets": [g.people["kabid_b"]]})
    assert too_early.status_code == 409, too_early.text
    assert "pelaksanaan.level_skipped" in codes(too_early) and levels[1]["source"] in sources(too_early)

    bare = await client.post(f"{work}/escalations", headers=as_(g.people["jf_a"], g), json={
        **problem, "alternatif_rekomendasi": [], "targets": [g.people["kabid_a"]]})
    assert bare.status_code == 422, bare.text
    assert rules(SUMENEP)["escalation"]["alternatif_rekomendasi"]["source"] in sources(bare)

    wrong_level_1 = await client.post(f"{work}/escalations", headers=as_(g.people["jf_a"], g), json={
        **problem, "targets": [g.people["kabid_b"]]})
    assert wrong_level_1.status_code == 422, wrong_level_1.text
    assert levels[0]["source"] in sources(wrong_level_1)

    first = await client.post(f"{work}/escalations", headers=as_(g.people["jf_a"], g), json={
        **problem, "targets": [g.people["kabid_a"]]})
    assert first.status_code == 201, first.text
    obligations = first.json()["entry"]["obligations"]
    assert obligations["scope"] == "lintas_unit_organisasi" and obligations["level"] == 1
    assert obligations["next_level"] == 2
    assert {"role": "pimpinan_unit_organisasi", "id": g.people["kabid_a"]} in obligations["escalation_targets"]

    second = await client.post(f"{work}/escalations", headers=as_(g.people["jf_b"], g), json={
        **problem, "level": 2, "targets": [g.people["kabid_b"]], "escalation_id": first.json()["record_id"]})
    assert second.status_code == 201, second.text
    assert second.json()["entry"]["level"] == 2 and second.json()["record_id"] == first.json()["record_id"]
    assert levels[1]["source"] in {r["source"] for r in second.json()["entry"]["reasons"]}


async def test_an_individual_raises_a_problem_as_a_report_not_an_escalation(service, as_):
    client, worlds, _ = service
    g = worlds[SUMENEP]
    work = f"/v1/assigned-work/penugasan/{await active_penugasan(client, g, as_)}"
    escalation = await client.post(f"{work}/escalations", headers=as_(g.people["jf_a"], g), json={
        "permasalahan": "Akses data terhambat", "alternatif_rekomendasi": ["Surat permintaan data"],
        "targets": [g.people["kabid_a"]]})
    assert escalation.status_code == 422, escalation.text
    assert rules(SUMENEP)["reporting"]["individu"]["source"] in sources(escalation)
    problem = await client.post(f"{work}/reports", headers=as_(g.people["jf_a"], g), json={
        "isi": "Akses data terhambat", "occasion": "permasalahan", "recipients": [g.people["kabid_a"]]})
    assert problem.status_code == 201, problem.text


# ------------------------------------------------------------------------------------------------- results

async def _step(client, as_, g, result_id, who, **body):
    return await client.post(f"/v1/results/{result_id}/steps", headers=as_(g.people[who], g), json=body)


async def test_a_result_climbs_level_by_level_returns_one_level_down_and_completes_sumenep(service, as_):
    client, worlds, _ = service
    g = worlds[SUMENEP]
    work = f"/v1/assigned-work/penugasan/{await active_penugasan(client, g, as_)}"
    chain_rules = rules(SUMENEP)["result_chain"]

    skipping = await client.post(f"{work}/results", headers=as_(g.people["jf_a"], g), json={
        "ringkasan": "Draf kajian rujukan", "to": g.people["kadinkes"]})
    assert skipping.status_code == 409, skipping.text
    assert "pelaksanaan.level_skipped" in codes(skipping) and chain_rules["forward"]["source"] in sources(skipping)

    submitted = await client.post(f"{work}/results", headers=as_(g.people["jf_a"], g),
                                  json={"ringkasan": "Draf kajian rujukan"})
    assert submitted.status_code == 201, submitted.text
    result = submitted.json()
    result_id = result["record_id"]
    assert result["data"]["chain"] == [g.people["jf_a"], g.people["kabid_a"], g.people["kadinkes"]]
    assert result["data"]["at"] == 1 and result["status"] == "in_review"
    assert result["entry"]["obligations"]["next_level"] == {"level": 1, "id": g.people["kabid_a"]}
    pending = (await client.get(f"/v1/pegawai/{g.people['kabid_a']}/pelaksanaan/pending-actions",
                                headers=as_(g.people["kabid_a"], g))).json()
    assert {"request_id": f"result:{result_id}", "action": "submit_result"}.items() <= next(
        p for p in pending if p["request_id"] == f"result:{result_id}").items()

    early_accept = await _step(client, as_, g, result_id, "kabid_a", action="accept")
    assert early_accept.status_code == 409, early_accept.text
    assert chain_rules["completion"]["source"] in sources(early_accept)
    not_holder = await _step(client, as_, g, result_id, "kadinkes", action="accept")
    assert not_holder.status_code == 403 and chain_rules["completion"]["source"] in sources(not_holder)

    up = await _step(client, as_, g, result_id, "kabid_a", action="submit")
    assert up.status_code == 200, up.text
    assert up.json()["entry"]["obligations"]["reaches_top"] is True

    straight_back = await _step(client, as_, g, result_id, "kadinkes", action="return", to=g.people["jf_a"])
    assert straight_back.status_code == 422, straight_back.text
    assert chain_rules["return"]["source"] in sources(straight_back)

    returned = await _step(client, as_, g, result_id, "kadinkes", action="return",
                           catatan="Analisis biaya belum sesuai target")
    assert returned.status_code == 200, returned.text
    obligations = returned.json()["entry"]["obligations"]
    assert obligations["return_to"] == {"level": 1, "id": g.people["kabid_a"]}
    assert obligations["return_path"] == [g.people["kabid_a"], g.people["jf_a"]]
    assert returned.json()["status"] == "returned"

    down = await _step(client, as_, g, result_id, "kabid_a", action="return")
    assert down.status_code == 200 and down.json()["data"]["at"] == 0
    for who in ("jf_a", "kabid_a"):
        assert (await _step(client, as_, g, result_id, who, action="submit")).status_code == 200
    accepted = await _step(client, as_, g, result_id, "kadinkes", action="accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "completed"
    assert accepted.json()["entry"]["obligations"] == {"completed": True, "declared_by": g.people["kadinkes"]}
    after = await _step(client, as_, g, result_id, "kadinkes", action="accept")
    assert after.status_code == 409 and "Sikerja" in next(iter(sources(after)))

    view = (await client.get(f"{work}/accountability", headers=as_(g.people["jf_a"], g))).json()
    [stored] = view["results"]
    assert [e["action"] for e in stored["history"]] == [
        "submit_result", "submit_result", "return_result", "return_result", "submit_result", "submit_result",
        "accept_result"]
    assert all(e["decision_id"] and e["reasons"] for e in stored["history"])
    assert stored["pending"] == [] and view["pending"] == []


@pytest.mark.parametrize("profile", [JEPARA, BANDUNG])
async def test_a_non_conforming_result_goes_straight_back_to_the_executor(service, as_, profile):
    client, worlds, app = service
    g = worlds[profile]
    work = f"/v1/assigned-work/tim_kerja/{await registered_team(app, g)}"
    source = rules(profile)["result_chain"]["return"]["source"]
    submitted = await client.post(f"{work}/results", headers=as_(g.people["jf_a"], g),
                                  json={"ringkasan": "Laporan akhir tim"})
    assert submitted.status_code == 201, submitted.text
    result_id = submitted.json()["record_id"]
    assert (await _step(client, as_, g, result_id, "kabid_a", action="submit")).status_code == 200

    one_down = await _step(client, as_, g, result_id, "kadinkes", action="return", to=g.people["kabid_a"])
    assert one_down.status_code == 422, one_down.text
    assert "pelaksanaan.return_target_not_allowed" in codes(one_down) and source in sources(one_down)

    returned = await _step(client, as_, g, result_id, "kadinkes", action="return")
    assert returned.status_code == 200, returned.text
    assert returned.json()["entry"]["obligations"]["return_to"] == {"level": 0, "id": g.people["jf_a"]}
    assert returned.json()["entry"]["obligations"]["mode"] == "langsung_ke_pelaksana"
    assert returned.json()["data"]["at"] == 0


async def test_tanah_laut_the_head_corrects_instead_of_returning_then_accepts(service, as_):
    client, worlds, app = service
    g = worlds[TANAH_LAUT]
    work = f"/v1/assigned-work/tim_kerja/{await registered_team(app, g)}"
    source = rules(TANAH_LAUT)["result_chain"]["return"]["source"]
    submitted = await client.post(f"{work}/results", headers=as_(g.people["jf_a"], g),
                                  json={"ringkasan": "Rencana kerja pelaksanaan kegiatan"})
    assert submitted.status_code == 201, submitted.text
    result_id = submitted.json()["record_id"]
    assert (await _step(client, as_, g, result_id, "kabid_a", action="submit")).status_code == 200

    returned = await _step(client, as_, g, result_id, "kadinkes", action="return")
    assert returned.status_code == 422, returned.text
    assert "pelaksanaan.return_not_provided" in codes(returned) and source in sources(returned)

    corrected = await _step(client, as_, g, result_id, "kadinkes", action="correct",
                            catatan="Target capaian disesuaikan oleh Kepala Unit Organisasi")
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["status"] == "in_correction"
    assert corrected.json()["entry"]["obligations"]["completed"] is False
    accepted = await _step(client, as_, g, result_id, "kadinkes", action="accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "completed"


async def test_sumenep_returns_rather_than_corrects(service, as_):
    client, worlds, app = service
    g = worlds[SUMENEP]
    work = f"/v1/assigned-work/tim_kerja/{await registered_team(app, g)}"
    result_id = (await client.post(f"{work}/results", headers=as_(g.people["jf_a"], g),
                                   json={"ringkasan": "Hasil tim"})).json()["record_id"]
    assert (await _step(client, as_, g, result_id, "kabid_a", action="submit")).status_code == 200
    corrected = await _step(client, as_, g, result_id, "kadinkes", action="correct")
    assert corrected.status_code == 422, corrected.text
    assert rules(SUMENEP)["result_chain"]["return"]["source"] in sources(corrected)


# ------------------------------------------------------------------------------------------------- retries, races

async def test_a_retry_with_the_same_idempotency_key_gets_the_first_answer(service, as_):
    client, worlds, _ = service
    g = worlds[SUMENEP]
    work = f"/v1/assigned-work/penugasan/{await active_penugasan(client, g, as_)}"
    headers = as_(g.people["jf_a"], g, key=f"laporan-{uuid.uuid4()}")
    body = {"isi": "Laporan berkala bulan ini", "recipients": [g.people["kabid_a"]]}
    first = await client.post(f"{work}/reports", headers=headers, json=body)
    retry = await client.post(f"{work}/reports", headers=headers, json=body)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    view = (await client.get(f"{work}/accountability", headers=as_(g.people["jf_a"], g))).json()
    assert len(view["reports"]) == 1 and view["work"]["version"] == 1
    reused = await client.post(f"{work}/reports", headers=headers, json={**body, "isi": "Laporan lain"})
    assert reused.status_code == 422


class HoldFirstDecision:
    """Holds the first policy decision until released, so another action on the same work goes first."""

    def __init__(self, inner) -> None:
        self.inner, self.held, self.release = inner, asyncio.Event(), asyncio.Event()

    async def decide(self, path, document):
        if not self.held.is_set():
            self.held.set()
            await self.release.wait()
        return await self.inner.decide(path, document)

    async def document(self, path):
        return await self.inner.document(path)


async def test_two_actions_on_the_same_work_at_once_one_wins_the_other_gets_409(service, as_):
    client, worlds, app = service
    g = worlds[SUMENEP]
    work = f"/v1/assigned-work/penugasan/{await active_penugasan(client, g, as_)}"
    await client.post(f"{work}/reports", headers=as_(g.people["jf_a"], g),
                      json={"isi": "Laporan pembuka", "recipients": [g.people["kabid_a"]]})
    pelaksanaan = app.state.pelaksanaan
    original = pelaksanaan.policy
    gate = pelaksanaan.policy = HoldFirstDecision(original)
    try:
        slow = asyncio.create_task(client.post(f"{work}/reports", headers=as_(g.people["jf_a"], g), json={
            "isi": "Laporan A", "recipients": [g.people["kabid_a"]]}))
        await asyncio.wait_for(gate.held.wait(), 30)
        fast = await client.post(f"{work}/results", headers=as_(g.people["jf_a"], g),
                                 json={"ringkasan": "Hasil B"})
        assert fast.status_code == 201, fast.text
        gate.release.set()
        lost = await slow
    finally:
        pelaksanaan.policy = original
    assert lost.status_code == 409, lost.text
    view = (await client.get(f"{work}/accountability", headers=as_(g.people["jf_a"], g))).json()
    assert [r["data"]["isi"] for r in view["reports"]] == ["Laporan pembuka"]
    assert len(view["results"]) == 1 and view["work"]["version"] == 2
