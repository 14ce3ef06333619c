"""Service → OPA sidecar decision latency over loopback HTTP with the real adapter (sikerja_policy_client).

Starts its own OPA with policies/ (as the sidecar runs it), then, in the same run, for each entrypoint:
  1. baseline: round trip of OPA's GET /health through the same connection pool, paced at the same rate;
  2. decisions: POST /v1/data/sikerja/<domain>/decision with that entrypoint's realistic allowed input
     (benchmarks/policy_inputs/<domain>.json), paced at a fixed rate (open loop).
The baseline is measured just before each entrypoint's decisions, so load on the machine that drifts during the
run affects both alike. The OPA is started as the devstack starts the sidecar (its environment included), and this
process, standing in for a service, sets its garbage collector as a service does (tune_garbage_collection). Prints
p50/p90/p99/max of both, their ratio, the target "p99 <= 3 ms" and the CPU time OPA and this process spent per
decision (from /proc: all of OPA's work for a request, of which opa bench measures the evaluation alone) per
entrypoint, then a summary. Usage:
    .cache/venv/bin/python benchmarks/policy_decision_latency.py [--rate 500] [--seconds 10] [--entrypoint all]
--entrypoint is one of org_admin, penugasan, tim_kerja, pelaksanaan, kinerja, lintas_instansi, or all (the
default: each in turn); it may be repeated.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from sikerja_devstack.processes import cpu_seconds, free_port, opa_process
from sikerja_policy_client import PolicyClient, PolicyUnavailable
from sikerja_runtime import ServiceSettings
from sikerja_runtime.runtime import tune_garbage_collection

INPUTS = Path(__file__).resolve().parent / "policy_inputs"
ENTRYPOINTS = ["org_admin", "penugasan", "tim_kerja", "pelaksanaan", "kinerja", "lintas_instansi"]
TARGET_P99_MS = 3.0
TIMEOUT_S = 1.0  # client timeout (the services default to 0.5 s: SIKERJA_OPA_TIMEOUT_SECONDS)


def realistic_input(domain: str) -> dict:
    """The entrypoint's benchmark input; tests/contracts/test_policy_benchmark_inputs.py keeps it allowed."""
    return json.loads((INPUTS / f"{domain}.json").read_text(encoding="utf-8"))


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": pick(0.50), "p90": pick(0.90), "p99": pick(0.99), "max": ordered[-1],
            "mean": statistics.fmean(ordered)}


async def paced(rate: int, seconds: float, call) -> tuple[list[float], float]:
    """Fire `call` at a fixed rate (open loop, so slow answers do not lower the offered load)."""
    latencies: list[float] = []
    interval = 1.0 / rate
    total = int(rate * seconds)
    started = time.perf_counter()

    async def one() -> None:
        t0 = time.perf_counter()
        await call()
        latencies.append((time.perf_counter() - t0) * 1000)

    tasks = []
    for n in range(total):
        delay = started + n * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one()))
    await asyncio.gather(*tasks)
    return latencies, total / (time.perf_counter() - started)


async def settle(client: PolicyClient, limit_s: float = 60.0) -> None:
    """Wait until OPA has worked off what an overloaded previous entrypoint left queued (answers /health fast
    20 times in a row), so one entrypoint's backlog is not measured as the next one's latency."""
    deadline, fast = time.perf_counter() + limit_s, 0
    while fast < 20 and time.perf_counter() < deadline:
        t0 = time.perf_counter()
        ok = await client.healthy()
        fast = fast + 1 if ok and time.perf_counter() - t0 < 0.02 else 0
        await asyncio.sleep(0.05)


def row(label: str, p: dict[str, float], achieved: float) -> str:
    return f"{label:40}" + "".join(f"{p[k]:8.2f}" for k in ("p50", "p90", "p99", "max")) + f"           {achieved:7.0f}/s"


