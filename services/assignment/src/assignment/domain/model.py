"""What assignment knows of an instansi from org-registry's events."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InstansiRules:
    """An instansi as assignment sees it: which regulation profile governs its penugasan."""

    instansi_id: str
    name: str
    regulation_profile: str
    code: str | None = None
