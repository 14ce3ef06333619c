"""org-registry at province scale, over real HTTP with real Kafka, OPA and database. Prints the issue's figures:

- import of 100,000 pegawai (40 instansi × 2,500) with units, positions and kedudukan, per database;
- PUO-of, penilai-of and scope-between over HTTP on loopback at that size: p50/p99 over all 2,000 requests of
  each, beside /healthz measured in the same rounds, by a lean keep-alive client in its own process after 100
  warm-up rounds (see ``measure_latency``);
- kedudukan validation of one 10,000-pegawai instansi.

    .cache/venv/bin/python benchmarks/org_registry_scale.py [--database sqlite|postgresql|both] [--instansi 40]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from org_registry.domain.kedudukan import KedudukanRules
from sikerja_devstack.processes import (
    PlatformEndpoints,
    PostgresCluster,
    free_port,
    issuer_process,
    kafka_process,
    opa_process,
    run_coroutine,
    service_process,
)

sys.path.insert(0, str(Path(__file__).parent))
import synthetic_province  # noqa: E402
from org_registry.adapters.profiles import read_profile_files  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def rules_of(profile: str) -> KedudukanRules:
    return KedudukanRules.from_profile(profile, read_profile_files(REPO / "policies" / "sikerja" / "profiles" / profile))


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def token(issuer: str, **claims) -> dict:
    minted = httpx.post(f"{issuer}/tokens", json=claims, timeout=5).json()["access_token"]
    return {"Authorization": f"Bearer {minted}"}


def wait_for_outbox(database_url: str, timeout: float = 600) -> float:
    """Seconds until the relay has published everything (latency is measured on a quiet service)."""
    from sikerja_database import Database
    from sqlalchemy import text

    async def pending() -> int:
        database = Database(database_url)
        try:
            async with database.engine.connect() as connection:
                return (await connection.execute(
                    text("SELECT count(*) FROM outbox_events WHERE published_at IS NULL"))).scalar()
        finally:
            await database.dispose()

    started = time.perf_counter()
    while run_coroutine(pending()) and time.perf_counter() - started < timeout:
        time.sleep(0.5)
    return time.perf_counter() - started


WARM_UP = 100  # rounds not counted: the first look-ups load the instansi's read index and warm both processes
SAMPLES = 2000  # rounds counted; every one of them is in the percentiles


def measure_latency(port: int, rounds: list[list[tuple[str, dict]]]) -> list[list[float]]:
    """Milliseconds per request, one list per position in a round, measured by a lean client in its own process.

    Each round sends its requests one after another over one keep-alive HTTP/1.1 connection to the service on
    loopback (a fresh process with a small heap, so the client's own garbage collection and allocations do not
    show up in the service's figures); every response is read whole and must be 200. The first ``WARM_UP`` rounds
    are not counted.
    """
    import gc
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    samples: list[list[float]] = [[] for _ in rounds[0]]
    gc.collect()
    gc.freeze()
    for n, requests in enumerate(rounds):
        for series, (url, headers) in enumerate(requests):
            t0 = time.perf_counter()
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - t0) * 1000
            assert response.status == 200, body[:500]
            if n >= WARM_UP:
                samples[series].append(elapsed)
    connection.close()
    return samples


def run(database_url: str, label: str, endpoints: PlatformEndpoints, instansi_count: int, per_instansi: int) -> None:
    state = Path(tempfile.mkdtemp(prefix="sikerja-scale-"))
    port = free_port()
    service = service_process("org-registry", port, endpoints.service_env(database_url), state)
    service.start(timeout=90)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=300) as client:
            platform = token(endpoints.issuer_url, sub="199001012015011001", roles=["platform_admin"])
            documents, instansi_ids, nips = [], [], []
            started = time.perf_counter()
            for n in range(instansi_count):
                profile = synthetic_province.PROFILES[n % len(synthetic_province.PROFILES)]
                created = client.post("/v1/instansi", headers=platform, json={
                    "code": f"SYN-{n:03d}", "name": f"Pemerintah Kabupaten Sintetis {n}", "kind": "kabupaten",
                    "regulation_profile": profile}).json()
                instansi_ids.append(created["id"])
                documents.append(synthetic_province.build(n, rules_of(profile), per_instansi))
            generated = time.perf_counter() - started
            total_pegawai = sum(len(d["pegawai"]) for d in documents)
            started = time.perf_counter()
            for instansi_id, document in zip(instansi_ids, documents, strict=True):
                admin = token(endpoints.issuer_url, sub="198503302010011002", instansi=instansi_id,
                              roles=["admin_instansi", "bupati", "wali_kota", "pembina_kepegawaian"])
                response = client.post(f"/v1/instansi/{instansi_id}/organisation", json=document, headers=admin)
                assert response.status_code == 200, response.text[:500]
                nips += [k["nip"] for k in document["kedudukan"]]
            imported = time.perf_counter() - started
            print(f"[{label}] import: {total_pegawai} pegawai in {instansi_count} instansi: {imported:.1f} s "
                  f"({total_pegawai / imported:.0f} pegawai/s; generating the files took {generated:.1f} s)", flush=True)

            drained = wait_for_outbox(database_url)
            print(f"[{label}] outbox relayed every event to Kafka {drained:.1f} s after the last import", flush=True)
            reader = token(endpoints.issuer_url, sub="198503302010011002", instansi=instansi_ids[0])
            rnd = random.Random(7)
            own_nips = [k["nip"] for k in documents[0]["kedudukan"]]
            chain = client.get(f"/v1/pegawai/{own_nips[0]}/chain", headers=reader)
            assert chain.status_code == 200
            unit_ids = list({client.get("/v1/scope", params={"from_nip": n, "to_nip": n}, headers=reader)
                             .json()["requester"]["unit_id"] for n in own_nips[:50]})
            paths = {
                "penilai-of": lambda: f"/v1/pegawai/{rnd.choice(own_nips)}/penilai",
                "puo-of": lambda: f"/v1/instansi/{instansi_ids[0]}/units/{rnd.choice(unit_ids)}/puo",
                "scope-between": lambda: f"/v1/scope?from_nip={rnd.choice(own_nips)}&to_nip={rnd.choice(own_nips)}",
            }
            rounds = [[("/healthz", {})] + [(path(), reader) for path in paths.values()]
                      for _ in range(WARM_UP + SAMPLES)]
            del documents, document  # the latency client runs in a fresh process; nothing big stays alive here
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                samples = pool.apply(measure_latency, (port, rounds))
            health, latencies = samples[0], dict(zip(paths, samples[1:], strict=True))
            print(f"[{label}] over HTTP on loopback at {total_pegawai} pegawai, {SAMPLES} requests each "
                  f"(after {WARM_UP} warm-up rounds):", flush=True)
            print(f"[{label}]   /healthz (baseline)  p50 {pct(health, .5):5.2f} ms  p99 {pct(health, .99):5.2f} ms")
            for name, samples in latencies.items():
                print(f"[{label}]   {name:<20} p50 {pct(samples, .5):5.2f} ms  p99 {pct(samples, .99):5.2f} ms", flush=True)

            big_profile = "perwal-palangkaraya-13-2024"
            big = client.post("/v1/instansi", headers=platform, json={
                "code": "SYN-BIG", "name": "Pemerintah Kota Sintetis Besar", "kind": "kota",
                "regulation_profile": big_profile}).json()["id"]
            admin = token(endpoints.issuer_url, sub="198503302010011002", instansi=big,
                          roles=["admin_instansi", "wali_kota"])
            document = synthetic_province.build(instansi_count + 1, rules_of(big_profile), 10_000)
            assert client.post(f"/v1/instansi/{big}/organisation", json=document, headers=admin).status_code == 200
            timings = []
            for _ in range(3):
                t0 = time.perf_counter()
                found = client.get(f"/v1/instansi/{big}/kedudukan/discrepancies", headers=admin)
                timings.append(time.perf_counter() - t0)
                assert found.status_code == 200 and found.json() == []
            print(f"[{label}] kedudukan validation of {len(document['pegawai'])} pegawai: median "
                  f"{statistics.median(timings):.2f} s (runs: {', '.join(f'{t:.2f}' for t in timings)})", flush=True)
    finally:
        service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--instansi", type=int, default=40)
    parser.add_argument("--per-instansi", type=int, default=2500)
    args = parser.parse_args()
    state = Path(tempfile.mkdtemp(prefix="sikerja-scale-parts-"))
    kafka_port, opa_port, issuer_port = free_port(), free_port(), free_port()
    parts = [kafka_process(state / "kafka", kafka_port, free_port()), opa_process(state, opa_port),
             issuer_process(state, issuer_port)]
    postgres = None
    try:
        for part in parts:
            part.start(timeout=120)
        endpoints = PlatformEndpoints(f"127.0.0.1:{kafka_port}", f"http://127.0.0.1:{opa_port}",
                                      f"http://127.0.0.1:{issuer_port}")
        if args.database in ("sqlite", "both"):
            run(f"sqlite+aiosqlite:///{state}/org-registry.db", "SQLite", endpoints, args.instansi, args.per_instansi)
        if args.database in ("postgresql", "both"):
            postgres = PostgresCluster()
            postgres.start()
            import asyncpg

            async def create() -> None:
                connection = await asyncpg.connect(postgres.admin_dsn)
                await connection.execute('CREATE DATABASE "bench"')
                await connection.close()

            run_coroutine(create())
            url = postgres.admin_dsn.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + "/bench"
            run(url, "PostgreSQL", endpoints, args.instansi, args.per_instansi)
    finally:
        for part in reversed(parts):
            part.stop()
        if postgres:
            postgres.stop()


if __name__ == "__main__":
    main()
