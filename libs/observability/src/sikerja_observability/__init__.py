"""Logs, metrics and health for one service process.

- :func:`configure_logging`: one JSON object per line, with the service name and the current correlation id.
- :data:`CORRELATION_HEADER` / :func:`correlation_scope`: a correlation id taken from ``X-Correlation-ID`` (or made
  up), kept in a context variable, returned on the response and copied into the events a request causes.
- :func:`install_http_observability`: the correlation middleware, request metrics, ``/metrics``, ``/healthz`` and
  ``/readyz`` (each readiness check is a named coroutine; any failure makes ``/readyz`` answer 503).
"""

from sikerja_observability.correlation import (
    CORRELATION_HEADER,
    correlation_scope,
    current_correlation_id,
)
from sikerja_observability.http import ReadinessCheck, install_http_observability
from sikerja_observability.logs import configure_logging

__all__ = [
    "CORRELATION_HEADER",
    "ReadinessCheck",
    "configure_logging",
    "correlation_scope",
    "current_correlation_id",
    "install_http_observability",
]
