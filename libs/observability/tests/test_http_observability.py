import json
import logging

import httpx
import pytest
from fastapi import FastAPI
from sikerja_observability import CORRELATION_HEADER, configure_logging, current_correlation_id, install_http_observability
from sikerja_observability.logs import JsonFormatter


def _app(checks) -> FastAPI:
    app = FastAPI()
    install_http_observability(app, checks, check_timeout=0.2)

    @app.get("/echo")
    async def echo() -> dict:
        return {"correlation_id": current_correlation_id()}

    return app


async def ok():
    return None


async def broken():
    raise ConnectionError("refused")


async def slow():
    import asyncio

    await asyncio.sleep(5)


@pytest.fixture
def client_for():
    def make(checks):
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=_app(checks)), base_url="http://t")

    return make


async def test_correlation_id_is_kept_when_sane_and_made_up_otherwise(client_for):
    async with client_for({}) as client:
        kept = await client.get("/echo", headers={CORRELATION_HEADER: "spbe-req-42"})
        assert kept.json()["correlation_id"] == "spbe-req-42"
        assert kept.headers[CORRELATION_HEADER] == "spbe-req-42"
        replaced = await client.get("/echo", headers={CORRELATION_HEADER: "<script>"})
        assert replaced.headers[CORRELATION_HEADER] != "<script>"
        assert len(replaced.headers[CORRELATION_HEADER]) == 32


async def test_readiness_reports_each_dependency(client_for):
    async with client_for({"database": ok, "kafka": ok}) as client:
        ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "kafka": "ok"}}


async def test_readiness_fails_when_a_dependency_fails_or_hangs(client_for):
    async with client_for({"database": ok, "kafka": broken, "opa": slow}) as client:
        answer = await client.get("/readyz")
        live = await client.get("/healthz")
    assert answer.status_code == 503
    checks = answer.json()["checks"]
    assert checks["database"] == "ok"
    assert "ConnectionError: refused" in checks["kafka"]
    assert "TimeoutError" in checks["opa"]
    assert live.status_code == 200  # liveness does not depend on dependencies


async def test_metrics_expose_request_latency_by_route(client_for):
    async with client_for({}) as client:
        await client.get("/echo")
        metrics = await client.get("/metrics")
    assert 'sikerja_http_request_seconds_count{method="GET",route="/echo",status="200"}' in metrics.text


def test_log_lines_are_json_with_service_and_correlation_id():
    from sikerja_observability import correlation_scope

    formatter = JsonFormatter("org-registry")
    record = logging.makeLogRecord({"msg": "hello %s", "args": ("world",), "levelname": "INFO", "name": "x",
                                    "decision": {"allow": False}})
    with correlation_scope("corr-1"):
        line = json.loads(formatter.format(record))
    assert line["service"] == "org-registry"
    assert line["message"] == "hello world"
    assert line["correlation_id"] == "corr-1"
    assert line["decision"] == {"allow": False}


def test_configure_logging_installs_one_json_handler():
    configure_logging("svc", "debug")
    handlers = logging.getLogger().handlers
    assert len(handlers) == 1 and isinstance(handlers[0].formatter, JsonFormatter)
