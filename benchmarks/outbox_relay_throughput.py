"""Outbox relay throughput and latency with a real Kafka broker and a real database (SQLite and/or PostgreSQL).

Starts its own single-node Kafka (and PostgreSQL), publishes through ServiceRuntime's own producer path
(FastStream KafkaBroker, enable_idempotence=True: ``publish_record`` / ``enqueue_record``) and prints, per database,
in the same run:

  1. throughput: N staged events (default 50,000 over 1,000 aggregates, 3 partitions) drained by
     - the sequential relay (each record's acknowledgement awaited before the next; the old behaviour), and
     - the pipelined relay (a whole batch queued, then all acknowledgements awaited, one UPDATE) per batch size;
  2. latency at low load (measured first, on a quiet database): single events staged one per transaction at a
     fixed rate (open loop) while the relay runs as in a service (``start()`` + ``wake()`` after each commit);
     time from the start of the staging transaction to its commit (baseline) and to Kafka's acknowledgement,
     p50/p90/p99/max, for both modes.

    .cache/venv/bin/python benchmarks/outbox_relay_throughput.py [--database sqlite|postgresql|both]
        [--events 50000] [--keys 1000] [--batch-sizes 500,2000] [--rates 20,200] [--seconds 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sikerja_devstack.processes import (
    PostgresCluster,
    free_port,
    kafka_process,
    run_coroutine,
)
from sikerja_events import CloudEvent, event_type
from sikerja_outbox import OutboxRelay, define_outbox_table, stage_event, stage_events
from sikerja_runtime import ServiceRuntime, ServiceSettings
from sqlalchemy import MetaData

PARTITIONS = 3
SEQUENTIAL_BATCH = 200  # the relay's batch size before pipelining


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    return {"p50": pick(0.50), "p90": pick(0.90), "p99": pick(0.99), "max": ordered[-1],
            "mean": statistics.fmean(ordered)}


def transition(n: int, keys: int) -> tuple[str, CloudEvent]:
    """A realistic event: one pegawai's state transition (about 0.5 kB on the wire)."""
    nip = f"19{n % keys:016d}"
    return nip, CloudEvent(
        source="/sikerja/benchmark", type=event_type("performance", "transition_recorded"), subject=f"pegawai/{nip}",
        data={"nip": nip, "sequence": n, "from_state": "draft", "to_state": "submitted",
              "instansi_id": str(uuid.UUID(int=n % 40)), "note": "x" * 120},
    )


