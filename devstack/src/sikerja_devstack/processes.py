"""Starts the platform's parts as child processes on loopback and stops them in reverse order."""

from __future__ import annotations

import functools
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from sikerja_devstack import provision
from sikerja_devstack.paths import POLICIES


class StartupError(RuntimeError):
    """A part did not come up; the message names it and the tail of its log."""


# Ports the kernel never hands out by itself: below its range for the local end of outgoing connections (and of
# a bind to port 0), so no client connection of this or any other process takes a port between the moment it is
# chosen here and the moment the part that was given it binds it.
_LOWEST_CHOSEN_PORT = 20000


@functools.cache
def _ephemeral_ports() -> range:
    try:
        low, high = (int(n) for n in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        low, high = 32768, 60999  # Linux's default
    return range(low, high + 1)


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port_block(size: int, attempts: int = 200) -> int:
    """The first of `size` consecutive ports that are free now and outside the kernel's ephemeral range (the
    platform's services take consecutive ports from a base)."""
    ephemeral = _ephemeral_ports()
    below = range(_LOWEST_CHOSEN_PORT, ephemeral.start - size + 1)
    above = range(ephemeral.stop, 65536 - size + 1)
    choices = below if len(below) >= 1000 else above if len(above) >= 1000 else range(1024, 65536 - size + 1)
    for _ in range(attempts):
        first = random.choice(choices)
        if all(_bindable(first + n) for n in range(size)):
            return first
    raise StartupError(f"no {size} consecutive free ports found in {attempts} attempts")


def free_port() -> int:
    """A port that is free now, for a part to listen on (see free_port_block)."""
    return free_port_block(1)


def free_ports_outside(taken: range, count: int) -> list[int]:
    """`count` distinct free ports, none of them in `taken`."""
    found: list[int] = []
    while len(found) < count:
        port = free_port()
        if port not in taken and port not in found:
            found.append(port)
    return found


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def cpu_seconds(roots: dict[str, int]) -> dict[str, float]:
    """CPU time (user + system) used so far by each named process and its descendants that are not named
    themselves, from /proc (Linux). A descendant that has exited counts too, through the time the kernel adds to
    its parent when the parent reaps it (cutime, cstime): PostgreSQL's backends come and go with the connections
    of a pool, and their time would otherwise vanish from a difference of two readings."""
    tick = os.sysconf("SC_CLK_TCK")
    parent, used = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = sum(int(f) for f in fields[11:15]) / tick  # utime, stime, cutime, cstime
    names = {pid: name for name, pid in roots.items()}
    totals = dict.fromkeys(roots, 0.0)
    for pid, seconds in used.items():
        ancestor = pid
        while ancestor and ancestor not in names:  # the nearest named process above (or at) this one
            ancestor = parent.get(ancestor, 0)
        if ancestor:
            totals[names[ancestor]] += seconds
    return totals


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, elapsed) CPU seconds of the whole machine since boot, summed over its CPUs, from /proc/stat (Linux):
    busy is user, nice, system, irq, softirq and steal time; elapsed adds idle and iowait. The busy share between
    two readings is how loaded the machine was meanwhile, whoever loaded it."""
    tick = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat", encoding="ascii") as stat:
        user, nice, system, idle, iowait, irq, softirq, steal = (int(f) for f in stat.readline().split()[1:9])
    busy = user + nice + system + irq + softirq + steal
    return busy / tick, (busy + idle + iowait) / tick


@dataclass
class ManagedProcess:
    name: str
    command: list[str]
    log_file: Path
    env: dict[str, str] = field(default_factory=dict)
    ready: Callable[[], bool] = lambda: True
    process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> None:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_file.open("ab")
        self.process = subprocess.Popen(
            self.command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=os.environ | self.env,
            start_new_session=True,  # Ctrl-C reaches the supervisor only; it stops children in order.
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StartupError(f"{self.name} exited with {self.process.returncode}:\n{_tail(self.log_file)}")
            try:
                if self.ready():
                    return
            except Exception:  # noqa: BLE001 - not ready yet
                pass
            time.sleep(0.25)
        self.stop()
        raise StartupError(f"{self.name} not ready after {timeout:.0f}s:\n{_tail(self.log_file)}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """Simulate a crash (SIGKILL): nothing is flushed, nothing is committed."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self, timeout: float = 20.0) -> None:
        if not self.alive():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _http_ok(url: str) -> Callable[[], bool]:
    return lambda: httpx.get(url, timeout=1.0).status_code == 200


