from __future__ import annotations

from collections.abc import Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from faststream.specification import AsyncAPI
from sikerja_auth import InvalidToken, IssuerUnavailable
from sikerja_observability import configure_logging, install_http_observability
from sikerja_policy_client import PolicyDenied, PolicyUnavailable
from sikerja_problems import install_problem_handlers, problem_response

from sikerja_runtime.runtime import ServiceRuntime


def asyncapi_document(runtime: ServiceRuntime, *, title: str, version: str, description: str) -> AsyncAPI:
    return AsyncAPI(runtime.broker, title=title, version=version, description=description)


def _install_refusal_handlers(app: FastAPI) -> None:
    @app.exception_handler(PolicyDenied)
    async def _denied(request: Request, exc: PolicyDenied) -> JSONResponse:
        decision = exc.decision
        return problem_response(
            request,
            403,
            "policy-denied",
            "Ditolak oleh kebijakan",
            str(exc),
            decision_id=decision.decision_id,
            reasons=[reason.__dict__ for reason in decision.reasons],
        )

    @app.exception_handler(PolicyUnavailable)
    async def _policy_down(request: Request, exc: PolicyUnavailable) -> JSONResponse:
        return problem_response(
            request,
            503,
            "policy-unavailable",
            "Layanan kebijakan tidak tersedia",
            "Keputusan otorisasi tidak dapat diperoleh; permintaan tidak diproses dan tidak ada yang disimpan.",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(InvalidToken)
    async def _unauthenticated(request: Request, exc: InvalidToken) -> JSONResponse:
        return problem_response(
            request, 401, "unauthenticated", "Token tidak sah", str(exc), headers={"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(IssuerUnavailable)
    async def _issuer_down(request: Request, exc: IssuerUnavailable) -> JSONResponse:
        return problem_response(
            request,
            503,
            "token-issuer-unavailable",
            "Penerbit token tidak dapat dihubungi",
            "Token tidak dapat diverifikasi; permintaan tidak diproses.",
            headers={"Retry-After": "5"},
        )


def create_http_app(
    runtime: ServiceRuntime,
    *,
    title: str,
    version: str,
    description: str,
    routers: Sequence[APIRouter],
) -> FastAPI:
    """The HTTP face of a service; its lifespan starts and stops the whole runtime."""
    configure_logging(runtime.name, runtime.settings.log_level)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, version=version, description=description, lifespan=lifespan)
    app.state.runtime = runtime
    install_problem_handlers(app)
    _install_refusal_handlers(app)
    install_http_observability(app, runtime.readiness_checks())
    for router in routers:
        app.include_router(router)

    specification = asyncapi_document(runtime, title=title, version=version, description=description)
    app.state.asyncapi = specification

    @app.get("/asyncapi.yaml", tags=["operations"], summary="AsyncAPI document of this service's events")
    async def asyncapi_yaml() -> PlainTextResponse:
        return PlainTextResponse(specification.to_specification().to_yaml(), media_type="application/yaml")

    @app.get("/asyncapi.json", tags=["operations"], summary="AsyncAPI document of this service's events (JSON)")
    async def asyncapi_json() -> JSONResponse:
        return JSONResponse(specification.to_specification().to_jsonable())

    return app
