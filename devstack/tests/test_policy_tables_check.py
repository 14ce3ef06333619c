"""`scripts/sikerja up` refuses to start a sidecar on stale decision tables (policies/sikerja/tables/), before it
starts anything, and names the stale file; with the committed tables current, the check passes."""

import pytest
from sikerja_devstack import policy_tables
from sikerja_devstack.platform import Platform


def test_up_refuses_stale_tables_before_starting_anything(monkeypatch, tmp_path):
    current = policy_tables.compute_tables()
    changed = {**current, "pelaksanaan": {**current["pelaksanaan"], "perbup-entah-1-2099/individu/berkala": {}}}
    monkeypatch.setattr(policy_tables, "compute_tables", lambda opa=None: changed)
    monkeypatch.delenv("SIKERJA_OPA_URL", raising=False)
    platform = Platform(state=tmp_path)
    with pytest.raises(policy_tables.StaleTables, match="policies/sikerja/tables/pelaksanaan/data.json"):
        platform.up()
    assert platform.processes == []


def test_committed_tables_are_current():
    policy_tables.require_current_tables()