def kafka_process(state_dir: Path, port: int, controller_port: int) -> ManagedProcess:
    """A single-node KRaft broker+controller listening on 127.0.0.1 only."""
    classpath = provision.kafka_classpath()
    java = provision.java_binary()
    data = state_dir / "data"
    state_dir.mkdir(parents=True, exist_ok=True)
    properties = state_dir / "server.properties"
    properties.write_text(
        "\n".join(
            [
                "process.roles=broker,controller",
                "node.id=1",
                f"controller.quorum.bootstrap.servers=127.0.0.1:{controller_port}",
                f"listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}",
                f"advertised.listeners=PLAINTEXT://127.0.0.1:{port}",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                f"log.dirs={data}",
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
            ]
        )
        + "\n"
    )
    log4j = state_dir / "log4j2.properties"
    log4j.write_text(
        "rootLogger.level=WARN\nrootLogger.appenderRef.stdout.ref=STDOUT\n"
        "appender.stdout.type=Console\nappender.stdout.name=STDOUT\n"
        "appender.stdout.layout.type=PatternLayout\nappender.stdout.layout.pattern=[%d] %p %m (%c)%n\n"
        "logger.kafka.name=kafka.server.KafkaRaftServer\nlogger.kafka.level=INFO\n"
    )
    if not (data / "meta.properties").exists():
        cluster_id = subprocess.run(
            [java, "-cp", classpath, "kafka.tools.StorageTool", "random-uuid"], check=True, capture_output=True, text=True
        ).stdout.strip().splitlines()[-1]
        formatted = subprocess.run(
            [java, "-cp", classpath, f"-Dlog4j2.configurationFile={log4j}", "kafka.tools.StorageTool",
             "format", "--standalone", "-t", cluster_id, "-c", str(properties)],
            check=False, capture_output=True, text=True,
        )
        if formatted.returncode != 0:
            raise StartupError(f"formatting Kafka storage failed:\n{formatted.stdout}\n{formatted.stderr}")
    heap = os.environ.get("SIKERJA_KAFKA_HEAP", "768m")
    return ManagedProcess(
        name="kafka",
        command=[java, f"-Xmx{heap}", "-Xms256m", "-XX:+UseG1GC", f"-Dlog4j2.configurationFile={log4j}",
                 "-cp", classpath, "kafka.Kafka", str(properties)],
        log_file=state_dir / "kafka.log",
        ready=lambda: _kafka_answers(port),
    )


def _kafka_answers(port: int) -> bool:
    if not port_open(port):
        return False
    from aiokafka.admin import AIOKafkaAdminClient

    async def probe() -> bool:
        admin = AIOKafkaAdminClient(bootstrap_servers=f"127.0.0.1:{port}", request_timeout_ms=2000)
        await admin.start()
        try:
            await admin.list_topics()
            return True
        finally:
            await admin.close()

    return run_coroutine(probe())


def run_coroutine(coroutine):
    """Run a coroutine to completion from sync code, even when the calling thread already runs an event loop."""
    import asyncio
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


# The sidecar's Go runtime: collect garbage when the heap has grown by 400 % rather than 100 %. Every decision
# allocates (its evaluation and its decision log entry) while the live heap, mostly the policies and profiles,
# stays small, so at the default a collection ran several times a second under load, its mark phase taking one of
# the host's cores from the requests it queued behind. benchmarks/policy_decision_latency.py, 500 decisions/s on two
# cores, p99 per entrypoint: org_admin 5.2 and 7.7 ms at 100 against 3.0 and 2.5 ms at 400; kinerja 28 and 62 ms
# against 8.4 and 40 ms. 1000 gave no further gain. docker-compose.yml sets the same environment on every sidecar.
OPA_SIDECAR_ENVIRONMENT = {"GOGC": "400"}


