from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping

from fastapi import FastAPI, Request, Response
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


def install_http_observability(
    app: FastAPI, readiness_checks: Mapping[str, ReadinessCheck], *, check_timeout: float = 2.0
) -> None:
    @app.middleware("http")
    async def correlate_and_measure(request: Request, call_next):
        started = time.perf_counter()
        with correlation_scope(request.headers.get(CORRELATION_HEADER)) as correlation_id:
            response = await call_next(request)
            response.headers[CORRELATION_HEADER] = correlation_id
        route = request.scope.get("route")
        REQUEST_SECONDS.labels(request.method, getattr(route, "path", "unmatched"), response.status_code).observe(
            time.perf_counter() - started
        )
        return response

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
