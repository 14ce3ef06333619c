from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
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
