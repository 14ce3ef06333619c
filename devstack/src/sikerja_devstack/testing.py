"""``scripts/sikerja test``: every suite, against real parts started once for the whole run.

Order: policy checks (opa fmt, check --strict, test), each library and service in its own pytest process on
SQLite, the integration suites again on PostgreSQL, then the cross-service suites in tests/ on both databases.
A part that cannot be provisioned or started fails the run with its reason; nothing is skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from sikerja_devstack import provision
from sikerja_devstack.paths import POLICIES, REPO, SERVICES
from sikerja_devstack.processes import PostgresCluster, free_port, issuer_process, kafka_process, opa_process

LIBS = sorted(p for p in (REPO / "libs").iterdir() if (p / "tests").is_dir())
INTEGRATION_SUITES = [REPO / "libs" / "outbox", REPO / "libs" / "inbox", *(REPO / "services" / s for s in SERVICES)]


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failed_suites: list[str] = field(default_factory=list)

    def add_junit(self, report: Path) -> None:
        root = ET.parse(report).getroot()
        for suite in root.iter("testsuite"):
            total = int(suite.get("tests", 0))
            failures = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped = int(suite.get("skipped", 0))
            self.passed += total - failures - skipped
            self.failed += failures
            self.skipped += skipped


def _section(title: str) -> None:
    print(f"\n=== {title}", flush=True)


# opa test's own default is 5 s per test. The exhaustive tests walk every step of every profile, each decision
# cross-checked against the whole refusal set; on a loaded 2-core machine some take longer than that.
OPA_TEST_TIMEOUT = "60s"


def _policy_checks(opa: str, tally: Tally) -> None:
    checks = {
        "opa fmt --fail": [opa, "fmt", "--list", "--fail", str(POLICIES)],
        "opa check --strict": [opa, "check", "--strict", "--ignore", "*.schema.json", str(POLICIES)],
        "opa test": [opa, "test", "-v", "--timeout", OPA_TEST_TIMEOUT, "--ignore", "*.schema.json", str(POLICIES)],
    }
    for title, command in checks.items():
        _section(title)
        result = subprocess.run(command, check=False, text=True, capture_output=True)
        output = result.stdout + result.stderr
        if title == "opa test":  # the verbose listing is long: every failing test, then the tail with the totals
            failing = [line for line in output.splitlines() if ": FAIL (" in line or ": ERROR (" in line]
            output = "".join(f"{line}\n" for line in failing) + output[-6000:]
        print(output, end="", flush=True)
        if title == "opa test":
            for line in output.splitlines():
                if line.startswith(("PASS:", "FAIL:", "ERROR:")):  # ERROR: a test that could not finish
                    count = int(line.split()[1].split("/")[0])
                    if line.startswith("PASS:"):
                        tally.passed += count
                    else:
                        tally.failed += count
        if result.returncode != 0:
            tally.failed_suites.append(title)
            if title != "opa test":
                tally.failed += 1
    _policy_coverage(opa, tally)


POLICY_COVERAGE_FLOOR = 95.0


def _policy_coverage(opa: str, tally: Tally) -> None:
    """``opa test --coverage``: the share of Rego lines the tests evaluate must reach the floor."""
    _section(f"opa test --coverage (floor {POLICY_COVERAGE_FLOOR:g} %)")
    result = subprocess.run([opa, "test", "--coverage", "--format", "json", "--timeout", OPA_TEST_TIMEOUT,
                             "--ignore", "*.schema.json", str(POLICIES)],
                            check=False, text=True, capture_output=True)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout[-2000:] + result.stderr[-2000:], flush=True)
        tally.failed_suites.append("opa coverage")
        tally.failed += 1
        return
    for path, entry in sorted(report.get("files", {}).items()):
        if not path.endswith("_test.rego"):
            print(f"{entry.get('coverage', 0):6.1f} %  {Path(path).relative_to(REPO) if Path(path).is_absolute() else path}")
    coverage = report.get("coverage", 0.0)
    print(f"total {coverage:.1f} %", flush=True)
    if coverage < POLICY_COVERAGE_FLOOR:
        tally.failed_suites.append("opa coverage")
        tally.failed += 1
    else:
        tally.passed += 1


def _pytest(title: str, target: Path, env: dict[str, str], tally: Tally, reports: Path, extra: list[str]) -> None:
    _section(title)
    report = reports / f"{len(list(reports.iterdir())):03d}.xml"
    command = [sys.executable, "-m", "pytest", str(target), f"--junitxml={report}", "-q", "-p", "no:cacheprovider", *extra]
    result = subprocess.run(command, check=False, env=env, cwd=REPO)
    if report.exists():
        tally.add_junit(report)
    if result.returncode not in (0,):
        tally.failed_suites.append(title)
        if not report.exists():
            tally.failed += 1


def run_all(pytest_args: list[str]) -> int:
    started = time.monotonic()
    tally = Tally()
    _section("provisioning")
    opa = provision.opa_binary()
    provision.kafka_classpath()
    postgres = PostgresCluster()
    print(f"opa: {opa}\nkafka: {provision.KAFKA_VERSION}\npostgres: {postgres.version()}", flush=True)

    state = Path(tempfile.mkdtemp(prefix="sikerja-test-"))
    kafka_port, opa_port, issuer_port = free_port(), free_port(), free_port()
    parts = [
        kafka_process(state / "kafka", kafka_port, free_port()),
        opa_process(state, opa_port),
        issuer_process(state, issuer_port),
    ]
    try:
        for part in parts:
            part.start(timeout=120)
        postgres.start()
        print(f"real parts up after {time.monotonic() - started:.1f}s", flush=True)
        _policy_checks(opa, tally)
        base_env = os.environ | {
            "SIKERJA_TEST_KAFKA": f"127.0.0.1:{kafka_port}",
            "SIKERJA_TEST_OPA": f"http://127.0.0.1:{opa_port}",
            "SIKERJA_TEST_ISSUER": f"http://127.0.0.1:{issuer_port}",
            "SIKERJA_TEST_POSTGRES": postgres.admin_dsn,
            "SIKERJA_TEST_DATABASE": "sqlite",
        }
        postgres_env = base_env | {"SIKERJA_TEST_DATABASE": "postgresql"}
        reports = state / "reports"
        reports.mkdir()
        for target in [*LIBS, REPO / "devstack"]:
            _pytest(f"{target.relative_to(REPO)} (SQLite)", target / "tests", base_env, tally, reports, pytest_args)
        for service in SERVICES:
            _pytest(f"services/{service} (SQLite)", REPO / "services" / service / "tests", base_env, tally, reports,
                    pytest_args)
        for suite in INTEGRATION_SUITES:
            _pytest(f"{suite.relative_to(REPO)} integration (PostgreSQL)", suite / "tests", postgres_env, tally,
                    reports, ["-m", "integration", *pytest_args])
        _pytest("tests/ cross-service (SQLite)", REPO / "tests", base_env, tally, reports, pytest_args)
        _pytest("tests/ cross-service (PostgreSQL)", REPO / "tests", postgres_env, tally, reports,
                ["-m", "integration", *pytest_args])
    finally:
        for part in reversed(parts):
            part.stop()
        postgres.stop()
    _section(f"summary after {time.monotonic() - started:.0f}s")
    for suite in tally.failed_suites:
        print(f"FAILED suite: {suite}")
    print(f"{tally.passed} passed, {tally.failed} failed, {tally.skipped} skipped", flush=True)
    return 1 if tally.failed or tally.failed_suites else 0
