"""What every org-registry route needs: the runtime, the caller, and an authorizer bound to both."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from sikerja_auth import Principal
from sikerja_runtime import ServiceRuntime, current_principal

from org_registry.adapters.profiles import ProfileCatalogue
from org_registry.service_layer import services

ORG_ADMIN_DECISION = "sikerja.org_admin.decision"


# The providers are ``async def`` on purpose: FastAPI runs a plain ``def`` dependency in its thread pool, a thread
# hop per dependency per request (the largest single cost in a profile of the fast queries, and a source of tail
# latency on a busy machine). tests/unit/test_request_path.py keeps it so.


async def runtime_of(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


async def profiles_of(request: Request) -> ProfileCatalogue:
    return request.app.state.profiles


Caller = Annotated[Principal, Depends(current_principal)]
Runtime = Annotated[ServiceRuntime, Depends(runtime_of)]
Profiles = Annotated[ProfileCatalogue, Depends(profiles_of)]


def actor_of(principal: Principal) -> services.Actor:
    return services.Actor(nip=principal.subject, instansi=principal.instansi, roles=principal.roles)


def authorizer(runtime: ServiceRuntime, principal: Principal) -> services.Authorize:
    async def authorize(action: str, resource: dict[str, Any]) -> dict[str, Any]:
        decision = await runtime.policy.authorize(
            ORG_ADMIN_DECISION,
            {
                "action": action,
                "actor": principal.as_policy_actor(),
                "resource": resource,
                "time": datetime.now(UTC).isoformat(),
            },
        )
        return decision.as_audit_record()

    return authorize


async def authorize_read(runtime: ServiceRuntime, principal: Principal, instansi_id: str) -> None:
    """Reading one's own instansi crosses no boundary; any other read is a policy decision (refused unless allowed)."""
    if principal.instansi != instansi_id:
        await authorizer(runtime, principal)("organisation.read", {"instansi_id": instansi_id})
