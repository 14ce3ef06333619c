"""`scripts/sikerja up` refuses to start a sidecar on stale decision tables (policies/sikerja/tables/), before it
starts anything, and names the stale file. (That the committed tables are current is
tests/contracts/test_policy_tables.py.)"""

import json

import pytest
from sikerja_devstack import policy_tables
from sikerja_devstack.platform import Platform


def test_up_refuses_stale_tables_before_starting_anything(monkeypatch, tmp_path):
    committed = {d: json.loads(policy_tables.table_file(d).read_text(encoding="utf-8")) for d in policy_tables.DOMAINS}
    changed = {**committed, "pelaksanaan": {**committed["pelaksanaan"], "perbup-entah-1-2099/individu/berkala": {}}}
    monkeypatch.setattr(policy_tables, "compute_tables", lambda opa=None: changed)
    monkeypatch.setattr(policy_tables, "fingerprint", lambda: "policies/ edited since the tables were computed")
    monkeypatch.delenv("SIKERJA_OPA_URL", raising=False)
    platform = Platform(state=tmp_path)
    with pytest.raises(policy_tables.StaleTables, match=r"^policies/sikerja/tables/pelaksanaan/data.json differ"):
        platform.up()
    assert platform.processes == []


def test_up_computes_nothing_while_policies_match_the_tables_fingerprint(monkeypatch):
    def compute(opa=None):
        raise AssertionError("computed the tables although policies/ matches their fingerprint")
    monkeypatch.setattr(policy_tables, "compute_tables", compute)
    policy_tables.require_current_tables()