class Bench:
    def __init__(self, database_url: str, kafka: str) -> None:
        settings = ServiceSettings(database_url=database_url, kafka_bootstrap_servers=kafka, migrate_on_start=False)
        # The runtime's own producer and publish functions; its relay is not built (outbox=None), ours are.
        self.runtime = ServiceRuntime("outbox-bench", settings, migrations=Path("."), outbox=None)
        self.metadata = MetaData()
        self.outbox = define_outbox_table(self.metadata)
        self.kafka = kafka

    async def __aenter__(self) -> Bench:
        await self.runtime.broker.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.runtime.broker.stop()
        await self.runtime.tokens.close()
        await self.runtime.database.dispose()

    async def fresh_outbox_and_topic(self) -> str:
        async with self.runtime.database.engine.begin() as connection:
            await connection.run_sync(self.metadata.drop_all)
            await connection.run_sync(self.metadata.create_all)
        from aiokafka.admin import AIOKafkaAdminClient, NewTopic

        topic = f"bench.outbox.{uuid.uuid4().hex[:12]}"
        admin = AIOKafkaAdminClient(bootstrap_servers=self.kafka)
        await admin.start()
        try:
            await admin.create_topics([NewTopic(topic, num_partitions=PARTITIONS, replication_factor=1)])
        finally:
            await admin.close()
        # Warm-up: producer metadata and a leader for every partition, so the timed part is steady state only.
        for partition in range(PARTITIONS):
            await self.runtime.broker.publish(b"{}", topic, key=b"warm-up", partition=partition)
        return topic

    def relay(self, *, pipelined: bool, batch_size: int, on_ack=None, poll_interval: float = 0.5) -> OutboxRelay:
        runtime = self.runtime
        publish, enqueue = runtime.publish_record, runtime.enqueue_record
        if on_ack is not None:  # latency probe: note when each record is acknowledged
            async def publish(topic, key, payload, headers):
                await runtime.publish_record(topic, key, payload, headers)
                on_ack(headers["ce_id"])

            async def enqueue(topic, key, payload, headers):
                ack = await runtime.enqueue_record(topic, key, payload, headers)
                ack.add_done_callback(lambda future: future.exception() or on_ack(headers["ce_id"]))
                return ack

        return OutboxRelay(runtime.database.sessions, self.outbox, publish, enqueue=enqueue if pipelined else None,
                           batch_size=batch_size, poll_interval=poll_interval)

    async def throughput(self, events: int, keys: int, *, pipelined: bool, batch_size: int) -> tuple[float, float]:
        topic = await self.fresh_outbox_and_topic()
        sessions = self.runtime.database.sessions
        started = time.perf_counter()
        for first in range(0, events, 5000):
            staged = [transition(n, keys) for n in range(first, min(events, first + 5000))]
            async with sessions() as session, session.begin():
                await stage_events(session, self.outbox, [(topic, key, event) for key, event in staged])
        staging = time.perf_counter() - started
        relay = self.relay(pipelined=pipelined, batch_size=batch_size)
        started = time.perf_counter()
        relayed = 0
        while count := await relay.relay_once():
            relayed += count
        elapsed = time.perf_counter() - started
        assert relayed == events and await relay.pending() == 0, (relayed, events)
        return events / elapsed, events / staging

    async def latency(self, rate: int, seconds: float, keys: int, *, pipelined: bool,
                      batch_size: int) -> tuple[dict[str, float], dict[str, float], float]:
        topic = await self.fresh_outbox_and_topic()
        loop = asyncio.get_running_loop()
        staged_at: dict[str, float] = {}
        acked: dict[str, asyncio.Future[float]] = {}

        def on_ack(event_id: str) -> None:
            future = acked.setdefault(event_id, loop.create_future())
            if not future.done():
                future.set_result(loop.time())

        relay = self.relay(pipelined=pipelined, batch_size=batch_size, on_ack=on_ack)
        relay.start()
        sessions = self.runtime.database.sessions
        latencies: list[float] = []
        commits: list[float] = []

        async def one(n: int) -> None:
            key, event = transition(n, keys)
            staged_at[event.id] = loop.time()
            acked.setdefault(event.id, loop.create_future())
            async with sessions() as session, session.begin():  # one business transaction, one event
                await stage_event(session, self.outbox, topic=topic, key=key, event=event)
            commits.append((loop.time() - staged_at[event.id]) * 1000)
            relay.wake()  # what the unit of work's on_commit hook does
            done = await asyncio.wait_for(acked[event.id], timeout=30)
            latencies.append((done - staged_at[event.id]) * 1000)

        total = int(rate * seconds)
        tasks = []
        started = loop.time()
        try:
            for n in range(total):
                delay = started + n / rate - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(asyncio.create_task(one(n)))
            await asyncio.gather(*tasks)
        finally:
            await relay.stop()
        return percentiles(latencies), percentiles(commits), total / (loop.time() - started)


def load() -> str:
    return "load avg " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


async def run(database_url: str, label: str, kafka: str, args) -> None:
    async with Bench(database_url, kafka) as bench:
        # Not reported: warms the JVM, the connections and SQLAlchemy's statement cache for every mode alike.
        await bench.throughput(5000, args.keys, pipelined=True, batch_size=500)
        await bench.throughput(1000, args.keys, pipelined=False, batch_size=SEQUENTIAL_BATCH)
        # Latency first, on a quiet database (the throughput runs leave PostgreSQL with vacuum work to do).
        await latency_section(bench, label, args)
        await throughput_section(bench, label, args)


