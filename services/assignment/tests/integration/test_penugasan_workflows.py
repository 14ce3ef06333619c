"""Every penugasan workflow every profile allows, over HTTP with real OPA, Kafka and a real database.

For each (profile, mechanism, scope) the profile allows: a happy path driven by what the service says comes next
(``next_actors``: the step and the NIP of whoever holds the role), taking the approving branch, naming a pegawai
of the unit asked where the assigning step needs one, until the assignment is in force; every letter renders.
And refusals: a bystander taking the next step (403), the assigning step taken out of order (409). For the cells a
profile does not allow, opening is refused with the matrix's source.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from assignment.bootstrap import build_app
from assignment.config import Settings

from .org_world import government, seed

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="module")]

PROFILES = Path(__file__).resolve().parents[4] / "policies" / "sikerja" / "profiles"
PROFILE_IDS = sorted(p.name for p in PROFILES.iterdir() if (p / "penugasan" / "data.json").is_file())
SCOPES = ["dalam_unit_organisasi", "lintas_unit_organisasi", "lintas_perangkat_daerah", "lintas_instansi"]
CONTENTS = {"maksud_tujuan": "Penyusunan kajian kebijakan pelayanan rujukan",
            "kompetensi": "analisis kebijakan, statistik", "kriteria": "Analis Kebijakan paling rendah Ahli Muda",
            "target_kinerja": "Satu dokumen kajian diterima Kepala Dinas",
            "target_kinerja_tim": "Kajian tim selesai dalam satu triwulan", "durasi": "3 bulan",
            "pengaturan_lainnya": "Rapat koordinasi setiap Senin"}


def _section(profile: str) -> dict:
    return json.loads((PROFILES / profile / "penugasan" / "data.json").read_text())


def _matrix(profile: str) -> dict:
    return _section(profile)["mechanisms"]


def _cells(allowed: bool) -> list[tuple[str, str, str]]:
    return [(p, mechanism, scope) for p in PROFILE_IDS for mechanism, cell in _matrix(p).items()
            for scope in SCOPES if cell["scopes"][scope]["allowed"] is allowed]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def service(database_url_factory, kafka_bootstrap, opa_url, token_issuer_url, mint_token):
    """One service and one small government per profile (its own instansi and a partner instansi) for the module."""
    app = build_app(Settings(database_url=database_url_factory(), kafka_bootstrap_servers=kafka_bootstrap,
                             opa_url=opa_url,
                             token_issuers={token_issuer_url: f"{token_issuer_url}/.well-known/jwks.json"}))
    worlds = {profile: (government(f"KAB-{n}", f"Pemerintah Kabupaten Contoh {n}", profile),
                        government(f"KOTA-{n}", f"Pemerintah Kota Mitra {n}", profile))
              for n, profile in enumerate(PROFILE_IDS, 1)}
    async with app.router.lifespan_context(app):
        await seed(app.state.runtime.database.sessions, *(g for pair in worlds.values() for g in pair))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://assignment") as client:
            yield client, worlds


@pytest.fixture
def world(service, mint_token, request):
    client, worlds = service
    home, other = worlds[request.node.callspec.params["profile"]]

    def as_(nip: str, instansi) -> dict:
        return {"Authorization": f"Bearer {mint_token(nip, instansi=instansi.id, roles=['pegawai'])}",
                "Idempotency-Key": str(uuid.uuid4())}
    return client, home, other, as_


def _opening(profile: str, mechanism: str, scope: str, home, other) -> tuple[str, dict, object]:
    """Who opens the request and with which body: the initiator's role decides who the requester is."""
    cell = _matrix(profile)[mechanism]["scopes"][scope]
    target_instansi = other if scope == "lintas_instansi" else home
    target_unit = {"dalam_unit_organisasi": "bidang_a", "lintas_unit_organisasi": "bidang_b",
                   "lintas_perangkat_daerah": "bidang_c", "lintas_instansi": "bidang_b"}[scope]
    first = next((s for s in cell.get("steps", []) if not s["after"] and not s.get("after_any")),
                 {"action": "submit", "id": None})
    body = {"mechanism": mechanism, "action": first["action"], "step": first["id"], "contents": CONTENTS,
            "period_start": "2026-02-02", "period_end": "2026-05-01"}
    if mechanism == "pengajuan_sukarela":
        body["owner_unit_id"] = target_instansi.units[target_unit]
        body["pegawai_nip"] = home.people["jf_a"]
        actors = set(first.get("actors", ["pegawai"]))
        # The pegawai applies; where the flow starts with the home approval, the pegawai's own official opens it.
        opener = "jf_a" if "pegawai" in actors else "kadinkes" if any(a.startswith("kepala") for a in actors) \
            else "kabid_a"
        return home.people[opener], body, home
    initiator = cell.get("initiator", "puo_pemilik_kinerja")
    binding = _section(profile)["actors"].get(initiator, {}).get("binding", {})
    # An office held over the PD (a Kepala PD, or a PUO where the profile reads the Unit Organisasi as the PD)
    # is the Kepala Dinas; an office over a unit is the Kepala Bidang.
    at_pd_level = binding.get("level") == "perangkat_daerah" or binding.get("as") == "kepala_perangkat_daerah"
    requester = home.people["kadinkes" if at_pd_level else "kabid_a"]
    if scope == "dalam_unit_organisasi":
        body["pegawai_nip"] = home.people["jf_root" if at_pd_level else "jf_a"]
    else:
        body["pegawai_unit_id"] = target_instansi.units[target_unit]
    return requester, body, home


