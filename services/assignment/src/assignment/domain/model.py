"""assignment's domain. So far only what it knows of other services' facts; penugasan arrives with its own issue."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InstansiRules:
    """An instansi as assignment sees it: which regulation profile governs its penugasan."""

    instansi_id: str
    name: str
    regulation_profile: str
