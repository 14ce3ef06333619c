"""Finds or installs Kafka, OPA and PostgreSQL. Reuses what is installed; downloads only what is missing."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from sikerja_devstack.paths import CACHE, REPO

KAFKA_VERSION = os.environ.get("SIKERJA_KAFKA_VERSION", "4.3.1")
OPA_VERSION = os.environ.get("SIKERJA_OPA_VERSION", "v1.22.2")


class ProvisioningError(RuntimeError):
    """A required part cannot be had on this machine; the message says what was tried."""


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=False, capture_output=True, text=True, **kwargs)


def kafka_classpath() -> str:
    """Classpath of a Kafka 4.x broker: ``$KAFKA_HOME/libs`` if configured, else jars resolved into the cache."""
    if home := os.environ.get("KAFKA_HOME"):
        libs = Path(home) / "libs"
        if not glob.glob(str(libs / "kafka_2.13-*.jar")):
            raise ProvisioningError(f"KAFKA_HOME={home} has no libs/kafka_2.13-*.jar")
        return f"{libs}/*"
    libs = CACHE / "kafka" / KAFKA_VERSION / "libs"
    if not (libs / f"kafka_2.13-{KAFKA_VERSION}.jar").exists():
        if shutil.which("java") is None:
            raise ProvisioningError("Java 17+ is needed for Kafka: install a JDK (Debian: default-jre-headless)")
        if shutil.which("mvn") is None:
            raise ProvisioningError("Maven is needed to resolve Kafka from Maven Central (Debian: maven)")
        print(f"provisioning Apache Kafka {KAFKA_VERSION} from Maven Central into {libs} ...", flush=True)
        staging = libs.with_name("libs.partial")
        shutil.rmtree(staging, ignore_errors=True)
        result = _run(
            [
                "mvn", "-q", "-B", "-f", str(REPO / "scripts" / "kafka" / "pom.xml"),
                f"-Dkafka.version={KAFKA_VERSION}",
                "dependency:copy-dependencies", f"-DoutputDirectory={staging}", "-DincludeScope=runtime",
            ]
        )
        if result.returncode != 0 or not (staging / f"kafka_2.13-{KAFKA_VERSION}.jar").exists():
            raise ProvisioningError(f"resolving Kafka with Maven failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        shutil.rmtree(libs, ignore_errors=True)
        staging.rename(libs)
    return f"{libs}/*"


def java_binary() -> str:
    java = shutil.which("java")
    if java is None:
        raise ProvisioningError("Java 17+ is needed for Kafka: install a JDK (Debian: default-jre-headless)")
    return java


def opa_binary() -> str:
    """``opa`` 1.x from PATH (or $SIKERJA_OPA), else built with ``go install`` into the cache."""
    for candidate in (os.environ.get("SIKERJA_OPA"), shutil.which("opa")):
        if candidate and _run([candidate, "version"]).stdout.startswith("Version: 1."):
            return candidate
    cached = CACHE / "opa" / OPA_VERSION / "opa"
    if cached.exists():
        return str(cached)
    go = shutil.which("go") or ("/usr/local/go/bin/go" if Path("/usr/local/go/bin/go").exists() else None)
    if go is None:
        raise ProvisioningError("OPA is not on PATH and Go is missing, so it cannot be built with `go install`")
    print(f"provisioning OPA {OPA_VERSION} with go install into {cached.parent} (a few minutes) ...", flush=True)
    env = os.environ | {
        "GOBIN": str(cached.parent),
        "GOPATH": str(CACHE / "go"),
        "GOMODCACHE": str(CACHE / "go" / "pkg" / "mod"),
        "GOFLAGS": "-mod=mod",
        "CGO_ENABLED": "0",
    }
    result = _run([go, "install", f"github.com/open-policy-agent/opa@{OPA_VERSION}"], env=env)
    if result.returncode != 0 or not cached.exists():
        raise ProvisioningError(f"go install of OPA failed:\n{result.stderr[-3000:]}")
    return str(cached)


def postgres_bin_dir() -> Path:
    """Directory holding initdb and pg_ctl: $SIKERJA_PG_BIN, PATH, or Debian's /usr/lib/postgresql/<v>/bin."""
    if configured := os.environ.get("SIKERJA_PG_BIN"):
        return Path(configured)
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if versions:
        return Path(versions[-1]).parent
    raise ProvisioningError(
        "PostgreSQL server binaries not found: install Debian's `postgresql` package or set SIKERJA_PG_BIN"
    )