def _candidate(scope: str, home, other) -> str:
    return {"dalam_unit_organisasi": home.people["jf_a"], "lintas_unit_organisasi": home.people["jf_b"],
            "lintas_perangkat_daerah": home.people["jf_c"], "lintas_instansi": other.people["jf_b"]}[scope]


def _instansi_of(nip: str, home, other):
    return home if nip in home.people.values() else other


@pytest.mark.parametrize(("profile", "mechanism", "scope"), _cells(True))
async def test_allowed_workflow_runs_to_an_assignment_in_force(world, profile, mechanism, scope):
    client, home, other, as_ = world
    requester, body, requester_instansi = _opening(profile, mechanism, scope, home, other)
    opened = await client.post("/v1/penugasan", json=body, headers=as_(requester, requester_instansi))
    assert opened.status_code == 201, opened.text
    state = opened.json()
    assert state["scope"] == scope
    cell = _matrix(profile)[mechanism]["scopes"][scope]
    # The pegawai is named by whoever takes the assigning step, or a step that comes before it in the asal unit.
    assigning_or_later = {s["id"] for s in cell["steps"] if s.get("assigns") or s["action"] in {"recommend", "draft",
                                                                                              "approve", "sign"}}
    request_id = state["request_id"]
    letters = [(state["letter"], requester, requester_instansi)] if state["letter"] else []
    named = "pegawai_nip" in body
    for _ in range(20):
        if not state["next_actors"]:
            break
        choice = next((a for a in state["next_actors"] if a["action"] != "reject"), None)
        assert choice is not None, f"only rejections are open: {state['next_actors']}"
        step = {"action": choice["action"], "step": choice["step_id"]}
        if not named and choice["step_id"] in assigning_or_later:
            step["pegawai_nip"], named = _candidate(scope, home, other), True
        actor_instansi = _instansi_of(choice["nip"], home, other)
        taken = await client.post(f"/v1/penugasan/{request_id}/steps", json=step, headers=as_(choice["nip"],
                                                                                               actor_instansi))
        assert taken.status_code == 200, (choice, taken.text)
        state = taken.json()
        if state["letter"]:
            letters.append((state["letter"], choice["nip"], actor_instansi))
    assert state["status"] == "active", state
    assert state["next_actors"] == []
    assert any(letter["kind"] in {"surat_perintah", "surat_penugasan", "keputusan", "sk_tim_kerja"}
               for letter, _, _ in letters), letters
    for letter, author, author_instansi in letters:  # each letter as its author's side sees it
        html = await client.get(f"/v1/letters/{letter['id']}.html", headers=as_(author, author_instansi))
        assert html.status_code == 200 and letter["number"] in html.text, html.text
        pdf = await client.get(f"/v1/letters/{letter['id']}.pdf", headers=as_(author, author_instansi))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    history = (await client.get(f"/v1/penugasan/{request_id}", headers=as_(requester, requester_instansi))).json()
    assert all(entry["decision_id"] and entry["reasons"] for entry in history["history"])


@pytest.mark.parametrize(("profile", "mechanism", "scope"), _cells(True))
async def test_allowed_workflow_refuses_a_bystander_and_a_step_out_of_order(world, profile, mechanism, scope):
    client, home, other, as_ = world
    requester, body, requester_instansi = _opening(profile, mechanism, scope, home, other)
    opened = await client.post("/v1/penugasan", json=body, headers=as_(requester, requester_instansi))
    assert opened.status_code == 201, opened.text
    state = opened.json()
    if not state["next_actors"]:
        pytest.fail(f"nothing follows the first step of {profile} {mechanism} {scope}")
    bystander = home.people["pelaksana_c"]
    choice = state["next_actors"][0]
    refused = await client.post(f"/v1/penugasan/{state['request_id']}/steps", headers=as_(bystander, home),
                                json={"action": choice["action"], "step": choice["step_id"]})
    assert refused.status_code == 403, refused.text
    assert all(error["source"] for error in refused.json()["errors"])
    cell = _matrix(profile)[mechanism]["scopes"][scope]
    assigning = next(s for s in cell["steps"] if s.get("assigns") and "tim_kerja" not in (s.get("forms") or []))
    if assigning["id"] not in {a["step_id"] for a in state["next_actors"]}:
        early_step = {"action": assigning["action"], "step": assigning["id"]}
        if "pegawai_nip" not in body:
            early_step["pegawai_nip"] = _candidate(scope, home, other)
        early = await client.post(f"/v1/penugasan/{state['request_id']}/steps", headers=as_(requester, home),
                                  json=early_step)
        assert early.status_code in {403, 409}, early.text
        assert early.json()["errors"]


@pytest.mark.parametrize(("profile", "mechanism", "scope"), _cells(False))
async def test_a_scope_the_profile_does_not_allow_cannot_be_opened(world, profile, mechanism, scope):
    client, home, other, as_ = world
    requester, body, requester_instansi = _opening(profile, mechanism, scope, home, other)
    body.pop("step", None)
    refused = await client.post("/v1/penugasan", json=body, headers=as_(requester, requester_instansi))
    assert refused.status_code in {403, 422}, refused.text
    codes = {e["code"] for e in refused.json()["errors"]}
    assert "penugasan.scope_not_allowed" in codes, refused.json()
    cell = _matrix(profile)[mechanism]["scopes"][scope]
    assert any(e.get("source") == cell["source"] for e in refused.json()["errors"])
