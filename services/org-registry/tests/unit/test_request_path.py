"""The fast queries' request path stays on the event loop: no dependency of any route runs in FastAPI's thread pool."""

import inspect

from fastapi.routing import APIRoute
from org_registry.entrypoints import http, organisation_http, pegawai_http, queries_http, replay_http


def _sync_dependencies(dependant, path=()):
    for sub in dependant.dependencies:
        call = sub.call
        target = call if inspect.isfunction(call) or inspect.ismethod(call) else getattr(call, "__call__", call)
        if not (inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target)):
            yield " → ".join((*path, getattr(call, "__name__", type(call).__name__)))
        yield from _sync_dependencies(sub, (*path, getattr(call, "__name__", type(call).__name__)))


def test_no_route_has_a_dependency_that_fastapi_would_run_in_a_thread():
    routers = [http.router, organisation_http.router, pegawai_http.router, queries_http.router, replay_http.router]
    routes = [r for router in routers for r in router.routes if isinstance(r, APIRoute)]
    assert {"/v1/scope", "/v1/pegawai/{nip}/penilai", "/v1/instansi/{instansi_id}/units/{unit_id}/puo"} <= {
        r.path for r in routes}
    offenders = {r.path: list(_sync_dependencies(r.dependant)) for r in routes}
    assert {path: found for path, found in offenders.items() if found} == {}
    assert all(inspect.iscoroutinefunction(r.endpoint) for r in routes)
