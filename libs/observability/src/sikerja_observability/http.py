from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping

from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Histogram, generate_latest

from sikerja_observability.correlation import CORRELATION_HEADER, correlation_scope

# A readiness check raises (or times out) when its dependency is not usable.
ReadinessCheck = Callable[[], Awaitable[object]]

REQUEST_SECONDS = Histogram(
    "sikerja_http_request_seconds",
    "HTTP request latency by route template",
    ["method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)


class CorrelationAndMetrics:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware): correlation id in and out, latency per route."""

    _HEADER = CORRELATION_HEADER.lower().encode()

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming = next((v.decode("latin-1") for k, v in scope["headers"] if k == self._HEADER), None)
        status = 500
        with correlation_scope(incoming) as correlation_id:

            async def send_with_correlation(message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    message["headers"] = [*message.get("headers", []), (self._HEADER, correlation_id.encode())]
                await send(message)

            try:
                await self.app(scope, receive, send_with_correlation)
            finally:
                route = scope.get("route")
                REQUEST_SECONDS.labels(scope["method"], getattr(route, "path", "unmatched"), status).observe(
                    time.perf_counter() - started
                )


def install_http_observability(
    app: FastAPI, readiness_checks: Mapping[str, ReadinessCheck], *, check_timeout: float = 2.0
) -> None:
    app.add_middleware(CorrelationAndMetrics)

    @app.get("/healthz", tags=["operations"], summary="Liveness: the process answers")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], summary="Readiness: every dependency answers")
    async def readyz() -> JSONResponse:
        async def run(check: ReadinessCheck) -> str:
            try:
                async with asyncio.timeout(check_timeout):
                    await check()
            except Exception as exc:  # noqa: BLE001 - reported, not raised
                return f"unavailable: {type(exc).__name__}: {exc}"[:300]
            return "ok"

        names = list(readiness_checks)
        results = await asyncio.gather(*(run(readiness_checks[name]) for name in names))
        checks = dict(zip(names, results, strict=True))
        ready = all(result == "ok" for result in results)
        return JSONResponse({"status": "ready" if ready else "not_ready", "checks": checks}, status_code=200 if ready else 503)

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
