"""Service → OPA sidecar decision latency over loopback HTTP with the real adapter (sikerja_policy_client).

Starts its own OPA with policies/, then, in the same run:
  1. baseline: round trip of OPA's GET /health through the same connection pool;
  2. decisions: POST /v1/data/sikerja/org_admin/decision with a realistic input, paced at a fixed rate.
Prints p50/p90/p99/max for both and their ratio. Usage:
    .cache/venv/bin/python benchmarks/policy_decision_latency.py [--rate 500] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from sikerja_devstack.processes import free_port, opa_process
from sikerja_policy_client import PolicyClient

INPUT = {
    "action": "instansi.register",
    "actor": {"nip": "199001012015011001", "instansi": None, "roles": ["platform_admin"]},
    "resource": {"kind": "instansi", "code": "KAB-SUMENEP", "regulation_profile": "perbup-sumenep-9-2024"},
}


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


async def main(rate: int, seconds: float) -> None:
    port = free_port()
    opa = opa_process(Path(tempfile.mkdtemp(prefix="sikerja-bench-")), port)
    opa.start()
    try:
        async with PolicyClient(f"http://127.0.0.1:{port}", timeout=1.0) as client:
            for _ in range(200):  # warm-up: connections, OPA's compiled query cache
                await client.decide("sikerja.org_admin.decision", INPUT)
                await client.healthy()

            async def health() -> None:
                assert await client.healthy()

            async def decide() -> None:
                assert (await client.decide("sikerja.org_admin.decision", INPUT)).allow

            baseline, baseline_rate = await paced(rate, seconds, health)
            decisions, decision_rate = await paced(rate, seconds, decide)
    finally:
        opa.stop()
    b, d = percentiles(baseline), percentiles(decisions)
    print(f"policy decision latency, {rate}/s offered for {seconds:.0f}s each, OPA on loopback")
    print(f"{'':24}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}  (ms)   achieved rate")
    print(f"{'GET /health (baseline)':24}" + "".join(f"{b[k]:8.2f}" for k in ("p50", "p90", "p99", "max"))
          + f"           {baseline_rate:7.0f}/s")
    print(f"{'decision (adapter)':24}" + "".join(f"{d[k]:8.2f}" for k in ("p50", "p90", "p99", "max"))
          + f"           {decision_rate:7.0f}/s")
    print(f"ratio decision/baseline: p50 {d['p50'] / b['p50']:.2f}x, p99 {d['p99'] / b['p99']:.2f}x")
    print(f"target p99 <= 3 ms: {'met' if d['p99'] <= 3.0 else 'MISSED'} ({d['p99']:.2f} ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    asyncio.run(main(args.rate, args.seconds))
