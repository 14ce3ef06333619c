"""Changes after import (ETag / If-Match), roles, delegation-aware penilai, Pejabat yang Berwenang: real OPA, Kafka, DB."""

import asyncio

import pytest
from org_registry.adapters import orm
from sqlalchemy import func, select

from .conftest import nip, sumenep_dinas_kesehatan

pytestmark = pytest.mark.integration


async def _imported(client, instansi_id, as_admin, document=None):
    response = await client.post(f"/v1/instansi/{instansi_id}/organisation", json=document or sumenep_dinas_kesehatan(),
                                 headers=as_admin("admin_instansi", "bupati"))
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_pegawai_is_corrected_only_with_the_etag_last_read(api):
    app, client, instansi_id, as_admin = api
    await _imported(client, instansi_id, as_admin)
    admin = as_admin("admin_instansi")
    read = await client.get(f"/v1/pegawai/{nip(3)}", headers=admin)
    assert read.status_code == 200 and read.headers["ETag"] == '"1"'
    missing = await client.patch(f"/v1/pegawai/{nip(3)}", json={"pendidikan": "S2"}, headers=admin)
    assert missing.status_code == 428 and missing.headers["content-type"].startswith("application/problem+json")
    changed = await client.patch(f"/v1/pegawai/{nip(3)}", json={"pendidikan": "S2", "talent_pool": True},
                                 headers=admin | {"If-Match": read.headers["ETag"]})
    assert changed.status_code == 200, changed.text
    assert changed.headers["ETag"] == '"2"' and changed.json()["pendidikan"] == "S2"
    stale = await client.patch(f"/v1/pegawai/{nip(3)}", json={"pendidikan": "S3"},
                               headers=admin | {"If-Match": read.headers["ETag"]})
    assert stale.status_code == 412
    assert (await client.get(f"/v1/pegawai/{nip(3)}", headers=admin)).json()["pendidikan"] == "S2"
    bad = await client.patch(f"/v1/pegawai/{nip(3)}", json={"status": "honorer"}, headers=admin | {"If-Match": '"2"'})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].endswith("status")
    other = as_admin("admin_instansi", instansi="another-instansi")
    assert (await client.patch(f"/v1/pegawai/{nip(3)}", json={"pendidikan": "D3"},
                               headers=other | {"If-Match": '"2"'})).status_code == 403


async def test_two_writers_with_the_same_etag_exactly_one_wins(api):
    _app, client, instansi_id, as_admin = api
    await _imported(client, instansi_id, as_admin)
    headers = as_admin("admin_instansi") | {"If-Match": '"1"'}
    results = await asyncio.gather(*(client.patch(f"/v1/pegawai/{nip(4)}", json={"name": f"Sri Wahyuni {i}"},
                                                  headers=headers) for i in range(4)))
    assert sorted(r.status_code for r in results) == [200, 412, 412, 412]


async def test_kedudukan_is_changed_by_the_authority_against_the_profile(api):
    _app, client, instansi_id, as_admin = api
    await _imported(client, instansi_id, as_admin)
    bupati = as_admin("admin_instansi", "bupati") | {"If-Match": '"1"'}
    # Perbup Sumenep 9/2024 Lampiran pola II: JF under the Administrator, not under the Kepala Seksi.
    wrong = await client.put(f"/v1/pegawai/{nip(3)}/kedudukan", headers=bupati,
                             json={"penilai_nip": nip(2), "start": "2025-01-02"})
    assert wrong.status_code == 422, wrong.text
    [error] = wrong.json()["errors"]
    assert error["field"] == "penilai_nip" and "pola II" in error["source"]
    to_self = await client.put(f"/v1/pegawai/{nip(3)}/kedudukan", headers=bupati,
                               json={"penilai_nip": nip(3), "start": "2025-01-02"})
    assert to_self.status_code == 422
    not_bupati = await client.put(f"/v1/pegawai/{nip(3)}/kedudukan", json={"penilai_nip": nip(1), "start": "2025-01-02"},
                                  headers=as_admin("admin_instansi") | {"If-Match": '"1"'})
    assert not_bupati.status_code == 403
    renewed = await client.put(f"/v1/pegawai/{nip(3)}/kedudukan", headers=bupati,
                               json={"penilai_nip": nip(1), "start": "2025-01-02", "basis_document": "Keputusan Bupati"})
    assert renewed.status_code == 200, renewed.text
    assert renewed.headers["ETag"] == '"2"'
    old = await client.get(f"/v1/pegawai/{nip(3)}/penilai", params={"on": "2024-12-31"}, headers=as_admin())
    new = await client.get(f"/v1/pegawai/{nip(3)}/penilai", params={"on": "2025-01-02"}, headers=as_admin())
    assert old.json()["since"] == "2024-04-01" and new.json()["since"] == "2025-01-02"
    earlier = await client.put(f"/v1/pegawai/{nip(3)}/kedudukan", headers=bupati | {"If-Match": '"2"'},
                               json={"penilai_nip": nip(1), "start": "2024-06-01"})
    assert earlier.status_code == 422 and earlier.json()["errors"][0]["field"] == "start"


