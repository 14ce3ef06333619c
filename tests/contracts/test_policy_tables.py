"""The penugasan step table (policies/sikerja/tables/penugasan/data.json) is a cache of what the full penugasan
rules decide; it must be exactly what those rules give for the current profiles (regenerate with
`make policy-tables`). A profile edited without regenerating it would otherwise keep answering with the old rules
for every tabled step."""

import json

from sikerja_devstack.policy_tables import TABLE, compute_table, render


def test_committed_table_matches_the_rules():
    committed = json.loads(TABLE.read_text(encoding="utf-8"))
    computed = compute_table()
    stale = sorted(set(committed) ^ set(computed)) + sorted(k for k in committed.keys() & computed.keys()
                                                            if committed[k] != computed[k])
    assert stale == [], (f"{TABLE.name} is stale in {len(stale)} rows (first: {stale[:3]}): "
                         "run `make policy-tables` and commit it")


def test_table_covers_every_allowed_flow_of_every_profile():
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    flows = {tuple(key.split("/")[:3]) for key in table}
    profiles = {key.split("/")[0] for key in table}
    assert len(profiles) == 6
    assert len(flows) >= 38  # every (profile, mechanism, scope) any profile allows
    assert all(row["decision"]["allow"] is True for row in table.values())


def test_table_is_rendered_canonically():
    assert TABLE.read_text(encoding="utf-8") == render(json.loads(TABLE.read_text(encoding="utf-8")))
