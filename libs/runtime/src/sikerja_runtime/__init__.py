"""The process shell every Sikerja service runs in.

A service supplies its routers, its tables and its event consumers; :class:`ServiceRuntime` owns the plumbing
(database, Kafka broker with an idempotent producer, outbox relay, OPA client, token verifier) and
:func:`create_http_app` wraps it all in a FastAPI app with problem+json errors, correlation ids, metrics,
``/healthz``, ``/readyz`` and the service's AsyncAPI document.
"""

from sikerja_runtime.app import create_http_app
from sikerja_runtime.principal import current_principal
from sikerja_runtime.runtime import ServiceRuntime
from sikerja_runtime.settings import ServiceSettings

__all__ = ["ServiceRuntime", "ServiceSettings", "create_http_app", "current_principal"]
