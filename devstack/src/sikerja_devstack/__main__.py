"""scripts/sikerja COMMAND

  up            provision what is missing, start everything, stop it all on Ctrl-C
  up --detach   the same in the background (logs in .cache/devstack/supervisor.log); stop with `down`
  down          stop a background platform
  status        readiness of each service
  provision     only fetch/build Kafka and OPA into .cache/
  test          run every test suite against real Kafka, OPA, SQLite and PostgreSQL
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

import httpx

from sikerja_devstack import provision
from sikerja_devstack.paths import SERVICES
from sikerja_devstack.platform import STATE, Platform, Ports, running_supervisor


def _up(detach: bool) -> int:
    if not detach:
        return Platform().supervise()
    if (pid := running_supervisor()) is not None:
        print(f"the platform is already running (supervisor {pid}); stop it with `scripts/sikerja down`",
              file=sys.stderr)
        return 1
    log = STATE / "supervisor.log"
    STATE.mkdir(parents=True, exist_ok=True)
    offset = log.stat().st_size if log.exists() else 0
    with log.open("ab") as out:
        supervisor = subprocess.Popen([sys.executable, "-m", "sikerja_devstack", "up"], stdout=out,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    print(f"starting in the background; log: {log}", flush=True)
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and supervisor.poll() is None:
        written = log.read_bytes()[offset:].decode(errors="replace")
        if "Press Ctrl-C to stop." in written:
            print(written.split("Sikerja is up.", 1)[-1].split("Press Ctrl-C")[0])
            print("stop with: scripts/sikerja down")
            return 0
        time.sleep(0.5)
    print(f"the platform did not come up; see {log}", file=sys.stderr)
    return 1


def _down() -> int:
    pid = running_supervisor()
    if pid is None:
        print("no background platform is running")
        return 0
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return 0
    for _ in range(120):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            print("stopped")
            return 0
        time.sleep(0.5)
    print(f"supervisor {pid} did not stop within 60s", file=sys.stderr)
    return 1


def _status() -> int:
    ports = Ports()
    ready = True
    for service in SERVICES:
        url = f"http://127.0.0.1:{ports.service(service)}/readyz"
        try:
            answer = httpx.get(url, timeout=2).json()
        except (httpx.HTTPError, ValueError) as exc:
            answer = {"status": f"down ({type(exc).__name__})"}
        ready &= answer.get("status") == "ready"
        print(f"{service:<13} {answer}")
    return 0 if ready else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/sikerja", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["up", "down", "status", "provision", "test"])
    parser.add_argument("--detach", action="store_true", help="with up: run in the background")
    args, rest = parser.parse_known_args(argv)
    if args.command == "up":
        return _up(args.detach)
    if args.command == "down":
        return _down()
    if args.command == "status":
        return _status()
    if args.command == "provision":
        print("kafka classpath:", provision.kafka_classpath())
        print("opa:", provision.opa_binary())
        return 0
    from sikerja_devstack.testing import run_all

    return run_all(rest)


if __name__ == "__main__":
    raise SystemExit(main())
