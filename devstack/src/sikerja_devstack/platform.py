"""The whole platform as one supervised set of processes (``scripts/sikerja up``)."""

from __future__ import annotations

import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sikerja_devstack import demo, policy_tables
from sikerja_devstack.paths import CACHE, SERVICES
from sikerja_devstack.processes import (
    ManagedProcess,
    PlatformEndpoints,
    issuer_process,
    kafka_process,
    opa_process,
    port_open,
    service_process,
)

STATE = Path(os.environ.get("SIKERJA_STATE_DIR", CACHE / "devstack"))
PID_FILE = STATE / "supervisor.pid"


@dataclass(frozen=True)
class Ports:
    kafka: int = int(os.environ.get("SIKERJA_KAFKA_PORT", 9092))
    kafka_controller: int = int(os.environ.get("SIKERJA_KAFKA_CONTROLLER_PORT", 9093))
    opa: int = int(os.environ.get("SIKERJA_OPA_PORT", 8181))
    issuer: int = int(os.environ.get("SIKERJA_ISSUER_PORT", 8099))
    first_service: int = int(os.environ.get("SIKERJA_SERVICE_BASE_PORT", 8001))

    def service(self, name: str) -> int:
        return self.first_service + SERVICES.index(name)


class Platform:
    def __init__(self, ports: Ports | None = None, state: Path = STATE) -> None:
        self.ports = ports or Ports()
        self.state = state
        self.processes: list[ManagedProcess] = []

    def _start(self, process: ManagedProcess, timeout: float = 90.0) -> None:
        print(f"  starting {process.name} ...", flush=True)
        process.start(timeout=timeout)
        self.processes.append(process)

    def busy_ports(self) -> list[int]:
        ports = self.ports
        return [p for p in (ports.kafka, ports.opa, ports.issuer, *map(ports.service, SERVICES)) if port_open(p)]

    def up(self) -> None:
        ports = self.ports
        external_kafka = os.environ.get("SIKERJA_KAFKA_BOOTSTRAP_SERVERS")
        external_opa = os.environ.get("SIKERJA_OPA_URL")
        if not external_opa:
            # The decision tables are computed from the profiles: a profile edited without regenerating them would
            # have the sidecar answer the most frequent decisions by the old profile. Checked before anything starts.
            print("  checking the policy decision tables ...", flush=True)
            policy_tables.require_current_tables()
        if not external_kafka:
            self._start(kafka_process(self.state / "kafka", ports.kafka, ports.kafka_controller))
        if not external_opa:
            self._start(opa_process(self.state, ports.opa, watch=True))
        self._start(issuer_process(self.state, ports.issuer))
        endpoints = PlatformEndpoints(
            kafka_bootstrap=external_kafka or f"127.0.0.1:{ports.kafka}",
            opa_url=external_opa or f"http://127.0.0.1:{ports.opa}",
            issuer_url=f"http://127.0.0.1:{ports.issuer}",
        )
        databases = self.state / "databases"
        databases.mkdir(parents=True, exist_ok=True)
        for service in SERVICES:
            default_url = f"sqlite+aiosqlite:///{databases / service}.db"
            url = os.environ.get(f"SIKERJA_{service.upper().replace('-', '_')}_DATABASE_URL", default_url)
            self._start(service_process(service, ports.service(service), endpoints.service_env(url), self.state / "logs"))
        loaded = demo.load(
            org_registry=f"http://127.0.0.1:{ports.service('org-registry')}", issuer=endpoints.issuer_url
        )
        self._print_summary(endpoints, loaded)

    def _print_summary(self, endpoints: PlatformEndpoints, loaded: list[str]) -> None:
        print("\nSikerja is up.\n")
        for service in SERVICES:
            base = f"http://127.0.0.1:{self.ports.service(service)}"
            print(f"  {service:<13} {base}/docs   (OpenAPI {base}/openapi.json, AsyncAPI {base}/asyncapi.yaml)")
        print(f"\n  Kafka         {endpoints.kafka_bootstrap}")
        print(f"  OPA           {endpoints.opa_url}")
        print(f"  token issuer  {endpoints.issuer_url}/tokens  (dev only)")
        print(f"  logs          {self.state}/logs, {self.state}/*.log")
        print(f"  demo data     {len(loaded)} instansi: {', '.join(loaded)}\n", flush=True)

    def down(self) -> None:
        for process in reversed(self.processes):
            print(f"  stopping {process.name}", flush=True)
            process.stop()
        self.processes.clear()

    def supervise(self) -> int:
        """Run until SIGINT/SIGTERM or until a part dies; always stop everything."""
        stop_requested = False

        def request_stop(_signum, _frame):
            nonlocal stop_requested
            stop_requested = True

        if running_supervisor() is not None:
            print(f"the platform is already running (supervisor {running_supervisor()}); stop it with `down`",
                  file=sys.stderr)
            return 1
        if busy := self.busy_ports():
            print(f"ports already in use: {busy}; free them or choose others (SIKERJA_*_PORT)", file=sys.stderr)
            return 1
        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        PID_FILE.parent.mkdir(parents=True, exist_ok=True)
        PID_FILE.write_text(str(os.getpid()))
        exit_code = 0
        try:
            self.up()
            print("Press Ctrl-C to stop.", flush=True)
            while not stop_requested:
                dead = [p.name for p in self.processes if not p.alive()]
                if dead:
                    print(f"stopped because {', '.join(dead)} exited; see the logs", file=sys.stderr)
                    exit_code = 1
                    break
                time.sleep(0.5)
        except Exception as exc:  # noqa: BLE001 - report, then clean up
            print(f"platform failed to start: {exc}", file=sys.stderr)
            exit_code = 1
        finally:
            print("\nstopping Sikerja ...", flush=True)
            self.down()
            PID_FILE.unlink(missing_ok=True)
        return exit_code


def running_supervisor() -> int | None:
    """The pid of a live background supervisor, if any."""
    try:
        pid = int(PID_FILE.read_text())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    return pid