async def throughput_section(bench: Bench, label: str, args) -> None:
    print(f"[{label}] throughput: {args.events} staged events over {args.keys} aggregates, {PARTITIONS} partitions, "
          f"idempotent producer (acks=all); modes interleaved, {args.repeat} runs each ({load()})", flush=True)
    modes = [("sequential (old)", False, SEQUENTIAL_BATCH)] + [("pipelined", True, b) for b in args.batch_sizes]
    rates: dict[str, list[float]] = {}
    for run_number in range(args.repeat):
        for name, pipelined, batch_size in modes:
            rate, staging = await bench.throughput(args.events, args.keys, pipelined=pipelined, batch_size=batch_size)
            key = f"{name}, batch {batch_size}"
            rates.setdefault(key, []).append(rate)
            print(f"[{label}]   run {run_number + 1}: {key:<28} {rate:8.0f} events/s   "
                  f"(staging {staging:6.0f} events/s; {load()})", flush=True)
    baseline = statistics.median(rates[f"sequential (old), batch {SEQUENTIAL_BATCH}"])
    print(f"[{label}]   median of {args.repeat} runs:", flush=True)
    for key, values in rates.items():
        median = statistics.median(values)
        print(f"[{label}]     {key:<28} {median:8.0f} events/s  ({median / baseline:4.1f}x; "
              f"range {min(values):.0f}-{max(values):.0f})", flush=True)
    best = max(statistics.median(v) for v in rates.values())
    print(f"[{label}]   a 180k-event import drains in ≈ {180_000 / baseline:5.1f} s sequential, "
          f"{180_000 / best:5.1f} s pipelined", flush=True)


async def latency_section(bench: Bench, label: str, args) -> None:
    for rate in args.rates:
        print(f"[{label}] latency, single events at {rate}/s for {args.seconds:.0f} s, one event per transaction "
              f"(open loop, relay woken on commit); modes interleaved ({load()}):", flush=True)
        print(f"[{label}]   {'':38}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}  (ms)  achieved rate")
        p99s: dict[str, list[float]] = {}
        for run_number in range(args.repeat):
            for name, pipelined in (("sequential (old)", False), ("pipelined", True)):
                stats, commits, achieved = await bench.latency(rate, args.seconds, args.keys, pipelined=pipelined,
                                                               batch_size=args.latency_batch_size)
                p99s.setdefault(name, []).append(stats["p99"])
                print(f"[{label}]   run {run_number + 1}: {name + ': staged → committed':<31}"
                      + "".join(f"{commits[k]:8.2f}" for k in ("p50", "p90", "p99", "max")), flush=True)
                print(f"[{label}]   run {run_number + 1}: {name + ': staged → Kafka ack':<31}"
                      + "".join(f"{stats[k]:8.2f}" for k in ("p50", "p90", "p99", "max"))
                      + f"        {achieved:6.0f}/s  ({load()})", flush=True)
        for name, values in p99s.items():
            median = statistics.median(values)
            verdict = "met" if median <= 100 else "MISSED"
            print(f"[{label}]   {name}: median p99 staged → ack at {rate}/s = {median:.2f} ms "
                  f"(runs: {', '.join(f'{v:.1f}' for v in values)}); target <= 100 ms: {verdict}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--keys", type=int, default=1000, help="distinct aggregates (message keys)")
    parser.add_argument("--batch-sizes", default="500,2000",
                        type=lambda s: [int(x) for x in s.split(",")], help="pipelined batch sizes to measure")
    parser.add_argument("--latency-batch-size", type=int, default=500)
    parser.add_argument("--rates", default="20,200", type=lambda s: [int(x) for x in s.split(",")],
                        help="single events per second in the latency runs")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per mode (interleaved; medians are reported)")
    args = parser.parse_args()
    # aiokafka warns about leader elections on freshly created topics; the figures are what matters here.
    logging.getLogger("aiokafka").setLevel(logging.ERROR)

    state = Path(tempfile.mkdtemp(prefix="sikerja-outbox-bench-"))
    kafka_port = free_port()
    kafka = kafka_process(state / "kafka", kafka_port, free_port())
    postgres = None
    try:
        kafka.start(timeout=120)
        bootstrap = f"127.0.0.1:{kafka_port}"
        if args.database in ("sqlite", "both"):
            asyncio.run(run(f"sqlite+aiosqlite:///{state}/outbox.db", "SQLite", bootstrap, args))
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
            asyncio.run(run(url, "PostgreSQL " + postgres.version().split()[-3] + " (fsync=off)", bootstrap, args))
    finally:
        kafka.stop()
        if postgres:
            postgres.stop()


if __name__ == "__main__":
    main()
