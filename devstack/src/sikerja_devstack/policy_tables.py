"""The penugasan step table: every state of every flow a profile allows, and the decision for each step open in it.

The table (policies/sikerja/tables/penugasan/data.json, data.sikerja.tables.penugasan) lets OPA answer the most
frequent decision, taking a step, with a lookup instead of evaluating the flow again; policies/sikerja/penugasan/
tables.rego explains it. This module writes it: starting from the empty state of each flow, it asks OPA for the rows
of all states of one depth at once (data.sikerja.penugasan.table_rows, computed by the full rules), then walks to
the states those steps lead to, until no state is new. Run it after changing a profile or the penugasan rules:

    make policy-tables

tests/contracts/test_policy_tables.py computes the table again and fails when the committed one differs.
"""

from __future__ import annotations

import json
import subprocess
import sys

from sikerja_devstack.paths import POLICIES
from sikerja_devstack.provision import opa_binary

TABLE = POLICIES / "sikerja" / "tables" / "penugasan" / "data.json"
LOAD_FLAGS = ["--ignore", "*.schema.json", "--ignore", "*_test.rego", "--data", str(POLICIES)]
MAX_DEPTH = 64  # a flow has a dozen steps at most; a walk this deep means the flows have a cycle


class TableError(RuntimeError):
    """The rules gave a row that is not an allow, or the walk did not end."""


def _evaluate(opa: str, query: str, input_document: dict | None = None) -> object:
    command = [opa, "eval", *LOAD_FLAGS, "--format", "raw", query]
    if input_document is not None:
        command[2:2] = ["--stdin-input"]
    result = subprocess.run(command, input=json.dumps(input_document) if input_document is not None else None,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise TableError(f"opa eval {query} failed:\n{result.stderr}")
    return json.loads(result.stdout)


def _state_key(state: dict) -> str:
    return json.dumps(state, sort_keys=True)


def compute_table(opa: str | None = None) -> dict[str, dict]:
    """The table as the current profiles and rules give it: {key: entry}, keys sorted."""
    opa = opa or opa_binary()
    frontier = _evaluate(opa, "data.sikerja.penugasan.table_start_states")
    seen = {_state_key(s) for s in frontier}
    table: dict[str, dict] = {}
    for _ in range(MAX_DEPTH):
        if not frontier:
            return dict(sorted(table.items()))
        rows = _evaluate(opa, "data.sikerja.penugasan.table_rows", {"table_states": frontier})
        frontier = []
        for row in rows:
            if row["allowed"] is not True or row["entry"]["decision"].get("allow") is not True:
                raise TableError(f"the rules refuse the tabled step {row['key']}: {row['entry']['decision']}")
            table[row["key"]] = row["entry"]
            profile, mechanism, scope, form = row["key"].split("/")[:4]
            state = {"profile": profile, "mechanism": mechanism, "scope": scope, "form": form or None,
                     "steps_done": row["after"]}
            if (key := _state_key(state)) not in seen:
                seen.add(key)
                frontier.append(state)
    raise TableError(f"the flows were still yielding new states after {MAX_DEPTH} steps")


def render(table: dict[str, dict]) -> str:
    """One row per line, keys sorted: a change to a profile shows in a diff as the rows it changes."""
    rows = (f"{json.dumps(key, ensure_ascii=False)}: "
            f"{json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(',', ':'))}"
            for key, entry in sorted(table.items()))
    return "{\n" + ",\n".join(rows) + "\n}\n"


def main() -> None:
    table = compute_table()
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text(render(table), encoding="utf-8")
    print(f"{TABLE.relative_to(POLICIES.parent)}: {len(table)} tabled steps", file=sys.stderr)


if __name__ == "__main__":
    main()