def opa_process(state_dir: Path, port: int, *, watch: bool = False) -> ManagedProcess:
    opa = provision.opa_binary()
    # The store holds the policies' data (regulation profiles) as parsed values, so a decision does not convert
    # the profile it reads on every evaluation; the data only changes when the policies are reloaded.
    command = [opa, "run", "--server", "--addr", f"127.0.0.1:{port}", "--log-format", "json",
               "--optimize-store-for-read-speed",
               "--set", "decision_logs.console=true", "--ignore", "*_test.rego", "--ignore", "*.schema.json"]
    if watch:
        command.append("--watch")
    return ManagedProcess(
        name="opa",
        command=[*command, str(POLICIES)],
        log_file=state_dir / "opa.log",
        env=OPA_SIDECAR_ENVIRONMENT,
        ready=_http_ok(f"http://127.0.0.1:{port}/health"),
    )


def issuer_process(state_dir: Path, port: int) -> ManagedProcess:
    return ManagedProcess(
        name="token-issuer",
        command=[sys.executable, "-m", "sikerja_auth.dev_issuer", "--port", str(port),
                 "--key-file", str(state_dir / "dev-issuer.pem")],
        log_file=state_dir / "token-issuer.log",
        ready=_http_ok(f"http://127.0.0.1:{port}/healthz"),
    )


@dataclass(frozen=True)
class PlatformEndpoints:
    kafka_bootstrap: str
    opa_url: str
    issuer_url: str

    def service_env(self, database_url: str) -> dict[str, str]:
        return {
            "SIKERJA_DATABASE_URL": database_url,
            "SIKERJA_KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
            "SIKERJA_OPA_URL": self.opa_url,
            "SIKERJA_TOKEN_ISSUERS": json.dumps({self.issuer_url: f"{self.issuer_url}/.well-known/jwks.json"}),
        }


def service_process(service: str, port: int, env: dict[str, str], log_dir: Path) -> ManagedProcess:
    package = service.replace("-", "_")
    return ManagedProcess(
        name=service,
        command=[sys.executable, "-m", "uvicorn", f"{package}.entrypoints.asgi:app",
                 "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--timeout-graceful-shutdown", "10"],
        log_file=log_dir / f"{service}.log",
        env=env,
        ready=_http_ok(f"http://127.0.0.1:{port}/readyz"),
    )


class PostgresCluster:
    """A throw-away PostgreSQL cluster (initdb + pg_ctl) on loopback, run as the postgres user when we are root."""

    def __init__(self, port: int | None = None) -> None:
        self.bin = provision.postgres_bin_dir()
        self.port = port or free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="sikerja-pg-"))
        self.data = self.root / "data"
        if self.user:
            shutil.chown(self.root, user=self.user)
        self.root.chmod(0o755)

    def _as_user(self, command: list[str]) -> list[str]:
        return (["runuser", "-u", self.user, "--"] if self.user else []) + command

    def start(self) -> None:
        initdb = subprocess.run(
            self._as_user([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                           "--encoding=UTF8", "--no-sync"]),
            check=False, capture_output=True, text=True,
        )
        if initdb.returncode != 0:
            raise StartupError(f"initdb failed: {initdb.stderr[-2000:]}")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        started = subprocess.run(
            self._as_user([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
                           "-l", str(self.root / "postgres.log"), "-w", "-t", "60", "start"]),
            check=False, capture_output=True, text=True,
        )
        if started.returncode != 0:
            raise StartupError(f"PostgreSQL did not start: {started.stderr}\n{_tail(self.root / 'postgres.log')}")

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def version(self) -> str:
        return subprocess.run([str(self.bin / "postgres"), "--version"], capture_output=True, text=True).stdout.strip()

    def stop(self) -> None:
        subprocess.run(self._as_user([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"]),
                       check=False, capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)
