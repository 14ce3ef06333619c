"""The decision tables: what the full rules decide, computed ahead for the most frequent decisions.

The penugasan step table (policies/sikerja/tables/penugasan/data.json, data.sikerja.tables.penugasan) lets OPA
answer the most frequent decision, taking a step, with a lookup instead of evaluating the flow again; the
lintas_instansi exchange table does the same for acting in and reading a cross-instansi exchange, and the
pelaksanaan report table for the static part of a report, the kinerja authority table for assessing and
signing an SKP, and the tim_kerja composition table for proposing, forming and setting a team and adding a
member. Each domain's tables.rego (policies/sikerja/<domain>/) explains its table. This module writes them:
starting from the empty state of each flow, it asks OPA for the penugasan rows of all states of one depth at once
(data.sikerja.penugasan.table_rows, computed by the full rules), then walks to the states those steps lead to,
until no state is new; then it asks for the lintas_instansi rows of every state it walked, and for the pelaksanaan,
kinerja and tim_kerja rows. Run it after changing a profile or the rules of one of these domains:

    make policy-tables

tests/contracts/test_policy_tables.py computes the tables again and fails when a committed one differs;
`--check` does the same for a deployment (exit 1 when a table is stale, writing nothing).

Computing the tables takes OPA about ten seconds, too long to repeat on every `make run`. So the generator also
writes a fingerprint of the Rego and JSON in policies/ it was computed from, the tables included (FINGERPRINT),
and the start-up check computes the tables only when that fingerprint no longer matches. The contract test keeps
the committed fingerprint current.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from sikerja_devstack.paths import POLICIES
from sikerja_devstack.provision import opa_binary

TABLES = POLICIES / "sikerja" / "tables"
DOMAINS = ("penugasan", "lintas_instansi", "pelaksanaan", "kinerja", "tim_kerja")
LOAD_FLAGS = ["--ignore", "*.schema.json", "--ignore", "*_test.rego", "--data", str(POLICIES)]
FINGERPRINT = TABLES / "computed-from.sha256"  # not a .json or .rego file: OPA does not load it
MAX_DEPTH = 64  # a flow has a dozen steps at most; a walk this deep means the flows have a cycle


class TableError(RuntimeError):
    """The rules gave a row that is not an allow, or the walk did not end."""


class StaleTables(RuntimeError):
    """A committed table differs from what the rules give now: the sidecar would answer by the old rules."""


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


def compute_tables(opa: str | None = None) -> dict[str, dict[str, dict]]:
    """Every table as the current profiles and rules give it: {domain: {key: entry}}."""
    opa = opa or opa_binary()
    frontier = _evaluate(opa, "data.sikerja.penugasan.table_start_states")
    states = list(frontier)
    seen = {_state_key(s) for s in frontier}
    steps: dict[str, dict] = {}
    for _ in range(MAX_DEPTH):
        if not frontier:
            break
        rows = _evaluate(opa, "data.sikerja.penugasan.table_rows", {"table_states": frontier})
        frontier = []
        for row in rows:
            _check_allowed("penugasan", row, row["entry"]["decision"].get("allow"))
            steps[row["key"]] = row["entry"]
            profile, mechanism, scope, form = row["key"].split("/")[:4]
            state = {"profile": profile, "mechanism": mechanism, "scope": scope, "form": form or None,
                     "steps_done": row["after"]}
            if (key := _state_key(state)) not in seen:
                seen.add(key)
                frontier.append(state)
                states.append(state)
    else:
        raise TableError(f"the flows were still yielding new states after {MAX_DEPTH} steps")
    acts: dict[str, dict] = {}
    for row in _evaluate(opa, "data.sikerja.lintas_instansi.table_rows", {"table_states": states}):
        _check_allowed("lintas_instansi", row, True)
        acts[row["key"]] = row["entry"]
    return {"penugasan": dict(sorted(steps.items())), "lintas_instansi": dict(sorted(acts.items())),
            "pelaksanaan": _profile_rows(opa, "pelaksanaan"), "kinerja": _profile_rows(opa, "kinerja"),
            "tim_kerja": _profile_rows(opa, "tim_kerja")}


def _profile_rows(opa: str, domain: str) -> dict[str, dict]:
    """A table whose rows come from the profiles alone (no walk of flow states): {key: entry}, keys sorted."""
    rows = {}
    for row in _evaluate(opa, f"data.sikerja.{domain}.table_rows"):
        _check_allowed(domain, row, True)
        rows[row["key"]] = row["entry"]
    return dict(sorted(rows.items()))


def _check_allowed(domain: str, row: dict, decision_allows: object) -> None:
    if row["allowed"] is not True or decision_allows is not True:
        raise TableError(f"the {domain} rules refuse the tabled row {row['key']}: {row['entry']}")


def table_file(domain: str) -> Path:
    return TABLES / domain / "data.json"


def render(table: dict[str, dict]) -> str:
    """One row per line, keys sorted: a change to a profile shows in a diff as the rows it changes."""
    rows = (f"{json.dumps(key, ensure_ascii=False)}: "
            f"{json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(',', ':'))}"
            for key, entry in sorted(table.items()))
    return "{\n" + ",\n".join(rows) + "\n}\n"


def stale_tables(tables: dict[str, dict[str, dict]]) -> list[str]:
    """The committed table files that differ from what the rules give now."""
    return [str(table_file(domain).relative_to(POLICIES.parent)) for domain, table in tables.items()
            if not table_file(domain).exists() or table_file(domain).read_text(encoding="utf-8") != render(table)]


def fingerprint() -> str:
    """SHA-256 over the paths and contents of what OPA loads from policies/: its Rego (tests aside) and JSON."""
    digest = hashlib.sha256()
    for path in sorted(POLICIES.rglob("*")):
        if path.suffix in {".rego", ".json"} and not path.name.endswith("_test.rego"):
            digest.update(str(path.relative_to(POLICIES)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def require_current_tables(opa: str | None = None) -> None:
    """Raise StaleTables naming every stale table file (run before starting a sidecar on policies/). Nothing to
    compute when policies/ is exactly what the tables were last computed from."""
    if FINGERPRINT.exists() and FINGERPRINT.read_text(encoding="utf-8").strip() == fingerprint():
        return
    if stale := stale_tables(compute_tables(opa)):
        raise StaleTables(f"{', '.join(stale)} differ from what the profiles and rules give now: "
                          "run `make policy-tables` (and commit the tables with the change)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Compute the decision tables in policies/sikerja/tables/.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a committed table differs from what the rules give now "
                             "(for a deployment that edits a profile: the sidecar must not serve a stale table)")
    args = parser.parse_args()
    tables = compute_tables()
    if args.check:
        stale = stale_tables(tables)
        for path in stale:
            print(f"{path} is stale: run `make policy-tables`", file=sys.stderr)
        sys.exit(1 if stale else 0)
    for domain, table in tables.items():
        path = table_file(domain)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(table), encoding="utf-8")
        print(f"{path.relative_to(POLICIES.parent)}: {len(table)} rows", file=sys.stderr)
    FINGERPRINT.write_text(fingerprint() + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
