"""Facts the organisation records. Past tense; the adapters give them their wire form."""

from __future__ import annotations

from dataclasses import dataclass


class Event:
    """Marker base class for domain events."""


@dataclass(frozen=True)
class InstansiRegistered(Event):
    instansi_id: str
    code: str
    name: str
    kind: str
    regulation_profile: str
