"""Evaluation time of each decision entrypoint inside OPA (no HTTP), with a realistic allowed input per entrypoint.

For every entrypoint data.sikerja.<domain>.decision it runs

    opa bench --optimize-store-for-read-speed --ignore '*.schema.json' --ignore '*_test.rego' -d policies \
        --input benchmarks/policy_inputs/<domain>.json --format json --count N --benchmem --metrics \
        'data.sikerja.<domain>.decision'

(policies/ loaded as the sidecar loads it, see sikerja_devstack.processes.opa_process) and prints one row per
entrypoint, judged against the target "median <= 100 µs per decision". Usage:

    .cache/venv/bin/python benchmarks/policy_bench.py [--entrypoint penugasan ...] [--count 5]

Which figure is the median. `opa bench` reports, per run (one run per --count), Go's testing.BenchmarkResult:
N evaluations, T their total time (so T/N is the MEAN ns/op), and allocations. With --metrics (on by default)
it also times every single evaluation (the timer rego_query_eval around the evaluation of the prepared query)
and folds those per-evaluation times into a histogram (OPA's metrics histogram: an exponentially decaying
reservoir of 1028 samples), reported as histogram_timer_rego_query_eval_ns_{median,99%,...}. So:

  median  = histogram_timer_rego_query_eval_ns_median of each run, then the median of those over the N runs
            (this is the figure judged against the target; min-max over the runs is printed beside it);
  p99     = histogram_timer_rego_query_eval_ns_99% likewise;
  mean    = T/N (OPA's ns/op), median over the runs;
  allocs  = MemAllocs/N (allocs/op) and MemBytes/N (B/op), median over the runs.

Every input is first checked with `opa eval` to be allowed, so a refusal (a much shorter evaluation) is never
measured by mistake; tests/contracts/test_policy_benchmark_inputs.py checks the same in the test suite.

Decision tables. penugasan, lintas_instansi, pelaksanaan, kinerja and tim_kerja answer their most frequent decision
from a table computed by their full rules (policies/README.md); an input the table does not hold takes the full rules. For
these the benchmark checks that its input is answered from the table, and also measures the same input through
the full rules (data.sikerja.<domain>.full_decision), printed on the row below as "full rules": what a decision
costs when it falls back.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from sikerja_devstack.policy_tables import DOMAINS as TABLED_DOMAINS
from sikerja_devstack.provision import opa_binary

REPO = Path(__file__).resolve().parents[1]
POLICIES = REPO / "policies"
INPUTS = Path(__file__).resolve().parent / "policy_inputs"
ENTRYPOINTS = ["org_admin", "penugasan", "tim_kerja", "pelaksanaan", "kinerja", "lintas_instansi"]
TARGET_US = 100.0
LOAD_FLAGS = ["--ignore", "*.schema.json", "--ignore", "*_test.rego", "--data", str(POLICIES)]
METRIC = "histogram_timer_rego_query_eval_ns"


def _query(domain: str, rule: str = "decision") -> str:
    return f"data.sikerja.{domain}.{rule}"


def check_allowed(opa: str, domain: str) -> str:
    """The input's action, after checking that the entrypoint allows it with reasons."""
    path = INPUTS / f"{domain}.json"
    result = subprocess.run([opa, "eval", *LOAD_FLAGS, "--input", str(path), "--format", "raw", _query(domain)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"opa eval of {domain} failed:\n{result.stderr}")
    decision = json.loads(result.stdout)
    if decision.get("allow") is not True or not decision.get("reasons"):
        sys.exit(f"{path.relative_to(REPO)} is not allowed by {_query(domain)}: {decision.get('reasons')}")
    if domain in TABLED_DOMAINS:
        tabled = subprocess.run([opa, "eval", *LOAD_FLAGS, "--input", str(path), "--format", "raw",
                                 _query(domain, "answered_from_table")], capture_output=True, text=True, check=False)
        if tabled.stdout.strip() != "true":
            sys.exit(f"{path.relative_to(REPO)} is not answered from the {domain} table (answered_from_table)")
    return json.loads(path.read_text(encoding="utf-8"))["action"]


def _json_stream(text: str) -> list[dict]:
    """`opa bench --format json --count N` prints N JSON documents one after another."""
    decoder, documents, at = json.JSONDecoder(), [], 0
    while (at := _skip_space(text, at)) < len(text):
        document, at = decoder.raw_decode(text, at)
        documents.append(document)
    return documents


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def bench(opa: str, domain: str, count: int, optimize_store: bool, rule: str = "decision") -> list[dict]:
    command = [opa, "bench", *LOAD_FLAGS, "--input", str(INPUTS / f"{domain}.json"), "--format", "json",
               "--count", str(count), "--benchmem", "--metrics"]
    if optimize_store:  # as the sidecar runs (sikerja_devstack.processes.opa_process, docker-compose.yml)
        command.append("--optimize-store-for-read-speed")
    result = subprocess.run([*command, _query(domain, rule)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"opa bench of {domain} failed:\n{result.stdout}\n{result.stderr}")
    return _json_stream(result.stdout)


def summarise(runs: list[dict]) -> dict[str, float]:
    medians = [r["Extra"][f"{METRIC}_median"] / 1000 for r in runs]
    return {
        "median_us": statistics.median(medians),
        "median_min_us": min(medians),
        "median_max_us": max(medians),
        "p99_us": statistics.median(r["Extra"][f"{METRIC}_99%"] / 1000 for r in runs),
        "mean_us": statistics.median(r["T"] / r["N"] / 1000 for r in runs),
        "allocs": statistics.median(r["MemAllocs"] / r["N"] for r in runs),
        "bytes": statistics.median(r["MemBytes"] / r["N"] for r in runs),
        "evaluations": sum(r["N"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entrypoint", action="append", choices=ENTRYPOINTS,
                        help="benchmark only this entrypoint (repeatable; default: all six)")
    parser.add_argument("--count", type=int, default=5, help="opa bench --count: runs per entrypoint (each ~1 s)")
    parser.add_argument("--default-store", dest="optimize_store", action="store_false",
                        help="leave out --optimize-store-for-read-speed, which the sidecar uses (for comparison only)")
    args = parser.parse_args()
    opa = opa_binary()
    version = subprocess.run([opa, "version"], capture_output=True, text=True, check=True).stdout.split("\n")[0]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"policy evaluation time, opa bench ({version}), {args.count} run(s) per entrypoint, "
          f"{os.cpu_count()} CPU(s), load average {load}"
          + (", --optimize-store-for-read-speed (as the sidecar)" if args.optimize_store else ", default store"))
    print("median/p99: OPA's per-evaluation histogram (timer_rego_query_eval), median over the runs; "
          "mean: OPA's ns/op (T/N)")
    header = (f"{'entrypoint':18}{'action':24}{'median µs':>10}{'(runs min-max)':>18}{'p99 µs':>9}{'mean µs':>9}"
              f"{'allocs/op':>11}{'B/op':>10}{'evals':>8}  target median <= {TARGET_US:.0f} µs")
    print(header)
    print("-" * len(header))
    missed = []
    for domain in args.entrypoint or ENTRYPOINTS:
        action = check_allowed(opa, domain)
        s = summarise(bench(opa, domain, args.count, args.optimize_store))
        verdict = "PASS" if s["median_us"] <= TARGET_US else "MISS"
        if verdict == "MISS":
            missed.append(domain)
        print(_row(domain, action, s, verdict), flush=True)
        if domain in TABLED_DOMAINS:
            full = summarise(bench(opa, domain, args.count, args.optimize_store, "full_decision"))
            print(_row("  full rules", "(fallback)", full, ""), flush=True)
    print(f"missed: {', '.join(missed)}" if missed else "every entrypoint within target")


def _row(name: str, action: str, s: dict[str, float], verdict: str) -> str:
    spread = f"{s['median_min_us']:.1f}-{s['median_max_us']:.1f}"
    return (f"{name:18}{action:24}{s['median_us']:10.1f}{spread:>18}{s['p99_us']:9.1f}{s['mean_us']:9.1f}"
            f"{s['allocs']:11.0f}{s['bytes']:10.0f}{s['evaluations']:8d}  {verdict}")


if __name__ == "__main__":
    main()