async def test_ending_a_placement_needs_the_etag_and_removes_the_holder(api):
    _app, client, instansi_id, as_admin = api
    await _imported(client, instansi_id, as_admin)
    admin = as_admin("admin_instansi")
    position_id = (await client.get(f"/v1/pegawai/{nip(4)}/chain", headers=admin)).json()["position"]["position_id"]
    ended = await client.post(f"/v1/pegawai/{nip(4)}/placements/{position_id}/end", json={"end": "2025-06-30"},
                              headers=admin | {"If-Match": '"1"'})
    assert ended.status_code == 200, ended.text
    again = await client.post(f"/v1/pegawai/{nip(4)}/placements/{position_id}/end", json={"end": "2025-06-30"},
                              headers=admin | {"If-Match": '"2"'})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "position_id"
    assert (await client.get(f"/v1/pegawai/{nip(4)}/chain", headers=admin)).status_code == 404


def _with_roles_and_delegation(document: dict) -> dict:
    document["perangkat_daerah"].append({"code": "SETDA", "name": "Sekretariat Daerah", "pd_type": "sekretariat_daerah"})
    document["units"].append({"code": "SETDA", "pd": "SETDA", "name": "Sekretariat Daerah"})
    document["positions"].append({"code": "SEKDA", "unit": "SETDA", "title": "Sekretaris Daerah", "kind": "jpt_pratama",
                                  "leads_unit": True})
    document["pegawai"].append({"nip": nip(7), "name": "Wahyu Pratama", "status": "PNS", "pendidikan": "S2"})
    document["placements"].append({"nip": nip(7), "position": "SEKDA", "start": "2024-04-01"})
    document["delegations"] = [{"from_nip": nip(1), "to_nip": nip(2), "scope": "penilaian", "start": "2024-04-01",
                                "reason": "manajemen rentang kendali"}]
    return document


async def test_penilai_of_names_who_appraises_under_a_delegation(api):
    _app, client, instansi_id, as_admin = api
    await _imported(client, instansi_id, as_admin, _with_roles_and_delegation(sumenep_dinas_kesehatan()))
    answer = (await client.get(f"/v1/pegawai/{nip(3)}/penilai", headers=as_admin())).json()
    assert answer["penilai_nip"] == nip(1) and answer["acting_penilai_nip"] == nip(2)
    assert answer["delegation"]["scope"] == "penilaian" and "pendelegasian kewenangan" in answer["delegation"]["source"]
    before = (await client.get(f"/v1/pegawai/{nip(6)}/penilai", headers=as_admin())).json()
    assert before["acting_penilai_nip"] is None


async def test_kedudukan_view_names_the_coordinating_pengawas_and_the_delegating_head(api):
    _app, client, instansi_id, as_admin = api
    await _imported(client, instansi_id, as_admin)
    view = (await client.get(f"/v1/pegawai/{nip(3)}/kedudukan", headers=as_admin())).json()
    assert view["conforms"] is True and view["expected"]["pattern"] == "II"
    assert view["coordinator"]["official"]["nip"] == nip(2)  # Kepala Seksi, Ketua Tim ex officio (pola II)
    assert view["coordinator"]["may_form_team"] is False and "baris 529-530" in view["coordinator"]["source"]
    assert view["penilai_acts_on_delegation_of"]["official"]["nip"] == nip(0)  # the Kepala Dinas (baris 524)
    roles = (await client.get(f"/v1/pegawai/{nip(2)}/roles", headers=as_admin())).json()
    ketua = [r for r in roles if r["role"] == "ketua_tim"]
    assert ketua and ketua[0]["may_form_team"] is False and ketua[0]["recorded"] is False
    assert {"pimpinan_unit_organisasi", "pemilik_kinerja"} <= {r["role"] for r in roles}


