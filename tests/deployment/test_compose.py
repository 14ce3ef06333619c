"""docker-compose.yml cannot run here (no Docker engine), so its shape is checked: every service has its OPA
sidecar, its own database, a health check, the settings it needs, and an image built from a Dockerfile that exists."""

from pathlib import Path

import pytest
import yaml
from sikerja_devstack.processes import OPA_SIDECAR_ENVIRONMENT

REPO = Path(__file__).resolve().parents[2]
SERVICES = ["org-registry", "assignment", "performance", "notification"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_its_own_sidecar_database_and_health_check(compose, service):
    definition = compose[service]
    environment = definition["environment"]
    sidecar = f"{service}-opa"
    assert compose[sidecar]["image"].startswith("openpolicyagent/opa:1.")
    assert "/policies" in compose[sidecar]["command"]
    assert compose[sidecar]["environment"] == OPA_SIDECAR_ENVIRONMENT  # the sidecar runs as the devstack's does
    assert environment["SIKERJA_OPA_URL"] == f"http://{sidecar}:8181"
    assert definition["depends_on"][sidecar] == {"condition": "service_healthy"}
    database = environment["SIKERJA_DATABASE_URL"]
    assert database.startswith("postgresql+asyncpg://") and database.endswith(f"/{service.replace('-', '_')}")
    assert environment["SIKERJA_KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert "/readyz" in " ".join(definition["healthcheck"]["test"])
    assert {"kafka", "postgres"} <= set(definition["depends_on"])
    dockerfile = REPO / definition["build"]["dockerfile"]
    assert dockerfile == REPO / "services" / service / "Dockerfile" and dockerfile.exists()
    assert f"{service.replace('-', '_')}.entrypoints.asgi:app" in dockerfile.read_text()


def test_no_two_services_share_a_database_or_a_sidecar(compose):
    urls = [compose[s]["environment"]["SIKERJA_DATABASE_URL"] for s in SERVICES]
    sidecars = [compose[s]["environment"]["SIKERJA_OPA_URL"] for s in SERVICES]
    assert len(set(urls)) == len(urls) and len(set(sidecars)) == len(sidecars)
    created = (REPO / "deploy" / "postgres" / "create-databases.sql").read_text()
    for service in SERVICES:
        assert f"CREATE DATABASE {service.replace('-', '_')};" in created


def test_infrastructure_has_health_checks_and_no_committed_password(compose):
    for part in ("kafka", "postgres", "token-issuer"):
        assert compose[part]["healthcheck"]["test"]
    assert compose["kafka"]["image"].startswith("apache/kafka:4.")
    assert compose["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_published_ports_bind_to_loopback_only(compose):
    for name, definition in compose.items():
        for mapping in definition.get("ports", []):
            assert mapping.startswith("127.0.0.1:"), f"{name} publishes {mapping} beyond loopback"
