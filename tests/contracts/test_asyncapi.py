"""Each service's committed asyncapi.yaml is its event contract: it must match what the code generates
(regenerate with `make asyncapi`)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SERVICES = ["org-registry", "assignment", "performance", "notification"]


def _generated(service: str) -> str:
    environment = {"PATH": os.environ["PATH"], "SIKERJA_DATABASE_URL": "sqlite+aiosqlite:///:memory:"}
    result = subprocess.run(
        [sys.executable, "-m", "sikerja_runtime", f"{service.replace('-', '_')}.bootstrap:build_app", "asyncapi"],
        capture_output=True, text=True, env=environment, check=True,
    )
    return result.stdout


@pytest.mark.parametrize("service", SERVICES)
def test_committed_asyncapi_matches_the_code(service):
    committed = (REPO / "services" / service / "asyncapi.yaml").read_text()
    assert yaml.safe_load(committed) == yaml.safe_load(_generated(service)), (
        f"services/{service}/asyncapi.yaml is stale: run `make asyncapi` and commit it"
    )


def test_org_registry_documents_the_cloudevents_envelope_of_its_instansi_events():
    document = yaml.safe_load((REPO / "services" / "org-registry" / "asyncapi.yaml").read_text())
    assert document["asyncapi"].startswith("3.")
    assert "sikerja.org.instansi" in document["channels"]
    envelope = document["components"]["schemas"]["InstansiRegisteredEnvelope"]
    assert {"specversion", "id", "source", "type", "time", "data"} <= set(envelope["required"])


@pytest.mark.parametrize("service", ["assignment", "performance", "notification"])
def test_consumers_document_what_they_subscribe_to(service):
    document = yaml.safe_load((REPO / "services" / service / "asyncapi.yaml").read_text())
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert "sikerja.org.instansi" in addresses