async def test_recorded_pejabat_yang_berwenang_and_the_reading_without_a_record(api):
    _app, client, instansi_id, as_admin = api
    document = _with_roles_and_delegation(sumenep_dinas_kesehatan())
    await _imported(client, instansi_id, as_admin, document)
    scope = (await client.get("/v1/scope", params={"from_nip": nip(3), "to_nip": nip(6)}, headers=as_admin())).json()
    assert scope["requester"]["pejabat_yang_berwenang"]["nip"] == nip(7)  # Sekretaris Daerah, by reading
    assert "Bacaan Sikerja" in scope["requester"]["pejabat_yang_berwenang_source"]
    document["roles"] = [{"nip": nip(0), "role": "pejabat_yang_berwenang", "start": "2024-04-01",
                          "basis_document": "Keputusan Bupati Sumenep (sintetis)"}]
    imported = await _imported(client, instansi_id, as_admin, document)
    assert imported["created"]["roles"] == 1 and imported["events"] == 2
    scope = (await client.get("/v1/scope", params={"from_nip": nip(3), "to_nip": nip(6)}, headers=as_admin())).json()
    assert scope["target"]["pejabat_yang_berwenang"]["nip"] == nip(0)
    assert scope["target"]["pejabat_yang_berwenang_source"] == "Keputusan Bupati Sumenep (sintetis)"
    roles = (await client.get(f"/v1/pegawai/{nip(0)}/roles", headers=as_admin())).json()
    assert any(r["role"] == "pejabat_yang_berwenang" and r["recorded"] for r in roles)


async def test_an_appointment_the_profile_does_not_allow_is_refused_with_its_source(api):
    _app, client, instansi_id, as_admin = api
    document = sumenep_dinas_kesehatan()
    document["roles"] = [
        {"nip": nip(3), "role": "koordinator_tim_kerja", "unit": "DINKES", "start": "2024-04-01"},  # Bandung only
        {"nip": nip(4), "role": "pejabat_yang_berwenang", "start": "2024-04-01"},  # a Pelaksana
    ]
    refused = await client.post(f"/v1/instansi/{instansi_id}/organisation", json=document,
                                headers=as_admin("admin_instansi", "bupati"))
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.json()["errors"]}
    assert fields == {"roles[1].role", "roles[2].nip"}
    async with _app_sessions(api) as session:
        assert await session.scalar(select(func.count()).select_from(orm.role_assignments)) == 0


def _app_sessions(api):
    return api[0].state.runtime.database.sessions()


async def test_an_import_that_changes_a_pegawai_sends_the_record_with_its_new_version(api, mint_token):
    app, client, instansi_id, as_admin = api
    await _imported(client, instansi_id, as_admin)
    changed = await client.patch(f"/v1/pegawai/{nip(3)}", json={"talent_pool": True},
                                 headers=as_admin("admin_instansi") | {"If-Match": '"1"'})
    assert changed.headers["ETag"] == '"2"'
    document = sumenep_dinas_kesehatan()
    document["pegawai"][3] |= {"pendidikan": "S2", "talent_pool": True}
    reimported = await _imported(client, instansi_id, as_admin, document)
    assert reimported["updated"]["pegawai"] == 1 and reimported["events"] == 2  # the record and the summary
    await app.state.runtime.relay.relay_once()
    integration = {"Authorization": f"Bearer {mint_token('199912312020121001', roles=['integration'])}"}
    events = (await client.get("/v1/events", params={"topic": "sikerja.org.pegawai", "after": 0, "limit": 100},
                               headers=integration)).json()["events"]
    updates = [e["data"] for e in events
               if e["type"] == "id.sikerja.org.pegawai_updated.v1" and e["data"]["nip"] == nip(3)]
    assert [(u["version"], u["pendidikan"], u["talent_pool"]) for u in updates] == [
        (1, "S1", False), (2, "S1", True), (3, "S2", True)]
