"""The realistic inputs the policy benchmarks use (benchmarks/policy_inputs/<domain>.json) stay realistic: each
follows its domain's input schema (policies/schemas/input; org_admin has none) and is allowed by its entrypoint
with the reasons that explain the allow. A policy or schema change that makes one of them a refusal would
otherwise silently turn the benchmark into a measurement of the invalid-input path."""

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from sikerja_devstack.policy_tables import DOMAINS as TABLED_DOMAINS
from sikerja_devstack.provision import opa_binary

REPO = Path(__file__).resolve().parents[2]
INPUTS = REPO / "benchmarks" / "policy_inputs"
SCHEMAS = REPO / "policies" / "schemas" / "input"
ENTRYPOINTS = ["org_admin", "penugasan", "tim_kerja", "pelaksanaan", "kinerja", "lintas_instansi"]


def _input(domain: str) -> dict:
    return json.loads((INPUTS / f"{domain}.json").read_text(encoding="utf-8"))


def test_there_is_one_input_per_entrypoint():
    assert sorted(p.stem for p in INPUTS.glob("*.json")) == sorted(ENTRYPOINTS)


@pytest.mark.parametrize("domain", [d for d in ENTRYPOINTS if (SCHEMAS / f"{d}.schema.json").exists()])
def test_benchmark_input_follows_the_input_schema(domain):
    schema = json.loads((SCHEMAS / f"{domain}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_input(domain))]
    assert errors == []


def test_only_org_admin_has_no_input_schema():
    assert [d for d in ENTRYPOINTS if not (SCHEMAS / f"{d}.schema.json").exists()] == ["org_admin"]


@pytest.mark.parametrize("domain", ENTRYPOINTS)
def test_benchmark_input_is_allowed_with_reasons(domain):
    # Loaded as the sidecar loads policies/ (devstack processes.opa_process): schemas and tests are not data.
    result = subprocess.run(
        [opa_binary(), "eval", "--ignore", "*.schema.json", "--ignore", "*_test.rego", "--data", str(REPO / "policies"),
         "--input", str(INPUTS / f"{domain}.json"), "--format", "raw", f"data.sikerja.{domain}.decision"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["allow"] is True, decision["reasons"]
    assert isinstance(decision["reasons"], list) and decision["reasons"], decision
    assert all(r.get("code", "").startswith(f"{domain}.") and r.get("source") for r in decision["reasons"])


# The domains with a decision table: the benchmark measures their input on the table, and the same input through
# the full rules beside it (benchmarks/policy_bench.py); an input that silently fell back would measure the wrong path.
@pytest.mark.parametrize("domain", TABLED_DOMAINS)
def test_benchmark_input_is_answered_from_the_table_as_the_full_rules_answer_it(domain):
    query = (f"[data.sikerja.{domain}.answered_from_table, "
             f"json.marshal(data.sikerja.{domain}.decision) == json.marshal(data.sikerja.{domain}.full_decision)]")
    result = subprocess.run(
        [opa_binary(), "eval", "--ignore", "*.schema.json", "--ignore", "*_test.rego", "--data", str(REPO / "policies"),
         "--input", str(INPUTS / f"{domain}.json"), "--format", "raw", query],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, True]
