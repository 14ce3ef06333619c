from __future__ import annotations

from dataclasses import dataclass

from org_registry.domain.model import InstansiKind


@dataclass(frozen=True)
class RegisterInstansi:
    code: str
    name: str
    kind: InstansiKind
    regulation_profile: str
