"""The decision tables (policies/sikerja/tables/<domain>/data.json) are caches of what the full rules decide; each
must be exactly what those rules give for the current profiles (regenerate with `make policy-tables`). A profile
edited without regenerating them would otherwise keep answering with the old rules for every tabled row."""

import json

import pytest
from sikerja_devstack.policy_tables import (
    DOMAINS,
    FINGERPRINT,
    compute_tables,
    fingerprint,
    render,
    stale_tables,
    table_file,
)


@pytest.fixture(scope="module")
def computed() -> dict[str, dict[str, dict]]:
    return compute_tables()


def _committed(domain: str) -> dict[str, dict]:
    return json.loads(table_file(domain).read_text(encoding="utf-8"))


@pytest.mark.parametrize("domain", DOMAINS)
def test_committed_table_matches_the_rules(domain, computed):
    committed, current = _committed(domain), computed[domain]
    stale = sorted(set(committed) ^ set(current)) + sorted(k for k in committed.keys() & current.keys()
                                                          if committed[k] != current[k])
    assert stale == [], (f"{table_file(domain)} is stale in {len(stale)} rows (first: {stale[:3]}): "
                         "run `make policy-tables` and commit it")


def test_step_table_covers_every_allowed_flow_of_every_profile():
    table = _committed("penugasan")
    flows = {tuple(key.split("/")[:3]) for key in table}
    assert len({key.split("/")[0] for key in table}) == 6
    assert len(flows) >= 38  # every (profile, mechanism, scope) any profile allows
    assert all(row["decision"]["allow"] is True for row in table.values())


def test_act_table_covers_every_lintas_instansi_flow_and_both_sides():
    table = _committed("lintas_instansi")
    steps = _committed("penugasan")
    lintas_flows = {tuple(key.split("/")[:2]) for key in steps if key.split("/")[2] == "lintas_instansi"}
    assert {tuple(key.split("/")[:2]) for key in table} == lintas_flows
    assert {key.rsplit("/", 1)[1] for key in table} == {"pemilik_kinerja", "pegawai"}


@pytest.mark.parametrize("domain", DOMAINS)
def test_table_is_rendered_canonically(domain):
    assert table_file(domain).read_text(encoding="utf-8") == render(_committed(domain))


def test_check_mode_names_exactly_the_stale_tables(computed):
    assert stale_tables(computed) == []
    changed = {**computed, "pelaksanaan": {**computed["pelaksanaan"], "perbup-entah-1-2099/individu/berkala": {}}}
    assert stale_tables(changed) == ["policies/sikerja/tables/pelaksanaan/data.json"]


def test_fingerprint_records_the_committed_policies():
    """`make run` trusts the committed tables without computing them while policies/ matches this fingerprint."""
    assert FINGERPRINT.read_text(encoding="utf-8").strip() == fingerprint(), "run `make policy-tables` and commit it"
