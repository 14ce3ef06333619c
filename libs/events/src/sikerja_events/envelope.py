from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
_TYPE_PATTERN = re.compile(r"^id\.sikerja\.[a-z_]+(\.[a-z_]+)+\.v[0-9]+$")


class InvalidEvent(ValueError):
    """Raised when bytes on a topic are not a valid Sikerja CloudEvent."""


def event_type(domain: str, name: str, version: int = 1) -> str:
    """Build a versioned, past-tense event type, e.g. ``id.sikerja.org.instansi_registered.v1``."""
    value = f"id.sikerja.{domain}.{name}.v{version}"
    if not _TYPE_PATTERN.match(value):
        raise ValueError(f"not a valid event type: {value!r}")
    return value


class CloudEvent(BaseModel):
    """A CloudEvents 1.0 envelope with Sikerja's extension attributes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(default_factory=lambda: str(uuid.uuid4()), min_length=1)
    source: str = Field(min_length=1)
    type: str
    subject: str | None = None
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str | None = None
    instansi: str | None = None
    correlationid: str | None = None
    traceparent: str | None = None
    data: dict[str, Any]

    @field_validator("type")
    @classmethod
    def _versioned_type(cls, value: str) -> str:
        if not _TYPE_PATTERN.match(value):
            raise ValueError("type must look like id.sikerja.<domain>.<name>.v<N>")
        return value

    @field_validator("time")
    @classmethod
    def _aware_time(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("time must carry a timezone")
        return value


def encode_event(event: CloudEvent) -> bytes:
    return event.model_dump_json(exclude_none=True).encode()


def _json_default(value: Any) -> str:
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_default)


def encode_envelope(
    *,
    id: str,  # noqa: A002 - the CloudEvents attribute's name
    source: str,
    type: str,  # noqa: A002 - the CloudEvents attribute's name
    time: datetime,
    data: dict[str, Any],
    subject: str | None = None,
    instansi: str | None = None,
    correlationid: str | None = None,
    traceparent: str | None = None,
) -> bytes:
    """The bytes :func:`encode_event` gives for ``CloudEvent(...)`` with these attributes, without building the model.

    For producers that stage many events at once and already guarantee valid attributes (a type made with
    :func:`event_type`, an aware ``time``, JSON-ready ``data``): nothing is validated here.
    """
    body: dict[str, Any] = {"specversion": "1.0", "id": id, "source": source, "type": type}
    if subject is not None:
        body["subject"] = subject
    body["time"] = _iso(time)
    body["datacontenttype"] = "application/json"
    if instansi is not None:
        body["instansi"] = instansi
    if correlationid is not None:
        body["correlationid"] = correlationid
    if traceparent is not None:
        body["traceparent"] = traceparent
    body["data"] = data
    return _ENCODER.encode(body).encode()


def decode_event(raw: bytes | str) -> CloudEvent:
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidEvent(f"body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise InvalidEvent("body is not a JSON object")
    try:
        return CloudEvent.model_validate(body)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())
        raise InvalidEvent(reasons) from exc
