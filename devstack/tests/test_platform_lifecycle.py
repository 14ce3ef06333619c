"""The run command itself: `scripts/sikerja up --detach` brings up everything with demo data, `down` stops it all."""

import os
import subprocess
import tempfile
from pathlib import Path

import httpx
import pytest
from sikerja_devstack.processes import free_port_block, free_ports_outside, port_open

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def test_up_detached_serves_demo_data_and_down_leaves_nothing_behind():
    # the services take consecutive ports from the base, so the base is the first of four free ones
    base = free_port_block(4)
    kafka, controller, opa, issuer = free_ports_outside(range(base, base + 4), 4)
    ports = {
        "SIKERJA_KAFKA_PORT": kafka,
        "SIKERJA_KAFKA_CONTROLLER_PORT": controller,
        "SIKERJA_OPA_PORT": opa,
        "SIKERJA_ISSUER_PORT": issuer,
        "SIKERJA_SERVICE_BASE_PORT": base,
    }
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SIKERJA_TEST_")}
    environment |= {k: str(v) for k, v in ports.items()} | {"SIKERJA_STATE_DIR": tempfile.mkdtemp()}
    script = str(REPO / "scripts" / "sikerja")
    up = subprocess.run([script, "up", "--detach"], env=environment, capture_output=True, text=True, timeout=400)
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        assert "demo data     5 instansi" in up.stdout
        issuer = f"http://127.0.0.1:{ports['SIKERJA_ISSUER_PORT']}"
        token = httpx.post(f"{issuer}/tokens", json={"sub": "199001012015011001"}, timeout=5).json()["access_token"]
        listed = httpx.get(f"http://127.0.0.1:{base}/v1/instansi", headers={"Authorization": f"Bearer {token}"},
                           timeout=5).json()
        assert {i["regulation_profile"] for i in listed["items"]} == {
            "perbup-sumenep-9-2024", "perbup-jepara-17-2024", "perwal-bandung-6-2023",
            "perbup-tanahlaut-26-2024", "perwal-palangkaraya-13-2024",
        }
        for n in range(4):
            assert httpx.get(f"http://127.0.0.1:{base + n}/asyncapi.yaml", timeout=5).status_code == 200
        # every demo organisation is loaded and consistent with its regulation: no kedudukan discrepancy left
        for instansi in listed["items"]:
            reader = httpx.post(f"{issuer}/tokens", json={"sub": "198707172010012001", "instansi": instansi["id"]},
                                timeout=5).json()["access_token"]
            found = httpx.get(f"http://127.0.0.1:{base}/v1/instansi/{instansi['id']}/kedudukan/discrepancies",
                              headers={"Authorization": f"Bearer {reader}"}, timeout=30)
            assert found.status_code == 200 and found.json() == [], (instansi["code"], found.text[:1000])
        status = subprocess.run([script, "status"], env=environment, capture_output=True, text=True, timeout=60)
        assert status.returncode == 0, status.stdout
        again = subprocess.run([script, "up", "--detach"], env=environment, capture_output=True, text=True, timeout=60)
        assert again.returncode == 1 and "already running" in again.stderr
        assert httpx.get(f"http://127.0.0.1:{base}/readyz", timeout=5).status_code == 200  # the first one is intact
    finally:
        down = subprocess.run([script, "down"], env=environment, capture_output=True, text=True, timeout=120)
    assert down.returncode == 0, down.stdout + down.stderr
    for name, port in ports.items():
        if name != "SIKERJA_SERVICE_BASE_PORT":
            assert not port_open(port), f"{name} {port} still open after down"
    assert not any(port_open(base + n) for n in range(4))
