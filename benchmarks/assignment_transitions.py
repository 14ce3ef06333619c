"""Penugasan transitions from HTTP request to committed state with its event on Kafka, with real Kafka and OPA.

The assignment service runs as its own process (uvicorn on loopback). Its read model of the organisation is fed
through Kafka, as org-registry would feed it. Then clients send transitions at a fixed offered rate: each request
is opened by its PUO with the Surat Perintah issued (one transition, with its letter) and then received by the
pegawai (a second transition). For every transition the time from sending the HTTP request to seeing its event on
Kafka is measured by a consumer of ``sikerja.assignment.penugasan`` that reads every partition of the topic from
its end (assigned directly, so no event is missed while a consumer group forms). Prints throughput and latency
percentiles beside the /healthz round trip measured in the same run, and the CPU time per transition of the
service, OPA, Kafka, PostgreSQL and the client itself (read from /proc): on two cores, 200 transitions/s leaves
10 ms of CPU per transition for all of them together. The last line is how busy the whole machine was meanwhile
(/proc/stat) beside those parts' share of it: near full, requests queue behind each other's CPU bursts and the p99
grows much faster than the p50.

A transition whose request failed, timed out (30 s) or whose event was not seen fails both figures; the p99 is over
every transition seen. The measured requests go through aiohttp (less client CPU than httpx on a shared machine).

    .cache/venv/bin/python benchmarks/assignment_transitions.py [--database sqlite|postgresql] [--rate 200]
        [--seconds 20] [--workers 1]

Target (issue 5): >= 200 transitions/s sustained, p99 <= 100 ms. "Sustained" is the events seen divided by the time
from the first request to the last event seen, which includes that event's latency: it stays just below the offered
rate even when the service keeps up, so offer more than 200 (e.g. --rate 230) to see whether 200 is sustained. The
p99 is of the rate offered.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from assignment.adapters.org_events import ORG_TOPICS
from sikerja_devstack.processes import (
    ManagedProcess,
    PlatformEndpoints,
    PostgresCluster,
    cpu_seconds,
    free_port,
    issuer_process,
    kafka_process,
    machine_cpu_seconds,
    opa_process,
    run_coroutine,
)
from sikerja_events import encode_event

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "services" / "assignment" / "tests" / "integration"))
from org_world import government

PROFILE = "perbup-sumenep-9-2024"
ORG_CONSUMER_GROUP = "sikerja-assignment"  # assignment.bootstrap subscribes the org topics as this group
CONTENTS = {"maksud_tujuan": "Kajian pelayanan", "kompetensi": "analisis kebijakan",
            "target_kinerja": "Satu kajian", "durasi": "3 bulan"}


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def assignment_process(port: int, env: dict[str, str], log_dir: Path, workers: int) -> ManagedProcess:
    from sikerja_devstack.processes import (
        _http_ok,  # the readiness probe the devstack uses
    )

    return ManagedProcess(
        name="assignment",
        command=[sys.executable, "-m", "uvicorn", "assignment.entrypoints.asgi:app", "--host", "127.0.0.1",
                 "--port", str(port), "--no-access-log", "--workers", str(workers)],
        log_file=log_dir / "assignment.log", env={**env, "SIKERJA_LOG_LEVEL": "WARNING"},
        ready=_http_ok(f"http://127.0.0.1:{port}/readyz"))


async def feed_organisation(bootstrap: str, worlds) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        for world in worlds:
            for topic, event in world.events:
                key = (event.subject or "").encode()
                await producer.send_and_wait(topic, encode_event(event), key=key)
    finally:
        await producer.stop()


async def token(client: httpx.AsyncClient, issuer: str, nip: str, instansi: str) -> str:
    answer = await client.post(f"{issuer}/tokens", json={"sub": nip, "instansi": instansi, "roles": ["pegawai"]})
    return answer.json()["access_token"]


async def wait_until_known(client: httpx.AsyncClient, base: str, bearer: str, worlds, bootstrap: str,
                           timeout: float = 120) -> None:
    """Wait until the service has applied every org event fed to it: each instansi is known and the service's
    consumer group has committed the end offset of every partition of the org topics (twice in a row, a second
    apart), so that no transition is measured against a read model that is still being built."""
    started, caught_up = time.perf_counter(), 0
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    ends = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await admin.start()
    await ends.start()
    try:
        partitions = [tp for topic in ORG_TOPICS for tp in await partitions_of(bootstrap, topic)]
        while time.perf_counter() - started < timeout:
            answers = [await client.get(f"{base}/v1/instansi-rules/{w.id}", headers={"Authorization": bearer})
                       for w in worlds]
            end = await ends.end_offsets(partitions)
            committed = await admin.list_consumer_group_offsets(ORG_CONSUMER_GROUP, partitions=partitions)
            behind = sum(end[tp] - (committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0)
                         for tp in partitions)
            caught_up = caught_up + 1 if all(a.status_code == 200 for a in answers) and behind == 0 else 0
            if caught_up == 2:
                return
            await asyncio.sleep(1)
    finally:
        await ends.stop()
        await admin.close()
    raise RuntimeError("the read model did not learn the organisation in time")


async def partitions_of(bootstrap: str, topic: str) -> list[TopicPartition]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        return [TopicPartition(topic, p) for p in sorted(await producer.partitions_for(topic))]
    finally:
        await producer.stop()


async def measure(base: str, endpoints: PlatformEndpoints, rate: float, seconds: float, label: str,
                  processes: dict[str, int]) -> None:
    worlds = [government(f"KAB-B{n}", f"Pemerintah Kabupaten Uji {n}", PROFILE) for n in range(8)]
    await feed_organisation(endpoints.kafka_bootstrap, worlds)
    # The measured requests go through aiohttp, which needs a fraction of httpx's CPU per request: the client
    # shares the machine's two cores with everything it measures. Idle connections are dropped by the client
    # before uvicorn's keep-alive timeout (5 s) closes them: reusing one the server is closing at that instant
    # fails with an error that says nothing about the service.
    connector = aiohttp.TCPConnector(limit=200, keepalive_timeout=2)
    async with httpx.AsyncClient(timeout=30) as client, aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:
        tokens = {}
        for w in worlds:
            for handle in ("kabid_a", "jf_a"):
                tokens[(w.id, handle)] = "Bearer " + await token(client, endpoints.issuer_url, w.people[handle], w.id)
        await wait_until_known(client, base, tokens[(worlds[0].id, "kabid_a")], worlds, endpoints.kafka_bootstrap)

        sent: dict[tuple[str, str], float] = {}  # (request id, step id) → when its HTTP request was sent
        seen: dict[tuple[str, str], float] = {}
        stop = asyncio.Event()

        async def watch() -> None:
            while not stop.is_set():
                batch = await consumer.getmany(timeout_ms=200)
                now = time.perf_counter()
                for records in batch.values():
                    for record in records:
                        data = json.loads(record.value)["data"]
                        seen.setdefault((data["request_id"], data["step_id"]), now)

        failures: list[str] = []
        http_latency: list[float] = []
        answered: dict[tuple[str, str], float] = {}  # when each transition's response arrived

        async def post(url: str, bearer: str, body: dict) -> tuple[int, str]:
            try:
                async with session.post(url, json=body, headers={"Authorization": bearer,
                                                                 "Idempotency-Key": str(uuid.uuid4())}) as answer:
                    return answer.status, await answer.text()
            except (TimeoutError, aiohttp.ClientError) as exc:  # an overloaded service: a failure, not a crash
                return 0, f"{type(exc).__name__}: {exc}"

        async def one(n: int) -> None:
            w = worlds[n % len(worlds)]
            t0 = time.perf_counter()
            status, text = await post(f"{base}/v1/penugasan", tokens[(w.id, "kabid_a")], {
                "mechanism": "penunjukan", "action": "issue", "pegawai_nip": w.people["jf_a"], "contents": CONTENTS,
                "period_start": "2026-02-02", "period_end": "2026-05-01"})
            opened = time.perf_counter()
            http_latency.append((opened - t0) * 1000)
            if status != 201:
                failures.append(text[:200])
                return
            request_id = json.loads(text)["request_id"]
            sent[(request_id, "terbitkan_surat_perintah")] = t0
            answered[(request_id, "terbitkan_surat_perintah")] = opened
            t1 = time.perf_counter()
            status, text = await post(f"{base}/v1/penugasan/{request_id}/steps", tokens[(w.id, "jf_a")],
                                      {"action": "receive"})
            received = time.perf_counter()
            http_latency.append((received - t1) * 1000)
            if status != 200:
                failures.append(text[:200])
                return
            answered[(request_id, "terima_surat_perintah")] = received
            sent[(request_id, "terima_surat_perintah")] = t1

        health = []
        for _ in range(200):
            t0 = time.perf_counter()
            async with session.get(f"{base}/healthz") as answer:
                await answer.read()
            health.append((time.perf_counter() - t0) * 1000)
        # Warm up (this also creates the topic), then watch every partition of the topic from its end: assigned
        # directly, not through a consumer group, so no event of the measured run is missed while a group forms
        # or while the consumer still waits to learn of a topic that did not exist when it started.
        for batch in range(4):
            await asyncio.gather(*(one(batch * 5 + n) for n in range(5)))
        if failures:  # not measured: a cold process may time out on its first burst
            print(f"[{label}]   warm-up: {len(failures)} of 20 requests failed: {failures[0]}", flush=True)
            failures.clear()
        http_latency.clear()  # the warm-up's (cold) answers are not measured
        consumer = AIOKafkaConsumer(bootstrap_servers=endpoints.kafka_bootstrap, enable_auto_commit=False)
        await consumer.start()
        partitions = await partitions_of(endpoints.kafka_bootstrap, "sikerja.assignment.penugasan")
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        for partition in partitions:
            await consumer.position(partition)  # resolved now, before anything is sent
        watcher = asyncio.create_task(watch())
        sent.clear()
        answered.clear()
        print(f"[{label}] offering {rate:.0f} transitions/s for {seconds:.0f} s", flush=True)
        tasks = []
        cpu_before = cpu_seconds(processes)
        machine_before = machine_cpu_seconds()
        started = time.perf_counter()
        interval = 2 / rate
        n = 0
        while time.perf_counter() - started < seconds:
            tasks.append(asyncio.create_task(one(n)))
            n += 1
            await asyncio.sleep(max(0.0, started + n * interval - time.perf_counter()))
        await asyncio.gather(*tasks)
        drained = time.perf_counter()
        while len([k for k in sent if k in seen]) < len(sent) and time.perf_counter() - drained < 60:
            await asyncio.sleep(0.2)
        cpu_used = {name: after - cpu_before[name] for name, after in cpu_seconds(processes).items()}
        busy, elapsed = machine_cpu_seconds()
        machine_busy, machine_elapsed = busy - machine_before[0], elapsed - machine_before[1]
        stop.set()
        await watcher
        await consumer.stop()

    latencies = [(seen[k] - t) * 1000 for k, t in sent.items() if k in seen]
    relayed = [(seen[k] - answered[k]) * 1000 for k in sent if k in seen and k in answered]
    last_seen = max((seen[k] for k in sent if k in seen), default=started)
    throughput = len(latencies) / (last_seen - started) if latencies else 0.0
    print(f"[{label}] offered {rate:.0f} transitions/s for {seconds:.0f} s: {len(sent)} transitions committed, "
          f"{len(latencies)} seen on Kafka, {len(failures)} failed", flush=True)
    for failure in failures[:3]:
        print(f"[{label}]   failure: {failure}")
    complete = not failures and len(latencies) == len(sent)  # a failed or lost transition fails both figures
    print(f"[{label}]   sustained {throughput:.0f} transitions/s (target >= 200)  "
          f"{'PASS' if complete and throughput >= 200 else 'MISS'}")
    print(f"[{label}]   HTTP request -> event on Kafka: p50 {pct(latencies, .5):.1f} ms  p99 {pct(latencies, .99):.1f} "
          f"ms (target p99 <= 100 ms)  {'PASS' if complete and pct(latencies, .99) <= 100 else 'MISS'}")
    print(f"[{label}]   HTTP request -> response (committed): p50 {pct(http_latency, .5):.1f} ms  "
          f"p99 {pct(http_latency, .99):.1f} ms")
    print(f"[{label}]   response -> event on Kafka (outbox relay): p50 {pct(relayed, .5):.1f} ms  "
          f"p99 {pct(relayed, .99):.1f} ms")
    print(f"[{label}]   /healthz baseline: p50 {pct(health, .5):.2f} ms  p99 {pct(health, .99):.2f} ms", flush=True)
    if sent:  # where the machine's CPU went while the transitions ran (2 cores = 2000 ms per second)
        print(f"[{label}]   CPU per transition: " + ", ".join(f"{name} {seconds * 1000 / len(sent):.1f} ms"
                                                         for name, seconds in cpu_used.items()), flush=True)
        # Requests queue behind each other's CPU bursts as the machine fills up: this is why the p99 grows far
        # faster than the p50 once the busy share nears the cores' capacity.
        print(f"[{label}]   machine while measured: {os.cpu_count()} CPU(s) {100 * machine_busy / machine_elapsed:.0f} % "
              f"busy, the parts above {100 * sum(cpu_used.values()) / machine_elapsed:.0f} %", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    state = Path(tempfile.mkdtemp(prefix="sikerja-transitions-"))
    kafka_port, opa_port, issuer_port = free_port(), free_port(), free_port()
    parts = [kafka_process(state / "kafka", kafka_port, free_port()), opa_process(state, opa_port),
             issuer_process(state, issuer_port)]
    postgres = None
    service = None
    try:
        for part in parts:
            part.start(timeout=120)
        endpoints = PlatformEndpoints(f"127.0.0.1:{kafka_port}", f"http://127.0.0.1:{opa_port}",
                                      f"http://127.0.0.1:{issuer_port}")
        if args.database == "sqlite":
            url = f"sqlite+aiosqlite:///{state}/assignment.db"
        else:
            postgres = PostgresCluster()
            postgres.start()
            import asyncpg

            async def create() -> None:
                connection = await asyncpg.connect(postgres.admin_dsn)
                await connection.execute('CREATE DATABASE "bench"')
                await connection.close()

            run_coroutine(create())
            url = postgres.admin_dsn.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + "/bench"
        port = free_port()
        if args.workers > 1:  # migrate once before several workers start
            from assignment.bootstrap import MIGRATIONS
            from sikerja_database import upgrade_to_head

            upgrade_to_head(MIGRATIONS, url)
        service = assignment_process(port, endpoints.service_env(url), state, args.workers)
        service.start(timeout=120)
        label = f"{'SQLite' if args.database == 'sqlite' else 'PostgreSQL'}, {args.workers} worker(s)"
        processes = {"service": service.process.pid, "OPA": parts[1].process.pid, "Kafka": parts[0].process.pid,
                     "client": os.getpid()}
        if postgres:
            processes["PostgreSQL"] = int((postgres.data / "postmaster.pid").read_text().split()[0])
        asyncio.run(measure(f"http://127.0.0.1:{port}", endpoints, args.rate, args.seconds, label, processes))
    finally:
        if service:
            service.stop()
        for part in reversed(parts):
            part.stop()
        if postgres:
            postgres.stop()


if __name__ == "__main__":
    main()
