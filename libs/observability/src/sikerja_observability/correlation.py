from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

CORRELATION_HEADER = "X-Correlation-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_current: ContextVar[str | None] = ContextVar("sikerja_correlation_id", default=None)


def current_correlation_id() -> str | None:
    return _current.get()


def accept_or_create(candidate: str | None) -> str:
    """Keep a caller's correlation id when it is sane, otherwise make a new one (never echo arbitrary input)."""
    if candidate and _VALID.match(candidate):
        return candidate
    return uuid.uuid4().hex


@contextmanager
def correlation_scope(correlation_id: str | None) -> Iterator[str]:
    value = accept_or_create(correlation_id)
    token = _current.set(value)
    try:
        yield value
    finally:
        _current.reset(token)
