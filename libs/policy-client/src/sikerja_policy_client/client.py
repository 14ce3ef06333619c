from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from opa_client.opa_async import AsyncOpaClient

log = logging.getLogger("sikerja.policy")

UNDEFINED_REASON_CODE = "policy.undefined"
MALFORMED_REASON_CODE = "policy.malformed_decision"


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    source: str | None = None


@dataclass(frozen=True)
class Decision:
    allow: bool
    reasons: tuple[Reason, ...] = ()
    obligations: dict[str, Any] = field(default_factory=dict)
    decision_id: str | None = None
    path: str = ""

    def as_audit_record(self) -> dict[str, Any]:
        return {
            "decision_id": self.decision_id,
            "path": self.path,
            "allow": self.allow,
            "reasons": [r.__dict__ for r in self.reasons],
        }


class PolicyUnavailable(Exception):
    """OPA could not be asked (down, timed out, or answered with an error). Callers refuse with 503."""


class PolicyDenied(Exception):
    """A decision refused the action. Callers answer 403 with the decision's reasons."""

    def __init__(self, decision: Decision) -> None:
        super().__init__("; ".join(r.message for r in decision.reasons) or "ditolak oleh kebijakan")
        self.decision = decision


def _reasons(raw: Any) -> tuple[Reason, ...]:
    if not isinstance(raw, list):
        raise ValueError("reasons is not a list")
    reasons = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not isinstance(item.get("message"), str):
            raise ValueError("a reason lacks code or message")
        reasons.append(Reason(code=item["code"], message=item["message"], source=item.get("source")))
    return tuple(reasons)


def read_decision(body: dict[str, Any], path: str) -> Decision:
    """Interpret OPA's ``POST /v1/data/<path>`` response body; anything but a well-formed allow is a refusal."""
    decision_id = body.get("decision_id")
    if "result" not in body:
        return Decision(
            allow=False,
            reasons=(Reason(UNDEFINED_REASON_CODE, "Kebijakan tidak memberi keputusan untuk permintaan ini."),),
            decision_id=decision_id,
            path=path,
        )
    result = body["result"]
    try:
        if not isinstance(result, dict) or not isinstance(result.get("allow"), bool):
            raise ValueError("allow is not a boolean")
        obligations = result.get("obligations", {})
        if not isinstance(obligations, dict):
            raise ValueError("obligations is not an object")
        return Decision(
            allow=result["allow"],
            reasons=_reasons(result.get("reasons", [])),
            obligations=obligations,
            decision_id=decision_id,
            path=path,
        )
    except ValueError as exc:
        log.error("malformed decision from %s: %s", path, exc)
        return Decision(
            allow=False,
            reasons=(Reason(MALFORMED_REASON_CODE, "Keputusan kebijakan tidak dapat dibaca; permintaan ditolak."),),
            decision_id=decision_id,
            path=path,
        )


class PolicyClient:
    """One long-lived connection pool to the sidecar. Use ``async with`` or call :meth:`start`/:meth:`close`."""

    def __init__(self, base_url: str, *, timeout: float = 0.5) -> None:
        parts = urlsplit(base_url)
        self._timeout = timeout
        self._opa = AsyncOpaClient(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 8181,
            ssl=parts.scheme == "https",
            retries=0,
            timeout=timeout,
            # OPA gzips an answer over 1 KiB for a client that accepts it, as aiohttp does by default: on loopback
            # that only costs CPU on both sides of every decision.
            headers={"Accept-Encoding": "identity"},
        )
        self._started = False

    async def start(self) -> None:
        if not self._started:
            await self._opa.__aenter__()
            self._started = True

    async def close(self) -> None:
        if self._started:
            await self._opa.close_connection()
            self._started = False

    async def __aenter__(self) -> PolicyClient:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def decide(self, path: str, input_document: dict[str, Any]) -> Decision:
        """Evaluate ``data.<path>`` (dotted, e.g. ``sikerja.org_admin.decision``) for ``input_document``."""
        await self.start()
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self._timeout):
                body = await self._opa.query_rule(input_data=input_document, package_path=path)
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
            raise PolicyUnavailable(f"OPA did not answer {path}: {type(exc).__name__}: {exc}") from exc
        decision = read_decision(body, path)
        log.info(
            "policy decision",
            extra={"decision": decision.as_audit_record(), "elapsed_ms": round((time.perf_counter() - started) * 1000, 2)},
        )
        return decision

    async def authorize(self, path: str, input_document: dict[str, Any]) -> Decision:
        """Like :meth:`decide`, but raise :class:`PolicyDenied` unless the decision allows."""
        decision = await self.decide(path, input_document)
        if not decision.allow:
            raise PolicyDenied(decision)
        return decision

    async def document(self, path: str) -> Any:
        """Read a data document the sidecar holds (e.g. ``sikerja.profiles.<id>``); ``None`` when undefined."""
        await self.start()
        try:
            async with asyncio.timeout(self._timeout * 4):
                body = await self._opa.query_rule(input_data={}, package_path=path)
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as exc:
            raise PolicyUnavailable(f"OPA did not answer {path}: {type(exc).__name__}: {exc}") from exc
        return body.get("result")

    async def healthy(self) -> bool:
        try:
            async with asyncio.timeout(self._timeout):
                await self.start()
                return await self._opa.check_health()
        except Exception:  # noqa: BLE001 - health is a yes/no question
            return False
