"""Tim Kerja over HTTP with real OPA, Kafka and a real database: the worked examples of workflows.md §9 (4, 5, 6),
teams across Perangkat Daerah and instansi where the profile allows them, the letter that sets a team (rendered),
idempotent retries and exactly one winner of concurrent steps. Every refusal carries the rule's source."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import select

from assignment.adapters import orm
from assignment.bootstrap import build_app
from assignment.config import Settings
from assignment.domain.tim_kerja import ORDER_SOURCE

from .org_world import government, seed

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="module")]

SUMENEP, BANDUNG, JEPARA = "perbup-sumenep-9-2024", "perwal-bandung-6-2023", "perbup-jepara-17-2024"
JANUARY, MARCH = datetime(2026, 1, 15, 9, tzinfo=UTC), datetime(2026, 3, 16, 9, tzinfo=UTC)

SMP_LINTAS_PD_SOURCE = "Perbup Sumenep 9/2024 Pasal 15 ayat (2) huruf a (baris 184)"
SMP_JANUARY_SOURCE = "Perbup Sumenep 9/2024 Pasal 15 ayat (3) huruf a (baris 187)"
SMP_CRITERIA_SOURCE = "Perbup Sumenep 9/2024 Pasal 16 (baris 193)"
SMP_SCOPE_SOURCE = "Perbup Sumenep 9/2024 Pasal 14 ayat (1) (baris 176)"
SMP_CLOSING_SOURCE = "Perbup Sumenep 9/2024 Pasal 15 ayat (4) (baris 189)"
SMP_PENGAWAS_SOURCE = "Perbup Sumenep 9/2024 Lampiran pola I huruf B angka (2) huruf i (baris 458"
BDG_GATE_SOURCE = "Perwal Bandung 6/2023 Pasal 10 ayat (3) (baris 191)"
BDG_SEKDA_SOURCE = "Perwal Bandung 6/2023 Pasal 9 ayat (4) (baris 184)"
BDG_KELAS_SOURCE = "Perwal Bandung 6/2023 Pasal 11 ayat (6) huruf d (baris 209)"
BDG_PENDIDIKAN_SOURCE = "Perwal Bandung 6/2023 Pasal 11 ayat (6) huruf a (baris 206)"
JPR_PPPK_SOURCE = "Perbup Jepara 17/2024 Pasal 14 ayat (5) (baris 215)"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def service(database_url_factory, kafka_bootstrap, opa_url, token_issuer_url):
    app = build_app(Settings(database_url=database_url_factory(), kafka_bootstrap_servers=kafka_bootstrap,
                             opa_url=opa_url,
                             token_issuers={token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"}))
    worlds = {SUMENEP: (government("KAB-TKS", "Pemerintah Kabupaten Contoh Sumenep", SUMENEP),
                        government("KOTA-TKS", "Pemerintah Kota Mitra Sumenep", SUMENEP)),
              BANDUNG: (government("KOTA-TKB", "Pemerintah Kota Contoh Bandung", BANDUNG),
                        government("KAB-TKB", "Pemerintah Kabupaten Mitra Bandung", BANDUNG)),
              JEPARA: (government("KAB-TKJ", "Pemerintah Kabupaten Contoh Jepara", JEPARA),
                       government("KOTA-TKJ", "Pemerintah Kota Mitra Jepara", JEPARA))}
    async with app.router.lifespan_context(app):
        await seed(app.state.runtime.database.sessions, *(g for pair in worlds.values() for g in pair))
        app.state.tim_kerja.clock = lambda: JANUARY
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://assignment") as client:
            yield app, client, worlds


@pytest.fixture
def api(service, mint_token):
    app, client, worlds = service
    app.state.tim_kerja.clock = lambda: JANUARY

    def as_(nip: str, instansi, key: str | None = None) -> dict:
        return {"Authorization": f"Bearer {mint_token(nip, instansi=instansi.id, roles=['pegawai'])}",
                "Idempotency-Key": key or str(uuid.uuid4())}
    return app, client, worlds, as_


def team_body(g, members: list[str], *, action: str = "propose", purpose: str = "insidental",
              owner: str | None = "bidang_a", other=None, other_members: tuple[str, ...] = ()) -> dict:
    body = {"action": action, "name": "Tim Kerja Percepatan Penurunan Stunting", "purpose": purpose,
            "members": [g.people[m] for m in members] + [other.people[m] for m in other_members],
            "maksud_tujuan": "percepatan penurunan stunting di puskesmas prioritas",
            "target_kinerja": "prevalensi stunting turun 2 persen dalam satu tahun",
            "kompetensi": ["pelayanan kesehatan", "analisis kebijakan"],
            "period_start": "2026-02-01", "period_end": "2026-12-31"}
    if owner:
        body["owner_unit_id"] = g.units[owner]
    return body


async def open_team(client, as_, g, who: str, body: dict) -> httpx.Response:
    return await client.post("/v1/tim-kerja", json=body, headers=as_(g.people[who], g))


async def step(client, as_, g, who: str, team_id: str, action: str, nip: str | None = None,
               key: str | None = None) -> httpx.Response:
    body = {"action": action, **({"nip": nip} if nip else {})}
    return await client.post(f"/v1/tim-kerja/{team_id}/steps", json=body, headers=as_(g.people[who], g, key))


def refused_with(response: httpx.Response, status: int, code: str, source: str) -> None:
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert any(e["code"] == code and e.get("source", "").startswith(source) for e in errors), errors
    assert all(e.get("source") for e in errors), errors


# ----------------------------------------------------------------------------------------------- Example 4


async def _team_of_candidates(client, as_, g, profile: str) -> str:
    members = ["pelaksana_p", "pelaksana_q", "pelaksana_r"]
    opener = "kabid_a" if profile == SUMENEP else "kadinkes"
    opened = await open_team(client, as_, g, opener, team_body(g, members, action="form" if profile == SUMENEP
                                                                else "propose"))
    assert opened.status_code == 201, opened.text
    return opened.json()["team_id"]


async def test_example_4_ketua_tim_any_criterion_in_sumenep(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    team_id = await _team_of_candidates(client, as_, g, SUMENEP)
    p = await step(client, as_, g, "kabid_a", team_id, "appoint_ketua", g.people["pelaksana_p"])
    assert p.status_code == 200, p.text  # D-III is enough
    assert p.json()["ketua_nip"] == g.people["pelaksana_p"]
    assert any(r["code"] == "tim_kerja.criteria_met" and "huruf a" in r["source"] for r in p.json()["step"]["reasons"])
    q = await step(client, as_, g, "kabid_a", team_id, "appoint_ketua", g.people["pelaksana_q"])
    assert q.status_code == 200, q.text  # kelas jabatan 7 is enough
    assert any(r["code"] == "tim_kerja.criteria_met" and "huruf b" in r["source"] for r in q.json()["step"]["reasons"])
    roles = {m["nip"]: m["role"] for m in q.json()["members"]}
    assert roles[g.people["pelaksana_q"]] == "ketua" and roles[g.people["pelaksana_p"]] == "anggota"
    r = await step(client, as_, g, "kabid_a", team_id, "appoint_ketua", g.people["pelaksana_r"])
    refused_with(r, 403, "tim_kerja.criteria_unmet", SMP_CRITERIA_SOURCE)


async def test_example_4_ketua_tim_all_criteria_in_bandung(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[BANDUNG]
    team_id = await _team_of_candidates(client, as_, g, BANDUNG)
    p = await step(client, as_, g, "kabid_a", team_id, "appoint_ketua", g.people["pelaksana_p"])
    refused_with(p, 403, "tim_kerja.criteria_unmet", BDG_KELAS_SOURCE)  # kelas 5 < 6
    q = await step(client, as_, g, "kabid_a", team_id, "appoint_ketua", g.people["pelaksana_q"])
    refused_with(q, 403, "tim_kerja.criteria_unmet", BDG_PENDIDIKAN_SOURCE)  # SMA < D3
    r = await step(client, as_, g, "kabid_a", team_id, "appoint_ketua", g.people["pelaksana_r"])
    refused_with(r, 403, "tim_kerja.criteria_unmet", BDG_KELAS_SOURCE)
    view = (await client.get(f"/v1/tim-kerja/{team_id}", headers=as_(g.people["kadinkes"], g))).json()
    assert view["ketua_nip"] is None and [h["action"] for h in view["history"]] == ["propose"]


async def test_a_pppk_cannot_lead_a_team_in_jepara(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[JEPARA]
    opened = await open_team(client, as_, g, "kadinkes", team_body(g, ["pppk_a", "jf_a"], action="form"))
    assert opened.status_code == 201, opened.text
    refused = await step(client, as_, g, "kadinkes", opened.json()["team_id"], "appoint_ketua", g.people["pppk_a"])
    refused_with(refused, 403, "tim_kerja.ketua_status_excluded", JPR_PPPK_SOURCE)


async def test_bandung_koordinator_tim_kerja_is_a_jf_named_by_the_jpt_who_leads_and_appraises_the_unit(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[BANDUNG]
    team = (await open_team(client, as_, g, "kadinkes", team_body(g, ["jf_root"], owner="dinkes"))).json()
    by_kabid = await step(client, as_, g, "kabid_a", team["team_id"], "appoint_koordinator", g.people["jf_root"])
    refused_with(by_kabid, 403, "tim_kerja.not_authorized", "Perwal Bandung 6/2023 Pasal 11 ayat (2) (baris 199)")
    pelaksana = await step(client, as_, g, "kadinkes", team["team_id"], "appoint_koordinator",
                           g.people["pelaksana_p"])
    refused_with(pelaksana, 403, "tim_kerja.kind_not_eligible", "Perwal Bandung 6/2023 Pasal 11 ayat (4) (baris 203)")
    named = await step(client, as_, g, "kadinkes", team["team_id"], "appoint_koordinator", g.people["jf_root"])
    assert named.status_code == 200 and named.json()["koordinator_nip"] == g.people["jf_root"], named.text


# ----------------------------------------------------------------------------------------------- Example 5


async def test_example_5_only_the_pimpinan_pd_sets_a_lintas_pd_team_in_sumenep(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    opened = await open_team(client, as_, g, "kabid_a", team_body(g, ["jf_a", "jf_c"]))
    assert opened.status_code == 201, opened.text
    team = opened.json()
    assert team["scope"] == "lintas_perangkat_daerah" and team["status"] == "proposed" and team["letter"] is None
    by_kabid = await step(client, as_, g, "kabid_a", team["team_id"], "set")
    refused_with(by_kabid, 403, "tim_kerja.not_authorized", SMP_LINTAS_PD_SOURCE)
    by_kadis = await step(client, as_, g, "kadinkes", team["team_id"], "set")
    assert by_kadis.status_code == 200, by_kadis.text
    state = by_kadis.json()
    assert state["status"] == "active" and state["letter"]["kind"] == "surat_perintah"
    html = await client.get(f"/v1/letters/{state['letter']['id']}.html", headers=as_(g.people["jf_a"], g))
    assert html.status_code == 200 and state["letter"]["number"] in html.text
    assert "Rina Saputri" in html.text and "Laras Maharani" in html.text  # signed by the Kepala Dinas; member
    pdf = await client.get(f"/v1/letters/{state['letter']['id']}.pdf", headers=as_(g.people["kadinkes"], g))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_example_5_a_routine_team_is_set_in_january_an_incidental_one_any_month(api):
    app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    routine = (await open_team(client, as_, g, "kabid_a", team_body(g, ["jf_a"], purpose="rutin"))).json()
    incidental = (await open_team(client, as_, g, "kabid_a", team_body(g, ["jf_a"], purpose="insidental"))).json()
    app.state.tim_kerja.clock = lambda: MARCH
    late = await step(client, as_, g, "kabid_a", routine["team_id"], "set")
    refused_with(late, 403, "tim_kerja.outside_window", SMP_JANUARY_SOURCE)
    allowed = await step(client, as_, g, "kabid_a", incidental["team_id"], "set")
    assert allowed.status_code == 200 and allowed.json()["status"] == "active", allowed.text
    app.state.tim_kerja.clock = lambda: JANUARY
    in_january = await step(client, as_, g, "kabid_a", routine["team_id"], "set")
    assert in_january.status_code == 200 and in_january.json()["status"] == "active", in_january.text


async def test_example_5_a_team_is_active_only_once_set_and_closed_only_by_the_head_or_puo(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    team = (await open_team(client, as_, g, "kabid_a", team_body(g, ["jf_a", "jf_b"]))).json()
    assert team["scope"] == "lintas_unit_organisasi" and team["status"] == "proposed"
    early = await step(client, as_, g, "kabid_a", team["team_id"], "close")
    refused_with(early, 409, "tim_kerja.step_out_of_order", ORDER_SOURCE)
    active = await step(client, as_, g, "kabid_a", team["team_id"], "set")
    assert active.json()["status"] == "active", active.text
    by_member = await step(client, as_, g, "jf_a", team["team_id"], "close")
    refused_with(by_member, 403, "tim_kerja.not_authorized", SMP_CLOSING_SOURCE)
    by_other_puo = await step(client, as_, g, "kabid_c", team["team_id"], "close")
    refused_with(by_other_puo, 403, "tim_kerja.not_authorized", SMP_CLOSING_SOURCE)
    closed = await step(client, as_, g, "kadinkes", team["team_id"], "close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed", closed.text
    after = await step(client, as_, g, "kabid_a", team["team_id"], "add_member", g.people["pelaksana_b"])
    refused_with(after, 409, "tim_kerja.team_closed", ORDER_SOURCE)
    view = (await client.get(f"/v1/tim-kerja/{team['team_id']}", headers=as_(g.people["kabid_a"], g))).json()
    assert [h["action"] for h in view["history"]] == ["propose", "set", "close"]
    assert all(h["decision_id"] and h["reasons"] for h in view["history"])
    assert len(view["letters"]) == 1


async def test_a_coordinating_pengawas_cannot_form_a_team_in_sumenep(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    refused = await open_team(client, as_, g, "kasi_a", team_body(g, ["jf_a"], owner=None))
    refused_with(refused, 403, "tim_kerja.pengawas_koordinator_cannot_form", SMP_PENGAWAS_SOURCE)


# ----------------------------------------------------------------------------------------------- Example 6


async def test_example_6_bandung_sets_a_team_only_after_the_tim_verifikasi_recommends_it(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[BANDUNG]
    team = (await open_team(client, as_, g, "kadinkes", team_body(g, ["jf_a"]))).json()
    assert team["scope"] == "dalam_unit_organisasi"
    assert team["step"]["obligations"]["route"]["via"][0]["as"] == "ketua_tim_verifikasi"
    early = await step(client, as_, g, "kadinkes", team["team_id"], "set")
    refused_with(early, 409, "tim_kerja.gate_unmet", BDG_GATE_SOURCE)
    not_verifier = await step(client, as_, g, "kabid_a", team["team_id"], "verify")
    assert not_verifier.status_code == 403 and all(e["source"] for e in not_verifier.json()["errors"])
    verified = await step(client, as_, g, "asisten", team["team_id"], "verify")
    assert verified.status_code == 200, verified.text
    assert verified.json()["status"] == "proposed"
    active = await step(client, as_, g, "kadinkes", team["team_id"], "set")
    assert active.status_code == 200 and active.json()["status"] == "active", active.text
    assert active.json()["letter"]["kind"] == "surat_perintah"


async def test_example_6_only_the_sekretaris_daerah_signs_a_lintas_pd_team_sp_in_bandung(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[BANDUNG]
    team = (await open_team(client, as_, g, "kadinkes", team_body(g, ["jf_a", "jf_c"]))).json()
    assert team["scope"] == "lintas_perangkat_daerah"
    assert (await step(client, as_, g, "asisten", team["team_id"], "verify")).status_code == 200
    by_kadis = await step(client, as_, g, "kadinkes", team["team_id"], "set")
    refused_with(by_kadis, 403, "tim_kerja.not_authorized", BDG_SEKDA_SOURCE)
    by_sekda = await step(client, as_, g, "sekda", team["team_id"], "set")
    assert by_sekda.status_code == 200, by_sekda.text
    letter = by_sekda.json()["letter"]
    html = await client.get(f"/v1/letters/{letter['id']}.html", headers=as_(g.people["kadinkes"], g))
    assert html.status_code == 200 and letter["number"] in html.text and "Wahyu Pratama" in html.text


# ----------------------------------------------------------------------------------------------- scopes


async def test_a_team_across_instansi_where_the_profile_allows_it(api):
    _app, client, worlds, as_ = api
    g, partner = worlds[BANDUNG]
    team = (await open_team(client, as_, g, "kadinkes", team_body(g, ["jf_a"], other=partner,
                                                                  other_members=("jf_b",)))).json()
    assert team["scope"] == "lintas_instansi", team
    assert (await step(client, as_, g, "asisten", team["team_id"], "verify")).status_code == 200
    active = await step(client, as_, g, "sekda", team["team_id"], "set")
    assert active.status_code == 200 and active.json()["status"] == "active", active.text
    # the member of the other instansi reads the team it is on and its letter; a stranger there does not
    seen = await client.get(f"/v1/tim-kerja/{team['team_id']}", headers=as_(partner.people["jf_b"], partner))
    assert seen.status_code == 200 and seen.json()["status"] == "active"
    letter = active.json()["letter"]
    pdf = await client.get(f"/v1/letters/{letter['id']}.pdf", headers=as_(partner.people["jf_b"], partner))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    stranger = await client.get(f"/v1/tim-kerja/{team['team_id']}", headers=as_(partner.people["jf_a"], partner))
    assert stranger.status_code == 403 and stranger.json()["errors"][0]["source"]


async def test_a_team_across_instansi_is_refused_where_the_profile_does_not_allow_it(api):
    _app, client, worlds, as_ = api
    g, partner = worlds[SUMENEP]
    refused = await open_team(client, as_, g, "kabid_a", team_body(g, ["jf_a"], other=partner,
                                                                   other_members=("jf_b",)))
    refused_with(refused, 422, "tim_kerja.scope_not_allowed", SMP_SCOPE_SOURCE)
    team = (await open_team(client, as_, g, "kabid_a", team_body(g, ["jf_a"], action="form"))).json()
    added = await step(client, as_, g, "kabid_a", team["team_id"], "add_member", partner.people["jf_b"])
    refused_with(added, 422, "tim_kerja.scope_not_allowed", SMP_SCOPE_SOURCE)


async def test_jepara_sets_a_lintas_pd_team_by_keputusan(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[JEPARA]
    team = (await open_team(client, as_, g, "kadinkes", team_body(g, ["jf_a", "jf_c"]))).json()
    assert team["scope"] == "lintas_perangkat_daerah", team
    by_kadis = await step(client, as_, g, "kadinkes", team["team_id"], "set")
    assert by_kadis.status_code == 403 and all(e["source"] for e in by_kadis.json()["errors"])
    by_pyb = await step(client, as_, g, "sekda", team["team_id"], "set")  # the Pejabat yang Berwenang
    assert by_pyb.status_code == 200, by_pyb.text
    letter = by_pyb.json()["letter"]
    assert letter["kind"] == "keputusan"
    html = await client.get(f"/v1/letters/{letter['id']}.html", headers=as_(g.people["kadinkes"], g))
    assert html.status_code == 200 and letter["number"] in html.text and "KEPUTUSAN" in html.text


async def test_a_member_added_to_an_active_team_gets_a_letter_and_an_event(api):
    app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    team = (await open_team(client, as_, g, "kabid_a", team_body(g, ["jf_a"], action="form"))).json()
    assert team["status"] == "formed"
    assert (await step(client, as_, g, "kabid_a", team["team_id"], "set")).json()["status"] == "active"
    added = await step(client, as_, g, "kabid_a", team["team_id"], "add_member", g.people["jf_b"])
    assert added.status_code == 200 and added.json()["scope"] == "lintas_unit_organisasi", added.text
    assert added.json()["letter"]["kind"] == "surat_perintah"
    twice = await step(client, as_, g, "kabid_a", team["team_id"], "add_member", g.people["jf_b"])
    refused_with(twice, 403, "tim_kerja.already_member", "Sikerja:")
    async with app.state.runtime.database.sessions() as session:
        payloads = (await session.scalars(select(orm.outbox.c.payload).where(
            orm.outbox.c.topic == "sikerja.assignment.tim_kerja", orm.outbox.c.message_key == team["team_id"])
            .order_by(orm.outbox.c.position))).all()
    events = [json.loads(p) for p in payloads]
    assert [e["type"] for e in events] == ["id.sikerja.assignment.tim_kerja_changed.v1"] * 3
    last = events[-1]["data"]
    assert last["change"]["action"] == "add_member" and last["change"]["subject_nip"] == g.people["jf_b"]
    assert {m["nip"] for m in last["members"]} == {g.people["jf_a"], g.people["jf_b"]}
    assert last["status"] == "active" and last["letter"]["number"] == added.json()["letter"]["number"]


# ----------------------------------------------------------------------------------------------- the API


async def test_a_retry_with_the_same_key_gets_the_first_answer(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    key = str(uuid.uuid4())
    body = team_body(g, ["jf_a"], action="form")
    first = await client.post("/v1/tim-kerja", json=body, headers=as_(g.people["kabid_a"], g, key))
    again = await client.post("/v1/tim-kerja", json=body, headers=as_(g.people["kabid_a"], g, key))
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    team_id = first.json()["team_id"]
    step_key = str(uuid.uuid4())
    set_once = await step(client, as_, g, "kabid_a", team_id, "set", key=step_key)
    set_again = await step(client, as_, g, "kabid_a", team_id, "set", key=step_key)
    assert set_once.status_code == set_again.status_code == 200 and set_once.json() == set_again.json()
    other_body = await client.post("/v1/tim-kerja", json={**body, "purpose": "rutin"},
                                   headers=as_(g.people["kabid_a"], g, key))
    assert other_body.status_code == 422
    view = (await client.get(f"/v1/tim-kerja/{team_id}", headers=as_(g.people["kabid_a"], g))).json()
    assert [h["action"] for h in view["history"]] == ["form", "set"] and len(view["letters"]) == 1


async def test_two_actors_at_once_exactly_one_wins_the_other_gets_409(api):
    _app, client, worlds, as_ = api
    g, _ = worlds[SUMENEP]
    team_id = (await open_team(client, as_, g, "kabid_a", team_body(g, ["jf_a", "jf_c"]))).json()["team_id"]
    results = await asyncio.gather(*(step(client, as_, g, "kadinkes", team_id, "set") for _ in range(3)))
    assert sorted(r.status_code for r in results) == [200, 409, 409], [r.text for r in results]
    view = (await client.get(f"/v1/tim-kerja/{team_id}", headers=as_(g.people["kabid_a"], g))).json()
    assert [h["action"] for h in view["history"]] == ["propose", "set"] and len(view["letters"]) == 1