async def measure(client: PolicyClient, domain: str, rate: int, seconds: float, sidecar: int) -> dict:
    path = f"sikerja.{domain}.decision"
    document = realistic_input(domain)
    await settle(client)
    for _ in range(200):  # warm-up: connections, OPA's compiled query cache for this entrypoint
        assert (await client.decide(path, document)).allow, f"{domain}: benchmark input refused"
        await client.healthy()

    failed = {"health": 0, "decision": 0}

    async def health() -> None:
        if not await client.healthy():  # False also when the client timed out
            failed["health"] += 1

    async def decide() -> None:
        # A timeout is what the service would answer with 503: counted, and its latency (the client's timeout)
        # stays in the sample rather than aborting the run. A refusal would mean the input rotted: stop.
        try:
            decision = await client.decide(path, document)
        except PolicyUnavailable:
            failed["decision"] += 1
            return
        assert decision.allow, f"{domain}: benchmark input refused: {decision.reasons}"

    baseline, baseline_rate = await paced(rate, seconds, health)
    processes = {"opa": sidecar, "client": os.getpid()}
    cpu_before = cpu_seconds(processes)
    decisions, decision_rate = await paced(rate, seconds, decide)
    cpu = {name: (used - cpu_before[name]) * 1000 / len(decisions) for name, used in cpu_seconds(processes).items()}
    b, d = percentiles(baseline), percentiles(decisions)
    print(row("GET /health (baseline)", b, baseline_rate))
    print(row(f"{domain} ({document['action']})", d, decision_rate))
    verdict = "PASS" if d["p99"] <= TARGET_P99_MS and not failed["decision"] else "MISS"
    print(f"  CPU per decision: OPA {cpu['opa']:.2f} ms (its HTTP server, input, evaluation and decision log), "
          f"this client {cpu['client']:.2f} ms")
    print(f"  ratio decision/baseline: p50 {d['p50'] / b['p50']:.2f}x, p99 {d['p99'] / b['p99']:.2f}x;"
          + (f" unanswered within {TIMEOUT_S:g}s: {failed['decision']} decisions, {failed['health']} /health;"
             if failed["decision"] or failed["health"] else "")
          + f" target p99 <= {TARGET_P99_MS:g} ms: {verdict} ({d['p99']:.2f} ms)", flush=True)
    return {"domain": domain, "baseline": b, "decision": d, "rate": decision_rate, "verdict": verdict,
            "timeouts": failed["decision"], "cpu": cpu}


async def main(rate: int, seconds: float, entrypoints: list[str]) -> None:
    # This process stands in for a service calling its sidecar, so its garbage collector runs as a service's does.
    tune_garbage_collection(ServiceSettings.model_fields["gc_young_threshold"].default)
    port = free_port()
    opa = opa_process(Path(tempfile.mkdtemp(prefix="sikerja-bench-")), port)
    opa.start()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"policy decision latency, {rate}/s offered for {seconds:.0f}s each (baseline, then decisions), "
          f"OPA on loopback; {os.cpu_count()} CPU(s), load average {load}")
    print(f"{'':40}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}  (ms)   achieved rate")
    results = []
    try:
        async with PolicyClient(f"http://127.0.0.1:{port}", timeout=TIMEOUT_S) as client:
            for domain in entrypoints:
                results.append(await measure(client, domain, rate, seconds, opa.process.pid))
    finally:
        opa.stop()
    if len(results) > 1:
        print(f"\nsummary (ms){'':28}{'health p50':>11}{'health p99':>11}{'p50':>8}{'p99':>8}{'p99 ratio':>10}{'timeouts':>9}"
              f"{'OPA CPU':>9}  target p99 <= {TARGET_P99_MS:g} ms")
        for r in results:
            b, d = r["baseline"], r["decision"]
            print(f"{r['domain']:40}{b['p50']:11.2f}{b['p99']:11.2f}{d['p50']:8.2f}{d['p99']:8.2f}"
                  f"{d['p99'] / b['p99']:9.2f}x{r['timeouts']:9d}{r['cpu']['opa']:9.2f}  {r['verdict']}")
    missed = [r["domain"] for r in results if r["verdict"] == "MISS"]
    print(f"missed: {', '.join(missed)}" if missed else f"target p99 <= {TARGET_P99_MS:g} ms: met by every entrypoint")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--entrypoint", action="append", choices=[*ENTRYPOINTS, "all"],
                        help="entrypoint to drive (repeatable); default: all, one after another")
    args = parser.parse_args()
    chosen = args.entrypoint or ["all"]
    entrypoints = ENTRYPOINTS if "all" in chosen else list(dict.fromkeys(chosen))
    asyncio.run(main(args.rate, args.seconds, entrypoints))
